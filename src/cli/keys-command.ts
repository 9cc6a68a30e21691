import type { Command } from 'commander';
import { ipKeyFilePath, loadOrCreateIpKeys, rotateIpKey } from '../privacy/ip-key-store.ts';
import { resolveSettings } from '../settings/resolve-settings.ts';
import { openStoreAt } from '../store/open-store.ts';
import type { SharedServerState } from '../store/shared-server-state.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';

/** `wildchat keys list|rotate`: manage the secret keys of the IP hash (see docs/privacy.md). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage the secret keys that hash client IPs.');

  addSettingOptions(
    keys.command('list').description('Show the key ids, their creation times and which one is current (never the keys).'),
    'keys',
  ).action(async (options: Record<string, unknown>) => {
    const { dataDir, databaseUrl } = locationFrom(options);
    const ring = databaseUrl === null ? await loadOrCreateIpKeys(dataDir) : await withSharedState(databaseUrl, (shared) => shared.loadOrCreateIpKeys());
    for (const key of ring.keys) {
      process.stdout.write(`${key.id}\t${key.createdAt}${key.id === ring.currentKeyId ? '\tcurrent' : ''}\n`);
    }
  });

  addSettingOptions(
    keys
      .command('rotate')
      .description(
        'Add a new current key. New requests hash with it; old keys stay in the key file so older hashes can still be compared. ' +
          'Restart running servers to pick it up (with --database-url every running server picks it up within 5 s).',
      ),
    'keys',
  ).action(async (options: Record<string, unknown>) => {
    const { dataDir, databaseUrl } = locationFrom(options);
    if (databaseUrl !== null) {
      const keyId = await withSharedState(databaseUrl, (shared) => shared.rotateIpKey());
      process.stdout.write(`new current IP key ${keyId} in the database; running servers pick it up within 5 s\n`);
      return;
    }
    const keyId = await rotateIpKey(dataDir);
    process.stdout.write(`new current IP key ${keyId} in ${ipKeyFilePath(dataDir)}\n`);
  });
}

function locationFrom(options: Record<string, unknown>): { dataDir: string; databaseUrl: string | null } {
  const { dataDir, databaseUrl } = resolveSettings('keys', options, process.env);
  if (typeof dataDir !== 'string') throw new Error('dataDir has a default, so it is always a string');
  return { dataDir, databaseUrl: typeof databaseUrl === 'string' && databaseUrl.trim() !== '' ? databaseUrl : null };
}

/** With --database-url the key ring lives in the database, shared by every instance. */
async function withSharedState<T>(databaseUrl: string, body: (shared: SharedServerState) => Promise<T>): Promise<T> {
  const store = await openStoreAt({ dataDir: '.', databaseUrl }).catch((error: unknown) => {
    throw new CliError(error instanceof Error ? error.message : 'cannot open the database', { cause: error });
  });
  try {
    if (store.sharedState === undefined) throw new CliError('this store keeps its keys in the data folder');
    return await body(store.sharedState);
  } finally {
    await store.close();
  }
}
