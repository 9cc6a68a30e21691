/**
 * Limits on what a consent may make the server store: writes per minute, conversations kept, and
 * the history and system prompt a /v1 client may have stored with a turn.
 */
import type { ChatMessage } from '../../schema/raw-records.ts';
import { ApiError } from '../responses/api-error.ts';
import type { AppDeps } from '../app/app-deps.ts';
import type { ServerServices } from '../app/server-services.ts';

/** One write for this consent; 429 over --write-rate-limit-per-minute. */
export function takeWrite(services: Pick<ServerServices, 'writeLimiter' | 'metrics'>, consentId: string): void {
  const decision = services.writeLimiter.take(consentId);
  if (!decision.allowed) {
    services.metrics.refusals.inc({ reason: 'write_rate_limited' });
    throw new ApiError(429, 'rate_limited', 'Too many changes at once; please wait a moment.', { retryAfterSeconds: decision.retryAfterSeconds });
  }
}

/** 409 when the consent already keeps --max-conversations-per-consent conversations. */
export async function assertConversationRoom(
  services: Pick<ServerServices, 'protection' | 'metrics'> & { deps: Pick<AppDeps, 'store'> },
  consentId: string,
): Promise<void> {
  const cap = services.protection().maxConversationsPerConsent;
  if ((await services.deps.store.countConversationsOfConsent(consentId, cap)) >= cap) {
    services.metrics.refusals.inc({ reason: 'too_many_conversations' });
    throw new ApiError(409, 'too_many_conversations', `You can keep up to ${cap} conversations; please delete some first.`);
  }
}

/** History the server has not stored before is stored with the turn: cap it (413). */
export function checkStoredContext(
  services: Pick<ServerServices, 'protection' | 'metrics'>,
  systemPrompt: string | null,
  history: readonly ChatMessage[],
): void {
  const cap = services.protection().maxStoredContextChars;
  let chars = systemPrompt?.length ?? 0;
  for (const message of history) chars += message.content.length;
  if (chars > cap) {
    services.metrics.refusals.inc({ reason: 'context_too_long' });
    throw new ApiError(413, 'context_too_long', `The history and system prompt of a new conversation may hold up to ${cap} characters.`);
  }
}
