import { resolveSettingsTable, SettingError, type ResolveContext } from './resolve-settings.ts';
import { serveSettings, type ServeConfig } from './serve-settings.ts';

/** The `serve` settings from flags (commander options), environment and defaults, checked. */
export function resolveServeConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): ServeConfig {
  const config: ServeConfig = resolveSettingsTable(serveSettings, 'serve', options, env, context);
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
  return config;
}
