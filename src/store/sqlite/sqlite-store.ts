/**
 * The SQLite Store, composed from its parts over one better-sqlite3 handle: the raw log
 * (consents, conversations, turns, tombstones), the imported datasets and the annotation cache.
 * One connection per process keeps writes serialised. The handle stays private: callers see only
 * the Store interface, so they cannot tell this adapter from another.
 */
import type { Database } from 'better-sqlite3';
import type { ConsentRecord, ConversationRecord, TombstoneRecord, TurnRecord } from '../../schema/raw-records.ts';
import type { AnnotationCache } from '../annotation-cache.ts';
import type { DatasetStore } from '../dataset-store.ts';
import type {
  ConversationSummary,
  DeletionResult,
  ConversationCursor,
  IterateOptions,
  ListOptions,
  NewConsent,
  NewConversation,
  NewTurn,
  Store,
  StoredConversation,
  TurnCompletion,
  TurnProgress,
} from '../store.ts';
import { SqliteAnnotationCache } from './sqlite-annotation-cache.ts';
import { SqliteDatasetStore } from './sqlite-dataset-store.ts';
import { SqliteRawLogStore, type SqliteRawLogStoreOptions } from './sqlite-raw-log-store.ts';

const handles = new WeakMap<SqliteStore, Database>();

/**
 * The handle under a SqliteStore, for the adapter's own tests and benchmarks (pragmas, table
 * checks). Code above src/store never needs it: everything it uses is on the Store interface.
 */
export function sqliteDatabaseOf(store: SqliteStore): Database {
  const database = handles.get(store);
  if (database === undefined) throw new Error('not an open SqliteStore');
  return database;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly path: string;
  readonly #database: Database;
  readonly #rawLog: SqliteRawLogStore;
  #datasets: SqliteDatasetStore | null = null;
  #annotations: SqliteAnnotationCache | null = null;

  constructor(database: Database, path: string, options: SqliteRawLogStoreOptions = {}) {
    this.#database = database;
    handles.set(this, database);
    this.#rawLog = new SqliteRawLogStore(database, options);
    this.path = path;
  }

  // Prepared on first use: a read-only handle on a raw-log-only file never needs their tables.
  get datasets(): DatasetStore {
    this.#datasets ??= new SqliteDatasetStore(this.#database);
    return this.#datasets;
  }

  get annotations(): AnnotationCache {
    this.#annotations ??= new SqliteAnnotationCache(this.#database);
    return this.#annotations;
  }

  createConsent(input: NewConsent): Promise<ConsentRecord> {
    return this.#rawLog.createConsent(input);
  }
  findConsentByTokenHash(tokenHash: string): Promise<ConsentRecord | null> {
    return this.#rawLog.findConsentByTokenHash(tokenHash);
  }
  replaceConsentTokenHash(consentId: string, tokenHash: string): Promise<void> {
    return this.#rawLog.replaceConsentTokenHash(consentId, tokenHash);
  }
  getConsent(id: string): Promise<ConsentRecord | null> {
    return this.#rawLog.getConsent(id);
  }
  createConversation(input: NewConversation): Promise<ConversationRecord> {
    return this.#rawLog.createConversation(input);
  }
  getConversation(id: string): Promise<ConversationRecord | null> {
    return this.#rawLog.getConversation(id);
  }
  listConversations(consentId: string, options?: ListOptions): Promise<ConversationSummary[]> {
    return this.#rawLog.listConversations(consentId, options);
  }
  countConversationsOfConsent(consentId: string, atMost: number): Promise<number> {
    return this.#rawLog.countConversationsOfConsent(consentId, atMost);
  }
  renameConversation(id: string, title: string, at: number): Promise<void> {
    return this.#rawLog.renameConversation(id, title, at);
  }
  deleteConversation(id: string, reason: TombstoneRecord['reason'], at: number): Promise<DeletionResult> {
    return this.#rawLog.deleteConversation(id, reason, at);
  }
  insertTurn(input: NewTurn): Promise<TurnRecord> {
    return this.#rawLog.insertTurn(input);
  }
  recordProgress(turnIdentifier: number, progress: TurnProgress): Promise<void> {
    return this.#rawLog.recordProgress(turnIdentifier, progress);
  }
  completeTurn(turnIdentifier: number, completion: TurnCompletion): Promise<void> {
    return this.#rawLog.completeTurn(turnIdentifier, completion);
  }
  getTurn(turnIdentifier: number): Promise<TurnRecord | null> {
    return this.#rawLog.getTurn(turnIdentifier);
  }
  getTurnPath(conversationId: string, lastTurnId: number, limit: number): Promise<TurnRecord[]> {
    return this.#rawLog.getTurnPath(conversationId, lastTurnId, limit);
  }
  listTurns(conversationId: string): Promise<TurnRecord[]> {
    return this.#rawLog.listTurns(conversationId);
  }
  markInterruptedTurns(): Promise<number> {
    return this.#rawLog.markInterruptedTurns();
  }
  findTurnByPathHash(consentId: string, pathHash: string): Promise<TurnRecord | null> {
    return this.#rawLog.findTurnByPathHash(consentId, pathHash);
  }
  deleteConsentData(consentId: string, at: number): Promise<DeletionResult> {
    return this.#rawLog.deleteConsentData(consentId, at);
  }
  listTombstones(): Promise<TombstoneRecord[]> {
    return this.#rawLog.listTombstones();
  }
  iterateConversations(options?: IterateOptions): AsyncIterable<StoredConversation[]> {
    return this.#rawLog.iterateConversations(options);
  }
  countConversations(): Promise<number> {
    return this.#rawLog.countConversations();
  }
  conversationCursors(every: number): Promise<ConversationCursor[]> {
    return this.#rawLog.conversationCursors(every);
  }
  collectedSnapshot(): Promise<number[]> {
    return this.#rawLog.collectedSnapshot();
  }
  countActivityBetween(low: number, high: number): Promise<number> {
    return this.#rawLog.countActivityBetween(low, high);
  }

  /** See SqliteRawLogStore.scrubDeletedPages. */
  scrubDeletedPages(): boolean {
    return this.#rawLog.scrubDeletedPages();
  }

  /** Idempotent. Closing the last connection checkpoints the WAL into the main file. */
  async close(): Promise<void> {
    this.#rawLog.stopBackgroundWork();
    if (this.#database.open) this.#database.close();
  }
}
