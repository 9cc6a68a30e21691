import { resolveSettingsTable, SettingError, type ResolveContext } from './resolve-settings.ts';
import { protectionSettings } from './protection-settings.ts';
import { serveSettings, type ServeConfig } from './serve-settings.ts';
import { parseCidrList } from '../privacy/cidr.ts';
import { parseModelTokenLimits } from './model-token-limits.ts';

/** The `serve` settings from flags (commander options), environment and defaults, checked. */
export function resolveServeConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): ServeConfig {
  const config: ServeConfig = {
    ...resolveSettingsTable(serveSettings, 'serve', options, env, context),
    ...resolveSettingsTable(protectionSettings, 'serve', options, env, context),
  };
  let url: URL | null = null;
  try {
    url = new URL(config.upstreamUrl);
  } catch {
    url = null;
  }
  // The URL is not quoted: it may carry credentials (https://user:password@host).
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new SettingError('upstreamUrl', 'Invalid upstreamUrl: expected an http:// or https:// URL, such as https://api.openai.com/v1.');
  }
  if (config.clientIpHeader.trim().length === 0 || !/^[A-Za-z0-9-]+$/.test(config.clientIpHeader.trim())) {
    throw new SettingError('clientIpHeader', `Invalid clientIpHeader: expected a header name such as x-forwarded-for.`);
  }
  if (config.metricsToken != null && !/^[A-Za-z0-9_\-.~+/=]{16,200}$/.test(config.metricsToken)) {
    throw new SettingError('metricsToken', 'Invalid metricsToken: use 16 to 200 characters of letters, digits and -._~+/= (e.g. openssl rand -hex 24).');
  }
  if (config.modelTokenLimits != null) {
    try {
      parseModelTokenLimits(config.modelTokenLimits);
    } catch (error) {
      throw new SettingError('modelTokenLimits', `Invalid modelTokenLimits: ${(error as Error).message}`);
    }
  }
  if (config.trustedProxies != null) {
    try {
      parseCidrList(config.trustedProxies);
    } catch (error) {
      throw new SettingError('trustedProxies', `Invalid trustedProxies: ${(error as Error).message}`);
    }
  }
  return config;
}
