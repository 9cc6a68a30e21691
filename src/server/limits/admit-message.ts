/**
 * The checks every new user message passes before anything is stored or sent upstream, in order:
 * kill switch (503), shutdown (503), content (400 empty / 413 too long), conversation length (400),
 * then the per-client rate and stream limits (429 + Retry-After). On success the caller holds one
 * stream slot, which the turn runner releases.
 */
import type { Context } from 'hono';
import type { RequestContext } from '../../schema/raw-records.ts';
import { ApiError } from '../responses/api-error.ts';
import type { UpstreamLease, UpstreamRequestPlan } from './cost-controls.ts';
import { describeSender } from '../requests/request-context.ts';
import type { ServerServices } from '../app/server-services.ts';
import { wellFormed } from '../requests/well-formed.ts';

export interface AdmittedMessage {
  request: RequestContext;
  limiterKey: string;
}

export interface AdmittedUpstreamCall extends AdmittedMessage {
  lease: UpstreamLease;
}

export function assertAcceptingMessages(services: ServerServices): void {
  const disabledMessage = services.deps.config.disabledMessage;
  if (disabledMessage !== null && disabledMessage !== '') {
    services.metrics.refusals.inc({ reason: 'service_disabled' });
    throw new ApiError(503, 'service_disabled', disabledMessage);
  }
  const budgetMessage = services.costs.budgetMessage();
  if (budgetMessage !== null) {
    services.metrics.refusals.inc({ reason: 'budget_exhausted' });
    throw new ApiError(503, 'service_disabled', budgetMessage, { retryAfterSeconds: services.costs.budget.secondsUntilNextDay() });
  }
  if (services.turns.isClosing) throw new ApiError(503, 'shutting_down', 'The server is restarting. Please try again shortly.');
}

/** Lone surrogates are replaced so that the stored text is valid Unicode. */
export function checkUserContent(services: ServerServices, content: string): string {
  if (content.trim() === '') throw new ApiError(400, 'empty_message', 'The message is empty.');
  const maxChars = services.deps.config.maxMessageChars;
  if (content.length > maxChars && codePointLength(content) > maxChars) {
    throw new ApiError(413, 'message_too_long', `The message is longer than ${maxChars} characters.`);
  }
  return wellFormed(content);
}

function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    count += 1;
  }
  return count;
}

/** `turnCount` includes the new turn. */
export function checkConversationLength(services: ServerServices, turnCount: number): void {
  const maxTurns = services.deps.config.maxTurns;
  if (turnCount > maxTurns) throw new ApiError(400, 'conversation_too_long', `Conversations are limited to ${maxTurns} turns; please start a new one.`);
}

export async function admitMessage(c: Context, services: ServerServices): Promise<AdmittedMessage> {
  const { request, limiterKey, networkKey } = describeSender(c, services.deps);
  services.costs.takeNetwork(networkKey);
  const decision = await services.limiter.admit(limiterKey);
  if (!decision.allowed) {
    services.metrics.refusals.inc({ reason: decision.reason });
    const message =
      decision.reason === 'rate_limited'
        ? 'Too many messages; please wait a moment.'
        : 'Too many replies are streaming at once; please wait for one to finish.';
    throw new ApiError(429, decision.reason, message, { retryAfterSeconds: decision.retryAfterSeconds });
  }
  return { request, limiterKey };
}

/**
 * admitMessage plus the cost controls: free disk first, then the per-client limits, then prompt
 * size, max_tokens, budget and a slot of the global upstream cap (which may wait). On success the
 * caller holds a stream slot and the lease; both are released by the turn runner.
 */
export async function admitUpstreamCall(c: Context, services: ServerServices, plan: UpstreamRequestPlan): Promise<AdmittedUpstreamCall> {
  await services.costs.assertDiskRoom();
  const admitted = await admitMessage(c, services);
  try {
    const lease = await services.costs.admit(plan);
    return { ...admitted, lease };
  } catch (caught) {
    services.limiter.releaseStream(admitted.limiterKey);
    throw caught;
  }
}
