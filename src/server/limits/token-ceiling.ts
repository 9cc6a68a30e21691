/**
 * Server-side max_tokens: a default when the client sets none and a ceiling it cannot exceed,
 * per model (--model-token-limits MODEL=DEFAULT/CEILING) or global.
 */
import type { SamplingParams } from '../../schema/raw-records.ts';
import { parseModelTokenLimits, type TokenLimits } from '../../settings/model-token-limits.ts';
import type { ProtectionConfig } from '../../settings/protection-settings.ts';

export type { TokenLimits } from '../../settings/model-token-limits.ts';

export function tokenLimitsFor(protection: ProtectionConfig, model: string): TokenLimits {
  const perModel = protection.modelTokenLimits === null ? undefined : parseModelTokenLimits(protection.modelTokenLimits).get(model);
  if (perModel !== undefined) return perModel;
  return { defaultMaxTokens: Math.min(protection.maxTokensDefault, protection.maxTokensCeiling), ceiling: protection.maxTokensCeiling };
}

/** The params as forwarded (and recorded): max_tokens always set, never above the ceiling. */
export function withTokenCeiling(params: SamplingParams, limits: TokenLimits): SamplingParams {
  const asked = params.max_tokens;
  const maxTokens = asked === undefined || asked === null ? limits.defaultMaxTokens : Math.min(asked, limits.ceiling);
  return { ...params, max_tokens: maxTokens };
}
