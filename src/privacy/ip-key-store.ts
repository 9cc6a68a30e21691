/**
 * The secret keys of the IP hash, kept in `<dataDir>/secrets/ip-hash-keys.json` (file 0600, folder 0700).
 *
 * Keys are never deleted by this code: rotation adds a new current key and keeps the old ones, so
 * hashes made earlier can still be recomputed and compared. An operator who deletes an old key makes
 * every hash made with it permanently unlinkable to any IP (a deliberate way to forget).
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const IP_KEY_FILE_NAME = 'ip-hash-keys.json';
const KEY_BYTES = 32;

const keyEntrySchema = z.object({
  id: z.string().regex(/^k[1-9][0-9]*$/),
  /** ISO 8601 time the key was generated. */
  createdAt: z.iso.datetime(),
  /** 32 random bytes, base64. */
  secret: z.base64().refine((value) => Buffer.from(value, 'base64').length === KEY_BYTES, 'a key must be 32 bytes'),
});

const keyFileSchema = z
  .object({
    version: z.literal(1),
    currentKeyId: z.string(),
    keys: z.array(keyEntrySchema).min(1),
    /** Ids of retired keys (their secrets are gone), so a later rotation never reuses an id. */
    retiredKeyIds: z.array(z.string().regex(/^k[1-9][0-9]*$/)).optional(),
  })
  .refine((file) => file.keys.some((key) => key.id === file.currentKeyId), 'currentKeyId names no key')
  .refine((file) => new Set(file.keys.map((key) => key.id)).size === file.keys.length, 'key ids repeat');

export type IpKeyFile = z.infer<typeof keyFileSchema>;

export interface IpKey {
  id: string;
  createdAt: string;
  secret: Buffer;
}

export interface IpKeyRing {
  currentKeyId: string;
  keys: IpKey[];
}

/** A problem with the key file that the operator must fix; the message never contains key material. */
export class IpKeyFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IpKeyFileError';
  }
}

export function ipKeyFilePath(dataDir: string): string {
  return path.join(dataDir, 'secrets', IP_KEY_FILE_NAME);
}

/** Reads the key ring, creating it with one fresh key on first run. */
export async function loadOrCreateIpKeys(dataDir: string, now: () => Date = () => new Date()): Promise<IpKeyRing> {
  const filePath = ipKeyFilePath(dataDir);
  const existing = await readKeyFile(filePath);
  if (existing !== null) return existing;

  await ensureSecretsFolder(filePath);
  const first = newKeyEntry('k1', now());
  const file: IpKeyFile = { version: 1, currentKeyId: first.id, keys: [first] };
  // link() refuses to overwrite, so two processes starting together agree on one key instead of
  // each hashing with a key the other one then replaces.
  const created = await writeKeyFile(filePath, file, 'create');
  if (!created) {
    const winner = await readKeyFile(filePath);
    if (winner === null) throw new IpKeyFileError(`IP key file ${filePath} vanished while it was being created`);
    return winner;
  }
  return toKeyRing(file);
}

/** Adds a new key and makes it current; returns its id. Old keys stay so old hashes can be recomputed. */
export async function rotateIpKey(dataDir: string, now: () => Date = () => new Date()): Promise<string> {
  const filePath = ipKeyFilePath(dataDir);
  await loadOrCreateIpKeys(dataDir, now);
  const file = await readKeyFileRaw(filePath);
  if (file === null) throw new IpKeyFileError(`IP key file ${filePath} vanished during rotation`);
  const highest = Math.max(...[...file.keys.map((key) => key.id), ...(file.retiredKeyIds ?? [])].map((id) => Number(id.slice(1))));
  const next = newKeyEntry(`k${highest + 1}`, now());
  const rotated: IpKeyFile = { ...file, currentKeyId: next.id, keys: [...file.keys, next] };
  await writeKeyFile(filePath, rotated, 'replace');
  return next.id;
}

