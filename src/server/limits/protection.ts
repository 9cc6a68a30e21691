/** The protection settings of a running app: the caller's values over the table defaults. */
import { protectionSettings, type ProtectionConfig } from '../../settings/protection-settings.ts';
import { resolveSettingsTable } from '../../settings/resolve-settings.ts';
import type { ServeConfig } from '../../settings/serve-settings.ts';

let defaults: ProtectionConfig | null = null;

/** The table defaults (what a server gets when its caller sets nothing). */
export function defaultProtectionConfig(): ProtectionConfig {
  defaults ??= resolveSettingsTable(protectionSettings, 'serve', {}, {});
  return defaults;
}

/** Read per request (the config object may change at run time, like the kill switch). */
export function resolveProtection(config: ServeConfig): ProtectionConfig {
  const base = defaultProtectionConfig();
  const merged: Record<string, unknown> = { ...base };
  for (const key of Object.keys(base) as (keyof ProtectionConfig)[]) {
    const value = config[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged as ProtectionConfig;
}
