/**
 * What a benchmark client does before and around its measured requests: consent once, build the
 * three request kinds (straight to the double, the collector's /v1, the collector's native API) from
 * the same user message, and check a finished turn against the store.
 */
import { z } from 'zod';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import type { TurnRecord } from '../src/schema/raw-records.ts';
import type { BenchHttpClient, RequestSpec } from './collector-http-client.ts';
import { BENCH_MODEL } from './collector-processes.ts';

const termsSchema = z.object({ version: z.string() });
const consentSchema = z.object({ token: z.string().min(1) });
const conversationSchema = z.object({ conversation: z.object({ id: z.string() }) });
const completionSchema = z.object({
  id: z.string(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

/** The double answers "Echo: " followed by the last user message. */
export function expectedReply(userContent: string): string {
  return `Echo: ${userContent}`;
}

/** A distinct message per request; the double splits its reply into at most one piece per character. */
export function userMessage(label: string, index: number, minimumLength = 0): string {
  let message = `benchmark ${label} message ${index}: tell me about the weather on a quiet autumn afternoon by the sea, and the boats in the harbour`;
  while (message.length < minimumLength) message += ' and then tell me more about it';
  return message;
}

export async function consent(client: BenchHttpClient, port: number): Promise<string> {
  const terms = await client.json('GET', { port, path: '/api/terms' });
  if (terms.error !== null) throw new Error(`GET /api/terms failed: ${terms.error}`);
  const answer = await client.json('POST', { port, path: '/api/consent', body: { accepted: true, termsVersion: termsSchema.parse(terms.body).version } });
  if (answer.error !== null) throw new Error(`POST /api/consent failed: ${answer.error}`);
  return consentSchema.parse(answer.body).token;
}

/** Below the default --max-conversations-per-consent (500), which refuses a consent's next conversation with 409. */
const CONVERSATIONS_PER_BENCH_CONSENT = 400;

/**
 * The consents of one benchmark run. A real user keeps at most --max-conversations-per-consent
 * conversations, but one benchmark client starts tens of thousands, so it takes a new consent
 * before the cap is reached; each conversation stays with the token that created it.
 */
export class BenchConsents {
  #current: Promise<string> | null = null;
  #conversations = 0;

  constructor(
    private readonly client: BenchHttpClient,
    private readonly port: number,
  ) {}

  /** The token to start one new conversation with (a /v1 request without stored history, or POST /api/conversations). */
  forNewConversation(): Promise<string> {
    if (this.#current === null || this.#conversations >= CONVERSATIONS_PER_BENCH_CONSENT) {
      this.#current = consent(this.client, this.port);
      this.#conversations = 0;
    }
    this.#conversations++;
    return this.#current;
  }

  /** A new native conversation and the token that owns it. */
  async createConversation(): Promise<{ conversationId: string; token: string }> {
    const token = await this.forNewConversation();
    return { conversationId: await createConversation(this.client, this.port, token), token };
  }
}

export async function createConversation(client: BenchHttpClient, port: number, token: string): Promise<string> {
  const answer = await client.json('POST', { port, path: '/api/conversations', headers: { authorization: `Bearer ${token}` }, body: {} });
  if (answer.error !== null) throw new Error(`POST /api/conversations failed: ${answer.error}`);
  return conversationSchema.parse(answer.body).conversation.id;
}

/** The request the collector itself sends upstream for a one-message conversation. */
export function directRequest(doublePort: number, content: string): RequestSpec {
  return {
    port: doublePort,
    path: '/v1/chat/completions',
    body: { model: BENCH_MODEL, messages: [{ role: 'user', content }], stream: true, stream_options: { include_usage: true } },
  };
}

export function openAiRequest(collectorPort: number, token: string, content: string, stream = true): RequestSpec {
  return {
    port: collectorPort,
    path: '/v1/chat/completions',
    headers: { authorization: `Bearer ${token}` },
    body: { model: BENCH_MODEL, messages: [{ role: 'user', content }], stream },
  };
}

export function nativeRequest(collectorPort: number, token: string, conversationId: string, content: string, parentTurnId: number | null = null): RequestSpec {
  return {
    port: collectorPort,
    path: `/api/conversations/${conversationId}/messages`,
    headers: { authorization: `Bearer ${token}` },
    body: { content, parentTurnId },
  };
}

/** The stored turn id named by a non-streamed /v1 completion, or an error description. */
export function parseCompletion(body: unknown): { turnIdentifier: number; content: string } | string {
  const parsed = completionSchema.safeParse(body);
  if (!parsed.success) return 'unexpected completion shape';
  const match = /^chatcmpl-wildchat-(\d+)$/.exec(parsed.data.id);
  if (match?.[1] === undefined) return 'completion id does not name a stored turn';
  return { turnIdentifier: Number(match[1]), content: parsed.data.choices[0]?.message.content ?? '' };
}

/** Every turn in the store, read through the Store contract (as a release would read it). */
export async function readAllTurns(store: Store): Promise<Map<number, TurnRecord>> {
  const turns = new Map<number, TurnRecord>();
  for await (const batch of store.iterateConversations({ batchSize: 2000 })) {
    for (const stored of batch) for (const turn of stored.turns) turns.set(turn.turnIdentifier, turn);
  }
  return turns;
}

export interface StoreCheck {
  storedTurns: number;
  complete: number;
  /** Expected turns missing, not complete, or with other content than the client saw. */
  problems: string[];
}

/** Checks that each expected turn is stored, complete, and holds exactly the expected reply. */
export function checkTurns(turns: Map<number, TurnRecord>, expected: { turnIdentifier: number; userContent: string }[]): StoreCheck {
  const problems: string[] = [];
  for (const { turnIdentifier, userContent } of expected) {
    const turn = turns.get(turnIdentifier);
    if (turn === undefined) problems.push(`turn ${turnIdentifier} missing`);
    else if (turn.status !== 'complete') problems.push(`turn ${turnIdentifier} has status ${turn.status}`);
    else if (turn.userContent !== userContent) problems.push(`turn ${turnIdentifier} has another user message`);
    else if (turn.assistantContent !== expectedReply(userContent)) problems.push(`turn ${turnIdentifier} has incomplete or wrong reply content`);
  }
  let complete = 0;
  for (const turn of turns.values()) if (turn.status === 'complete') complete++;
  return { storedTurns: turns.size, complete, problems };
}

/**
 * After a collector process has stopped: reads its store once, checks each list of expected turns,
 * and deletes the run's data folder whatever happens.
 */
export async function checkStoredRun(
  collector: { dataDir: string; removeData(): void },
  ...expectedLists: { turnIdentifier: number; userContent: string }[][]
): Promise<StoreCheck[]> {
  const store = openStore(collector.dataDir);
  try {
    const turns = await readAllTurns(store);
    return expectedLists.map((expected) => checkTurns(turns, expected));
  } finally {
    await store.close();
    collector.removeData();
  }
}