/**
 * Removes an old key's secret from the key file for good, so a later leak of the file cannot
 * de-anonymise hashes made with it. The current key cannot be retired (rotate first).
 */
export async function retireIpKey(dataDir: string, keyId: string): Promise<void> {
  const filePath = ipKeyFilePath(dataDir);
  const file = await readKeyFileRaw(filePath);
  if (file === null) throw new IpKeyFileError(`there is no IP key file in ${dataDir}`);
  if (keyId === file.currentKeyId) throw new IpKeyFileError(`${keyId} is the current key; run \`wildchat keys rotate\` first`);
  if (!file.keys.some((key) => key.id === keyId)) throw new IpKeyFileError(`no IP key ${keyId} (have: ${file.keys.map((key) => key.id).join(', ')})`);
  const retired: IpKeyFile = {
    ...file,
    keys: file.keys.filter((key) => key.id !== keyId),
    retiredKeyIds: [...(file.retiredKeyIds ?? []), keyId],
  };
  await writeKeyFile(filePath, retired, 'replace');
}

async function readKeyFile(filePath: string): Promise<IpKeyRing | null> {
  const file = await readKeyFileRaw(filePath);
  return file === null ? null : toKeyRing(file);
}

async function readKeyFileRaw(filePath: string): Promise<IpKeyFile | null> {
  let mode: number;
  try {
    mode = (await stat(filePath)).mode;
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return null;
    throw new IpKeyFileError(`cannot read IP key file ${filePath}`, { cause: error });
  }
  if ((mode & 0o077) !== 0) {
    throw new IpKeyFileError(
      `IP key file ${filePath} is readable by other users (mode ${(mode & 0o777).toString(8)}); ` +
        `run \`chmod 600 ${filePath}\` and consider rotating the key, since it may have leaked`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(filePath, 'utf8'));
  } catch (error) {
    // The cause is dropped on purpose: JSON.parse errors quote the file, and the file holds secrets.
    throw new IpKeyFileError(`IP key file ${filePath} is not valid JSON (${error instanceof Error ? error.name : 'error'})`);
  }
  const result = keyFileSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`);
    throw new IpKeyFileError(`IP key file ${filePath} is malformed: ${problems.join('; ')}`);
  }
  return result.data;
}

function toKeyRing(file: IpKeyFile): IpKeyRing {
  return {
    currentKeyId: file.currentKeyId,
    keys: file.keys.map((key) => ({ id: key.id, createdAt: key.createdAt, secret: Buffer.from(key.secret, 'base64') })),
  };
}

function newKeyEntry(id: string, createdAt: Date): IpKeyFile['keys'][number] {
  return { id, createdAt: createdAt.toISOString(), secret: randomBytes(KEY_BYTES).toString('base64') };
}

async function ensureSecretsFolder(filePath: string): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
}

/**
 * Writes the file atomically: a temp file created 0600 (never briefly world-readable), flushed to
 * disk, then moved into place. Returns false in 'create' mode when the file already existed.
 */
async function writeKeyFile(filePath: string, file: IpKeyFile, mode: 'create' | 'replace'): Promise<boolean> {
  const temporaryPath = `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporaryPath, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
  try {
    try {
      // umask can only narrow the mode, but a chmod makes the 0600 independent of it.
      await handle.chmod(0o600);
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode === 'create') {
      try {
        await link(temporaryPath, filePath);
      } catch (error) {
        if (isErrorCode(error, 'EEXIST')) return false;
        throw error;
      }
    } else {
      await rename(temporaryPath, filePath);
    }
    await syncFolder(path.dirname(filePath));
    return true;
  } finally {
    await rm(temporaryPath, { force: true });
  }
}

/** Makes the rename itself durable (POSIX needs an fsync of the folder). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, fsConstants.O_RDONLY);
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on folders; the data is already synced, so this is best effort.
    if (!isErrorCode(error, 'EINVAL') && !isErrorCode(error, 'EISDIR')) throw error;
  } finally {
    await handle.close();
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
