import type { Command } from 'commander';
import { ipKeyFilePath, loadOrCreateIpKeys, rotateIpKey } from '../privacy/ip-key-store.ts';
import { resolveSettings } from '../settings/resolve-settings.ts';
import { addSettingOptions } from './add-setting-options.ts';

/** `wildchat keys list|rotate`: manage the secret keys of the IP hash (see docs/privacy.md). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage the secret keys that hash client IPs.');

  addSettingOptions(
    keys.command('list').description('Show the key ids, their creation times and which one is current (never the keys).'),
    'keys',
  ).action(async (options: Record<string, unknown>) => {
    const dataDir = dataDirFrom(options);
    const ring = await loadOrCreateIpKeys(dataDir);
    for (const key of ring.keys) {
      process.stdout.write(`${key.id}\t${key.createdAt}${key.id === ring.currentKeyId ? '\tcurrent' : ''}\n`);
    }
  });

  addSettingOptions(
    keys
      .command('rotate')
      .description(
        'Add a new current key. New requests hash with it; old keys stay in the key file so older hashes can still be compared. ' +
          'Restart running servers to pick it up.',
      ),
    'keys',
  ).action(async (options: Record<string, unknown>) => {
    const dataDir = dataDirFrom(options);
    const keyId = await rotateIpKey(dataDir);
    process.stdout.write(`new current IP key ${keyId} in ${ipKeyFilePath(dataDir)}\n`);
  });
}

function dataDirFrom(options: Record<string, unknown>): string {
  const { dataDir } = resolveSettings('keys', options, process.env);
  if (typeof dataDir !== 'string') throw new Error('dataDir has a default, so it is always a string');
  return dataDir;
}
