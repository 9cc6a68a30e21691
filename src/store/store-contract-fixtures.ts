/**
 * Builders for the store contract suite: small valid inputs with everything overridable.
 * Adapter-neutral: nothing here knows which database is underneath.
 */
import type { RequestContext } from '../schema/raw-records.ts';
import type { NewConsent, NewConversation, NewTurn, Store, TurnCompletion } from './store.ts';

let tokenCounter = 0;

export function requestContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    hashedIp: 'a3f1c2d4e5b6a7f8',
    ipKeyId: 'key-1',
    country: 'Germany',
    state: 'Bavaria',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    acceptLanguage: 'de-DE,de;q=0.9,en;q=0.8',
    ...overrides,
  };
}

export function newConsent(overrides: Partial<NewConsent> = {}): NewConsent {
  tokenCounter += 1;
  return {
    tokenHash: `token-hash-${process.pid}-${tokenCounter}`,
    termsVersion: '2026-11-01',
    consentedAt: 1_700_000_000_000,
    context: requestContext(),
    ...overrides,
  };
}

export function newConversation(consentId: string, overrides: Partial<NewConversation> = {}): NewConversation {
  return { consentId, source: 'native', createdAt: 1_700_000_001_000, ...overrides };
}

export function newTurn(conversationId: string, consentId: string, overrides: Partial<NewTurn> = {}): NewTurn {
  return {
    conversationId,
    consentId,
    parentTurnId: null,
    origin: 'send',
    contextMessages: null,
    userContent: 'What is the capital of Australia?',
    request: requestContext(),
    modelRequested: 'gpt-4o-mini',
    params: { temperature: 0.7, top_p: 1 },
    receivedAt: 1_700_000_002_000,
    ...overrides,
  };
}

export function completion(overrides: Partial<TurnCompletion> = {}): TurnCompletion {
  return {
    assistantContent: 'The capital of Australia is Canberra.',
    status: 'complete',
    finishReason: 'stop',
    modelReported: 'gpt-4o-mini-2024-07-18',
    upstreamId: 'chatcmpl-abc123',
    upstreamCreated: 1_700_000_003,
    systemFingerprint: 'fp_0123456789',
    usage: { prompt_tokens: 14, completion_tokens: 9, total_tokens: 23 },
    error: null,
    firstTokenAt: 1_700_000_002_400,
    completedAt: 1_700_000_003_000,
    pathHash: 'path-hash-1',
    ...overrides,
  };
}

/** A consent with one conversation, the usual starting point. */
export async function seedConversation(store: Store, createdAt = 1_700_000_001_000) {
  const consent = await store.createConsent(newConsent());
  const conversation = await store.createConversation(newConversation(consent.id, { createdAt }));
  return { consent, conversation };
}

/** Inserts a turn and completes it; returns the stored final turn. */
export async function completedTurn(
  store: Store,
  conversationId: string,
  consentId: string,
  turnOverrides: Partial<NewTurn> = {},
  completionOverrides: Partial<TurnCompletion> = {},
) {
  const turn = await store.insertTurn(newTurn(conversationId, consentId, turnOverrides));
  await store.completeTurn(turn.turnIdentifier, completion(completionOverrides));
  const stored = await store.getTurn(turn.turnIdentifier);
  if (stored === null) throw new Error(`turn ${turn.turnIdentifier} vanished after completion`);
  return stored;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
