/**
 * The storage contract. SQLite implements it now (src/store/sqlite), PostgreSQL next; both must
 * pass the same contract suites (src/store/store.contract.ts, annotation-cache.contract.ts,
 * dataset-store.contract.ts). Every method is async so that a networked database fits the same
 * shape, and nothing above src/store asks which adapter it has.
 */
import type { AnnotationCache } from './annotation-cache.ts';
import type { DatasetStore } from './dataset-store.ts';
import type {
  ChatMessage,
  ConsentRecord,
  ConversationRecord,
  RequestContext,
  SamplingParams,
  TombstoneRecord,
  TurnError,
  TurnOrigin,
  TurnRecord,
  TurnStatus,
  Usage,
} from '../schema/raw-records.ts';
import type { ReleaseShardStore } from './release-shard-store.ts';
import type { SharedServerState } from './shared-server-state.ts';

export interface NewConsent {
  tokenHash: string;
  termsVersion: string;
  consentedAt: number;
  context: RequestContext;
}

export interface NewConversation {
  consentId: string;
  title?: string | null;
  systemPrompt?: string | null;
  source: 'native' | 'openai';
  createdAt: number;
}

export interface NewTurn {
  conversationId: string;
  consentId: string;
  parentTurnId: number | null;
  origin: TurnOrigin;
  contextMessages: ChatMessage[] | null;
  userContent: string;
  request: RequestContext;
  modelRequested: string;
  params: SamplingParams;
  receivedAt: number;
}

/** A periodic flush while the reply streams. */
export interface TurnProgress {
  assistantContent: string;
  firstTokenAt: number | null;
  /** When the last token in assistantContent arrived: an interrupted turn's completedAt. */
  lastTokenAt: number | null;
}

export interface TurnCompletion {
  assistantContent: string;
  status: Exclude<TurnStatus, 'pending' | 'streaming'>;
  finishReason: string | null;
  modelReported: string | null;
  upstreamId: string | null;
  upstreamCreated: number | null;
  systemFingerprint: string | null;
  usage: Usage | null;
  error: TurnError | null;
  firstTokenAt: number | null;
  completedAt: number;
  pathHash: string | null;
}

export interface ConversationSummary extends ConversationRecord {
  turnCount: number;
  lastModel: string | null;
}

export interface ListOptions {
  limit?: number;
  /** Return conversations updated strictly before this time (pagination cursor). */
  before?: number;
}

/** One conversation with everything a release or an export needs. */
export interface StoredConversation {
  conversation: ConversationRecord;
  consent: ConsentRecord;
  turns: TurnRecord[];
}

export interface IterateOptions {
  batchSize?: number;
  /** Only conversations created at or after this time. */
  since?: number;
  /** Only conversations created before this time. */
  until?: number;
  /** Only conversations after this one in creation order (a shard's start; see conversationCursors). */
  after?: ConversationCursor;
  /** At most this many conversations in all (a shard's length). */
  limit?: number;
}

/** A position in the creation order of conversations: (createdAt, id), compared in that order. */
export interface ConversationCursor {
  createdAt: number;
  id: string;
}

export interface DeletionResult {
  conversations: number;
  turns: number;
}

export interface RawLogStore {
  createConsent(input: NewConsent): Promise<ConsentRecord>;
  findConsentByTokenHash(tokenHash: string): Promise<ConsentRecord | null>;
  getConsent(id: string): Promise<ConsentRecord | null>;
  /**
   * Gives the consent a new token hash, so the old token stops working while the consent and its
   * data stay (a "forget this browser" sign-out; unlike withdrawal, the data may still be released).
   */
  replaceConsentTokenHash(consentId: string, tokenHash: string): Promise<void>;

  createConversation(input: NewConversation): Promise<ConversationRecord>;
  getConversation(id: string): Promise<ConversationRecord | null>;
  listConversations(consentId: string, options?: ListOptions): Promise<ConversationSummary[]>;
  /**
   * How many conversations the consent keeps, counting no further than `atMost` (the cap check on
   * every new conversation must not cost a sidebar listing).
   */
  countConversationsOfConsent(consentId: string, atMost: number): Promise<number>;
  renameConversation(id: string, title: string, at: number): Promise<void>;
  /** Deletes the conversation and its turns and leaves a tombstone. */
  deleteConversation(id: string, reason: TombstoneRecord['reason'], at: number): Promise<DeletionResult>;

  /** Commits the user message (status pending) before anything is sent upstream. */
  insertTurn(input: NewTurn): Promise<TurnRecord>;
  /** Flushes the partial reply (status becomes streaming). */
  recordProgress(turnIdentifier: number, progress: TurnProgress): Promise<void>;
  completeTurn(turnIdentifier: number, completion: TurnCompletion): Promise<void>;
  getTurn(turnIdentifier: number): Promise<TurnRecord | null>;
  listTurns(conversationId: string): Promise<TurnRecord[]>;
  /**
   * Marks turns left pending/streaming by a dead process as interrupted; returns how many. Their
   * completedAt is the last flushed token's time (receivedAt when none was flushed), never the
   * recovery time: the reply ended when the process died, not when the next one started.
   */
  markInterruptedTurns(): Promise<number>;
  /** The most recent final turn of this consent whose pathHash matches, for linking resent histories. */
  findTurnByPathHash(consentId: string, pathHash: string): Promise<TurnRecord | null>;

  /** Deletes every conversation of a consent, marks the consent withdrawn, leaves tombstones. */
  deleteConsentData(consentId: string, at: number): Promise<DeletionResult>;
  listTombstones(): Promise<TombstoneRecord[]>;

  /**
   * The turn `lastTurnId` and its ancestors, leaf first, in one round trip: follows parent links
   * while each turn exists and belongs to `conversationId`, and returns at most `limit` turns.
   * A chain cut short (the last element's parentTurnId is not null) means a missing or foreign
   * turn; an unknown `lastTurnId` gives an empty list.
   */
  getTurnPath(conversationId: string, lastTurnId: number, limit: number): Promise<TurnRecord[]>;

  /** Streams collected conversations (with consent and turns) in creation order. */
  iterateConversations(options?: IterateOptions): AsyncIterable<StoredConversation[]>;
  countConversations(): Promise<number>;
  /**
   * The conversations at positions every, 2 x every, ... of the creation order (1-based), so a
   * release can be split into shards of `every` conversations: shard i reads `after` cursor i-1.
   */
  conversationCursors(every: number): Promise<ConversationCursor[]>;
  /**
   * A cheap fingerprint of everything a release of the collected conversations reads (counts and
   * maxima of conversations, turns, tombstones, withdrawals): equal lists mean equal input.
   * Its length and meaning are the adapter's own; only equality is compared.
   */
  collectedSnapshot(): Promise<number[]>;
  /** Conversations updated plus turns active (completed or received) in the interval (low, high]. */
  countActivityBetween(low: number, high: number): Promise<number>;
}

export interface Store extends RawLogStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Imported datasets, in the same database. */
  readonly datasets: DatasetStore;
  /** Cached pipeline stage results, in the same database. */
  readonly annotations: AnnotationCache;
  /** Present when several server processes can share this store (PostgreSQL): keys, switches, rate limits. */
  readonly sharedState?: SharedServerState;
  /** Present when release shards can run in other processes on this store (PostgreSQL). */
  readonly releaseShards?: ReleaseShardStore;
  close(): Promise<void>;
}
