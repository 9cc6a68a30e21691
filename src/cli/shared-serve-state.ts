/**
 * What a serve process shares with its peers when the store can be shared (PostgreSQL): the IP
 * key ring from the database (reloaded so a rotation reaches every instance), and the kill switch
 * (polled, so one set through the admin endpoint of any instance is seen by all within a second).
 * With SQLite (one process) the keys stay in the data folder and the switch in memory.
 */
import type { Logger } from 'pino';
import { HmacIpHasher, loadOrCreateIpHasher, type KeyedIpHasher } from '../privacy/hmac-ip-hasher.ts';
import type { KillSwitch } from '../server/app/app-deps.ts';
import type { ServeConfig } from '../settings/serve-settings.ts';
import type { SharedServerState } from '../store/shared-server-state.ts';
import type { Store } from '../store/store.ts';

/** The switch row that holds the kill-switch banner. */
export const KILL_SWITCH_NAME = 'disabled_message';
const SWITCH_POLL_MILLISECONDS = 400;
const KEY_POLL_MILLISECONDS = 5_000;

export interface SharedServeState {
  ipHasher: KeyedIpHasher;
  killSwitch: KillSwitch;
  stop(): void;
}

/** Hashes with the ring it last loaded; `reload` swaps in a newer ring (a rotation by another instance). */
class ReloadingIpHasher implements KeyedIpHasher {
  #inner: HmacIpHasher;
  constructor(inner: HmacIpHasher) {
    this.#inner = inner;
  }
  get currentKeyId(): string {
    return this.#inner.currentKeyId;
  }
  get keyIds(): readonly string[] {
    return this.#inner.keyIds;
  }
  hash(ip: string): { hashedIp: string; keyId: string } {
    return this.#inner.hash(ip);
  }
  hashWithKey(ip: string, keyId: string): string {
    return this.#inner.hashWithKey(ip, keyId);
  }
  replace(inner: HmacIpHasher): void {
    this.#inner = inner;
  }
}

export async function openSharedServeState(store: Store, config: ServeConfig, logger: Logger): Promise<SharedServeState> {
  const shared = store.sharedState;
  if (shared === undefined) {
    return {
      ipHasher: await loadOrCreateIpHasher(config.dataDir),
      killSwitch: {
        async set(message) {
          config.disabledMessage = message;
        },
      },
      stop: () => undefined,
    };
  }
  return openDatabaseState(shared, config, logger);
}

async function openDatabaseState(shared: SharedServerState, config: ServeConfig, logger: Logger): Promise<SharedServeState> {
  const hasher = new ReloadingIpHasher(new HmacIpHasher(await shared.loadOrCreateIpKeys()));
  // The banner from the settings applies until an operator sets or clears one at run time.
  const configured = config.disabledMessage;
  const applySwitch = async (): Promise<void> => {
    const value = await shared.readSwitch(KILL_SWITCH_NAME);
    // An empty value is an explicit "on again", overriding a configured banner.
    config.disabledMessage = value === null ? configured : value === '' ? null : value;
  };
  await applySwitch();
  let warned = false;
  const switchTimer = setInterval(() => {
    applySwitch().then(
      () => (warned = false),
      () => {
        // The database is away: keep the last known state, say so once.
        if (!warned) logger.warn('cannot read the kill switch from the database; keeping the last known state');
        warned = true;
      },
    );
  }, SWITCH_POLL_MILLISECONDS);
  switchTimer.unref();
  const keyTimer = setInterval(() => {
    shared.loadOrCreateIpKeys().then(
      (ring) => {
        if (ring.currentKeyId !== hasher.currentKeyId || ring.keys.length !== hasher.keyIds.length) {
          hasher.replace(new HmacIpHasher(ring));
          logger.info({ ipKeyId: ring.currentKeyId }, 'IP key ring reloaded from the database');
        }
      },
      () => undefined,
    );
  }, KEY_POLL_MILLISECONDS);
  keyTimer.unref();
  return {
    ipHasher: hasher,
    killSwitch: {
      async set(message, at) {
        await shared.writeSwitch(KILL_SWITCH_NAME, message ?? '', at);
        config.disabledMessage = message;
      },
    },
    stop() {
      clearInterval(switchTimer);
      clearInterval(keyTimer);
    },
  };
}
