/**
 * The checks every new user message passes before anything is stored or sent upstream, in order:
 * kill switch (503), shutdown (503), content (400 empty / 413 too long), conversation length (400),
 * then the per-client rate and stream limits (429 + Retry-After). On success the caller holds a
 * TurnHold (stream slot and upstream lease), which the turn ends.
 */
import type { Context } from 'hono';
import type { RequestContext } from '../../schema/raw-records.ts';
import { ApiError } from '../responses/api-error.ts';
import type { UpstreamLease, UpstreamRequestPlan } from './cost-controls.ts';
import { describeSender, type SenderDeps } from '../requests/request-context.ts';
import type { AppDeps } from '../app/app-deps.ts';
import type { ServerServices } from '../app/server-services.ts';
import { isInvisible } from '../requests/invisible-text.ts';
import { wellFormed } from '../requests/well-formed.ts';
import { TurnHold } from './turn-hold.ts';

export interface AdmittedUpstreamCall {
  request: RequestContext;
  /** Ended by the turn, or by the caller if it gives up before starting one. */
  hold: TurnHold;
  lease: UpstreamLease;
}

/** The kill switch is read from the live config object, so a change at run time applies at once. */
export type AcceptingServices = Pick<ServerServices, 'metrics' | 'costs' | 'turns'> & { deps: Pick<AppDeps, 'config'> };

export type AdmissionServices = Pick<ServerServices, 'metrics' | 'costs' | 'limiter'> & { deps: SenderDeps };

export function assertAcceptingMessages(services: AcceptingServices): void {
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
export function checkUserContent(content: string, maxChars: number): string {
  if (isInvisible(content)) throw new ApiError(400, 'empty_message', 'The message is empty.');
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
export function checkConversationLength(turnCount: number, maxTurns: number): void {
  if (turnCount > maxTurns) throw new ApiError(400, 'conversation_too_long', `Conversations are limited to ${maxTurns} turns; please start a new one.`);
}

/** The per-client limits: takes a stream slot (held by the returned TurnHold) or refuses with 429. */
async function admitMessage(c: Context, services: AdmissionServices): Promise<{ request: RequestContext; hold: TurnHold }> {
  const { request, limiterKey, networkKey } = describeSender(c, services.deps);
  await services.costs.takeNetwork(networkKey);
  const decision = await services.limiter.admit(limiterKey);
  if (!decision.allowed) {
    services.metrics.refusals.inc({ reason: decision.reason });
    const message =
      decision.reason === 'rate_limited'
        ? 'Too many messages; please wait a moment.'
        : 'Too many replies are streaming at once; please wait for one to finish.';
    throw new ApiError(429, decision.reason, message, { retryAfterSeconds: decision.retryAfterSeconds });
  }
  return { request, hold: new TurnHold(services.limiter, limiterKey) };
}

/**
 * admitMessage plus the cost controls: free disk first, then the per-client limits, then prompt
 * size, max_tokens, budget and a slot of the global upstream cap (which may wait). On success the
 * caller holds the TurnHold, which the turn ends.
 */
export async function admitUpstreamCall(c: Context, services: AdmissionServices, plan: UpstreamRequestPlan): Promise<AdmittedUpstreamCall> {
  await services.costs.assertDiskRoom();
  const { request, hold } = await admitMessage(c, services);
  const lease = hold.holdLease(await hold.endOnFailure(() => services.costs.admit(plan)));
  return { request, hold, lease };
}
