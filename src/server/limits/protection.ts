/** The protection settings of a running app: the caller's values over the table defaults. */
import { protectionSettings, type ProtectionConfig } from '../../settings/protection-settings.ts';
import { resolveSettingsTable } from '../../settings/resolve-settings.ts';
import type { ServeConfig } from '../../settings/serve-settings.ts';

let defaults: ProtectionConfig | null = null;
let protectionKeys: readonly (keyof ProtectionConfig)[] = [];

/** The table defaults (what a server gets when its caller sets nothing). */
export function defaultProtectionConfig(): ProtectionConfig {
  if (defaults === null) {
    defaults = resolveSettingsTable(protectionSettings, 'serve', {}, {});
    protectionKeys = Object.keys(defaults) as (keyof ProtectionConfig)[];
  }
  return defaults;
}

interface ResolvedProtection {
  /** The config's own values, key by key in protectionKeys order, when `merged` was built. */
  seen: unknown[];
  merged: Readonly<ProtectionConfig>;
}

/** Several reads per message: building the merged object each time was a few per cent of a turn's CPU. */
const resolved = new WeakMap<ServeConfig, ResolvedProtection>();

/**
 * Read per request (the config object may change at run time, like the kill switch): the merged
 * object is rebuilt whenever one of the config's protection values differs from the last call's.
 * The answer is shared between callers, so it is frozen.
 */
export function resolveProtection(config: ServeConfig): Readonly<ProtectionConfig> {
  const base = defaultProtectionConfig();
  const cached = resolved.get(config);
  if (cached !== undefined && unchanged(config, cached.seen)) return cached.merged;
  const merged: Record<string, unknown> = { ...base };
  const seen: unknown[] = [];
  for (const key of protectionKeys) {
    const value = config[key];
    seen.push(value);
    if (value !== undefined) merged[key] = value;
  }
  const frozen = Object.freeze(merged as ProtectionConfig);
  resolved.set(config, { seen, merged: frozen });
  return frozen;
}

function unchanged(config: ServeConfig, seen: readonly unknown[]): boolean {
  for (let index = 0; index < protectionKeys.length; index++) {
    if (config[protectionKeys[index]!] !== seen[index]) return false;
  }
  return true;
}
