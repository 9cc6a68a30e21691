/**
 * The anonymised profile's per-release secret: fresh random bytes that live only in this process
 * (so no two releases can be linked), or, when the operator asks, kept in a 0600 file so a re-run
 * is byte-identical and releases made with it can be linked.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { JobError } from './job-error.ts';

const SECRET_BYTES = 32;

export function releaseSecret(file: string | null): { secret: Uint8Array; linkable: boolean } {
  if (file === null) return { secret: randomBytes(SECRET_BYTES), linkable: false };
  let text: string | null = null;
  try {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) throw new JobError(`--release-secret-file ${file} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`);
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (error instanceof JobError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new JobError(`cannot read --release-secret-file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text !== null) {
    if (!/^[0-9a-f]{64}$/.test(text)) throw new JobError(`--release-secret-file ${file} does not hold a 64-hex-digit secret`);
    return { secret: Buffer.from(text, 'hex'), linkable: true };
  }
  const secret = randomBytes(SECRET_BYTES);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, linkable: true };
}
