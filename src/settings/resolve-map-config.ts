/** Typed configs of `wildchat embed` and `wildchat map`, from the settings table. */
import { resolveSettings, SettingError, type ResolveContext } from './resolve-settings.ts';

export type EmbedBackendChoice = 'hashed-ngram' | 'openai-compatible';
export type EmbedTextRule = 'first-user-turn' | 'all-user-turns';

interface CommonMapConfig {
  dataDir: string;
  raw: boolean;
  operatorToken: string | null;
  upstreamUrl: string;
  upstreamKey: string | null;
  textRule: EmbedTextRule;
}

export interface EmbedConfig extends CommonMapConfig {
  backend: EmbedBackendChoice;
  embeddingModel: string;
  replace: boolean;
}

export interface MapConfig extends CommonMapConfig {
  mapName: string | null;
  language: string | null;
  k: number;
  labelModel: string | null;
  seed: number;
}

export const MIN_OPERATOR_TOKEN_LENGTH = 24;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function common(settings: Record<string, unknown>): CommonMapConfig {
  const raw = settings.raw === true;
  const operatorToken = text(settings.operatorToken);
  if (raw && (operatorToken === null || operatorToken.length < MIN_OPERATOR_TOKEN_LENGTH)) {
    throw new SettingError(
      'operatorToken',
      `--raw reads unredacted collected logs: set --operator-token (or WILDCHAT_OPERATOR_TOKEN) to a secret of at least ${MIN_OPERATOR_TOKEN_LENGTH} characters`,
    );
  }
  return {
    dataDir: text(settings.dataDir) ?? './wildchat-data',
    raw,
    operatorToken: raw ? operatorToken : null,
    upstreamUrl: text(settings.upstreamUrl) ?? 'https://api.openai.com/v1',
    upstreamKey: text(settings.upstreamKey),
    textRule: settings.text === 'all-user-turns' ? 'all-user-turns' : 'first-user-turn',
  };
}

export function resolveEmbedConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context?: ResolveContext,
): EmbedConfig {
  const settings = resolveSettings('embed', options, env, context) as Record<string, unknown>;
  return {
    ...common(settings),
    backend: settings.backend === 'openai-compatible' ? 'openai-compatible' : 'hashed-ngram',
    embeddingModel: text(settings.embeddingModel) ?? 'text-embedding-3-small',
    replace: settings.replace === true,
  };
}

export function resolveMapConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context?: ResolveContext,
): MapConfig {
  const settings = resolveSettings('map', options, env, context) as Record<string, unknown>;
  return {
    ...common(settings),
    mapName: text(settings.mapName),
    language: text(settings.language),
    k: Number(settings.minClusterUsers ?? 25),
    labelModel: text(settings.labelModel),
    seed: Number(settings.seed ?? 1),
  };
}
