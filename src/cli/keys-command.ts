import type { Command } from 'commander';
import { ipKeyFilePath, loadOrCreateIpKeys, retireIpKey, rotateIpKey } from '../privacy/ip-key-store.ts';
import { resolveSettings } from '../settings/resolve-settings.ts';
import type { SharedServerState } from '../store/shared-server-state.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';

/** `wildchat keys list|rotate|retire`: manage the secret keys of the IP hash (see docs/privacy.md). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage the secret keys that hash client IPs.');

  addSettingOptions(keys.command('list').description('Show the key ids, their creation times and which one is current (never the keys).'), 'keys').action(
    async (options: Record<string, unknown>) => {
      const { dataDir, databaseUrl } = locationFrom(options);
      const ring = databaseUrl === null ? await loadOrCreateIpKeys(dataDir) : await withSharedState(databaseUrl, (shared) => shared.loadOrCreateIpKeys());
      for (const key of ring.keys) {
        process.stdout.write(`${key.id}\t${key.createdAt}${key.id === ring.currentKeyId ? '\tcurrent' : ''}\n`);
      }
    },
  );

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

  addSettingOptions(
    keys
      .command('retire')
      .argument('<key-id>', 'the old key to retire, e.g. k1')
      .option('--force', 'retire even while conversations hashed with it are still inside the review window')
      .description(
        'Delete an old key for good, so a later leak of the key file cannot de-anonymise hashes made with it. Refused for the current key, ' +
          'and while stored conversations hashed with it are still inside the review window (not yet releasable).',
      ),
    'keys',
  ).action(async (keyId: string, options: Record<string, unknown>) => {
    const location = locationFrom(options);
    const ring =
      location.databaseUrl === null
        ? await loadOrCreateIpKeys(location.dataDir)
        : await withSharedState(location.databaseUrl, (shared) => shared.loadOrCreateIpKeys());
    if (keyId === ring.currentKeyId) throw new CliError(`${keyId} is the current key; run \`wildchat keys rotate\` first`);
    if (!ring.keys.some((key) => key.id === keyId)) throw new CliError(`no IP key ${keyId} (have: ${ring.keys.map((key) => key.id).join(', ')})`);
    const { reviewWindow } = resolveSettings('keys', options, process.env);
    const waiting = await conversationsAwaitingRelease(location, keyId, Date.now() - Number(reviewWindow) * 86_400_000);
    if (waiting > 0 && options.force !== true) {
      throw new CliError(
        `${waiting} stored conversation(s) hashed with ${keyId} are still inside the review window; retire after releasing them (or pass --force)`,
      );
    }
    if (location.databaseUrl !== null) {
      await withSharedState(location.databaseUrl, (shared) => shared.retireIpKey(keyId));
      process.stdout.write(`retired IP key ${keyId}; its secret is gone from the database, and running servers drop it within 5 s\n`);
      return;
    }
    await retireIpKey(location.dataDir, keyId);
    process.stdout.write(`retired IP key ${keyId}; its secret is gone from ${ipKeyFilePath(location.dataDir)}\n`);
  });
}

/** Conversations of consents still active whose turns used the key and whose last activity is after the cutoff. */
async function conversationsAwaitingRelease(location: StoreLocation, keyId: string, cutoff: number): Promise<number> {
  const { openStoreAt } = await import('../store/open-store.ts');
  const store = await openStoreAt(location);
  try {
    let waiting = 0;
    for await (const batch of store.iterateConversations()) {
      for (const stored of batch) {
        if (stored.consent.withdrawnAt !== null) continue;
        const usesKey = stored.consent.context.ipKeyId === keyId || stored.turns.some((turn) => turn.request.ipKeyId === keyId);
        if (!usesKey) continue;
        let lastActivity = stored.conversation.updatedAt;
        for (const turn of stored.turns) lastActivity = Math.max(lastActivity, turn.completedAt ?? turn.receivedAt);
        if (lastActivity > cutoff) waiting += 1;
      }
    }
    return waiting;
  } finally {
    await store.close();
  }
}

interface StoreLocation {
  dataDir: string;
  databaseUrl: string | null;
}

function locationFrom(options: Record<string, unknown>): StoreLocation {
  const { dataDir, databaseUrl } = resolveSettings('keys', options, process.env);
  if (typeof dataDir !== 'string') throw new Error('dataDir has a default, so it is always a string');
  return { dataDir, databaseUrl: typeof databaseUrl === 'string' && databaseUrl.trim() !== '' ? databaseUrl : null };
}

/** With --database-url the key ring lives in the database, shared by every instance. */
async function withSharedState<T>(databaseUrl: string, body: (shared: SharedServerState) => Promise<T>): Promise<T> {
  const { openStoreAt } = await import('../store/open-store.ts');
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
