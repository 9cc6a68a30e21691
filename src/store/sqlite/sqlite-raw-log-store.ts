/**
 * RawLogStore over one better-sqlite3 handle. The writes of the collection hot path (new
 * conversations, turns, progress, completions) go through a group commit: those queued in one turn
 * of the event loop share one transaction, and each promise settles after that commit, so a write
 * has committed by the time the caller's await resumes. Reads see committed data only. Other
 * writes (consents, renames, deletions) first commit the queue, then run at once.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from 'better-sqlite3';
import type { ConsentRecord, ConversationRecord, TombstoneRecord, TurnRecord } from '../../schema/raw-records.ts';
import type {
  ConversationCursor,
  ConversationSummary,
  DeletionResult,
  IterateOptions,
  ListOptions,
  NewConsent,
  NewConversation,
  NewTurn,
  RawLogStore,
  StoredConversation,
  TurnCompletion,
  TurnProgress,
} from '../store.ts';
import { consentFromRow, conversationFromRow, jsonOrNull, tombstoneFromRow, turnFromRow } from './raw-log-rows.ts';
import type { ConsentRow, TurnRow } from './raw-log-rows.ts';
import { prepareRawLogStatements } from './raw-log-statements.ts';
import type { RawLogStatements } from './raw-log-statements.ts';
import { SqliteWriteBatcher } from './sqlite-write-batcher.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import { CONVERSATION_CURSORS_SQL, startCursor } from '../iterate-cursor.ts';

/** Consents whose conversation count is remembered; past this the memory starts again. */
const COUNTED_CONSENTS_LIMIT = 10_000;
const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 1000;
const DEFAULT_BATCH_SIZE = 500;
const MAX_BATCH_SIZE = 10_000;
/** A reader snapshot usually ends within seconds; after this many retries the next deletion or close tries again. */
const SCRUB_ATTEMPTS = 120;

export interface SqliteRawLogStoreOptions {
  /** Pause between attempts to empty the WAL after a deletion while another connection reads. */
  scrubRetryMilliseconds?: number;
  /** Checkpoint the WAL from a worker thread (a serving process), not on this thread's event loop. */
  checkpointInWorker?: boolean;
}

export class SqliteRawLogStore implements RawLogStore {
  readonly #statements: RawLogStatements;
  readonly #insertTurn: Transaction<(input: NewTurn) => number>;
  readonly #completeTurn: Transaction<(turnIdentifier: number, completion: TurnCompletion) => void>;
  readonly #deleteConversation: Transaction<(id: string, reason: TombstoneRecord['reason'], at: number) => DeletionResult>;
  readonly #deleteConsentData: Transaction<(consentId: string, at: number) => DeletionResult>;
  readonly #readBatch: Transaction<(cursor: PageCursor, until: number, limit: number) => StoredConversation[]>;
  readonly #scrubRetryMilliseconds: number;
  #scrubTimer: NodeJS.Timeout | null = null;
  readonly #writes: SqliteWriteBatcher;
  readonly #checkpointer: WalCheckpointer | null;

  readonly #database: Database;
  /**
   * Conversations per consent, counted once and then kept exact by this connection's own writes;
   * forgotten whenever another connection commits (PRAGMA data_version), a deletion runs, or a
   * batch is rolled back. The cap check on every new conversation then costs no index walk.
   */
  #conversationCounts = new Map<string, number>();
  #countsDataVersion = -1;

  constructor(database: Database, options: SqliteRawLogStoreOptions = {}) {
    this.#database = database;
    this.#scrubRetryMilliseconds = options.scrubRetryMilliseconds ?? 1000;
    const statements = prepareRawLogStatements(database);
    this.#statements = statements;
    this.#writes = new SqliteWriteBatcher(database, () => this.#forgetConversationCounts());
    this.#checkpointer =
      database.memory || database.readonly
        ? null
        : new WalCheckpointer(database, {
            takeDirtyFlag: () => this.#writes.takeCommittedFlag(),
            inWorker: options.checkpointInWorker === true,
          });

    this.#insertTurn = database.transaction((input: NewTurn): number => {
      const result = statements.insertTurn.run({
        conversationId: input.conversationId,
        consentId: input.consentId,
        parentTurnId: input.parentTurnId,
        origin: input.origin,
        contextMessages: jsonOrNull(input.contextMessages),
        userContent: input.userContent,
        hashedIp: input.request.hashedIp,
        ipKeyId: input.request.ipKeyId,
        country: input.request.country,
        state: input.request.state,
        userAgent: input.request.userAgent,
        acceptLanguage: input.request.acceptLanguage,
        modelRequested: input.modelRequested,
        params: JSON.stringify(input.params),
        receivedAt: input.receivedAt,
      });
      if (result.changes !== 1) {
        throw new Error(
          `cannot insert turn: conversation ${input.conversationId} does not exist for consent ${input.consentId}` +
            (input.parentTurnId === null ? '' : ` or parent turn ${input.parentTurnId} is not in it`),
        );
      }
      statements.touchConversation.run(input.receivedAt, input.conversationId);
      return Number(result.lastInsertRowid);
    });

    this.#completeTurn = database.transaction((turnIdentifier: number, completion: TurnCompletion): void => {
      const result = statements.completeTurn.run({
        turnIdentifier,
        assistantContent: completion.assistantContent,
        status: completion.status,
        finishReason: completion.finishReason,
        modelReported: completion.modelReported,
        upstreamId: completion.upstreamId,
        upstreamCreated: completion.upstreamCreated,
        systemFingerprint: completion.systemFingerprint,
        usage: jsonOrNull(completion.usage),
        error: jsonOrNull(completion.error),
        firstTokenAt: completion.firstTokenAt,
        completedAt: completion.completedAt,
        pathHash: completion.pathHash,
      });
      if (result.changes === 1) statements.touchConversationOfTurn.run(completion.completedAt, turnIdentifier);
    });

    this.#deleteConversation = database.transaction((id: string, reason: TombstoneRecord['reason'], at: number): DeletionResult => {
      const conversation = statements.conversationById.get(id);
      if (conversation === undefined) return { conversations: 0, turns: 0 };
      const turns = statements.deleteTurnsOfConversation.run(id).changes;
      statements.deleteConversation.run(id);
      statements.insertTombstone.run({ consentId: conversation.consent_id, conversationId: id, reason, deletedAt: at });
      return { conversations: 1, turns };
    });

    this.#deleteConsentData = database.transaction((consentId: string, at: number): DeletionResult => {
      const turns = statements.deleteTurnsOfConsent.run(consentId).changes;
      statements.insertTombstonesOfConsent.run({ consentId, reason: 'user_deleted_all', deletedAt: at });
      const conversations = statements.deleteConversationsOfConsent.run(consentId).changes;
      statements.withdrawConsent.run(at, consentId);
      return { conversations, turns };
    });

    // One read transaction per batch, so a batch is a consistent snapshot even while the server writes.
    this.#readBatch = database.transaction((cursor: PageCursor, until: number, limit: number): StoredConversation[] => {
      const conversationRows = statements.conversationPage.all({
        afterCreatedAt: cursor.createdAt,
        afterId: cursor.id,
        until,
        limit,
      });
      if (conversationRows.length === 0) return [];
      const conversationIds = JSON.stringify(conversationRows.map((row) => row.id));
      const consentIds = JSON.stringify([...new Set(conversationRows.map((row) => row.consent_id))]);
      const consents = new Map<string, ConsentRecord>();
      for (const row of statements.consentsByIds.all(consentIds)) consents.set(row.id, consentFromRow(row));
      const turnsByConversation = new Map<string, TurnRecord[]>();
      for (const row of statements.turnsOfConversations.all(conversationIds)) {
        const turn = turnFromRow(row);
        const list = turnsByConversation.get(turn.conversationId);
        if (list === undefined) turnsByConversation.set(turn.conversationId, [turn]);
        else list.push(turn);
      }
      return conversationRows.map((row) => {
        const consent = consents.get(row.consent_id);
        // Unreachable while foreign keys are on; named so a broken file is diagnosable.
        if (consent === undefined) throw new Error(`conversation ${row.id} refers to missing consent ${row.consent_id}`);
        return { conversation: conversationFromRow(row), consent, turns: turnsByConversation.get(row.id) ?? [] };
      });
    });
  }

  async createConsent(input: NewConsent): Promise<ConsentRecord> {
    const record: ConsentRecord = {
      id: randomUUID(),
      tokenHash: input.tokenHash,
      termsVersion: input.termsVersion,
      consentedAt: input.consentedAt,
      context: { ...input.context },
      withdrawnAt: null,
    };
    this.#writes.flush();
    this.#statements.insertConsent.run({
      id: record.id,
      tokenHash: record.tokenHash,
      termsVersion: record.termsVersion,
      consentedAt: record.consentedAt,
      hashedIp: record.context.hashedIp,
      ipKeyId: record.context.ipKeyId,
      country: record.context.country,
      state: record.context.state,
      userAgent: record.context.userAgent,
      acceptLanguage: record.context.acceptLanguage,
    });
    this.#writes.noteDirectWrite();
    return record;
  }

  async findConsentByTokenHash(tokenHash: string): Promise<ConsentRecord | null> {
    return consentOrNull(this.#statements.consentByTokenHash.get(tokenHash));
  }

  async replaceConsentTokenHash(consentId: string, tokenHash: string): Promise<void> {
    this.#statements.replaceTokenHash.run(tokenHash, consentId);
    this.#writes.noteDirectWrite();
  }

  async getConsent(id: string): Promise<ConsentRecord | null> {
    return consentOrNull(this.#statements.consentById.get(id));
  }

  async createConversation(input: NewConversation): Promise<ConversationRecord> {
    const record: ConversationRecord = {
      id: randomUUID(),
      consentId: input.consentId,
      title: input.title ?? null,
      systemPrompt: input.systemPrompt ?? null,
      source: input.source,
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
    };
    const statement = this.#statements.insertConversation;
    await this.#writes.enqueue(() => {
      statement.run({
        id: record.id,
        consentId: record.consentId,
        title: record.title,
        systemPrompt: record.systemPrompt,
        source: record.source,
        createdAt: record.createdAt,
      });
      // Inside the batch, so no count read can fall between the commit and this update.
      const counted = this.#conversationCounts.get(record.consentId);
      if (counted !== undefined) this.#conversationCounts.set(record.consentId, counted + 1);
    });
    return record;
  }

  async getConversation(id: string): Promise<ConversationRecord | null> {
    const row = this.#statements.conversationById.get(id);
    return row === undefined ? null : conversationFromRow(row);
  }

  async listConversations(consentId: string, options: ListOptions = {}): Promise<ConversationSummary[]> {
    const limit = clampInteger(options.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    return this.#statements.conversationSummaries.all({ consentId, before, limit }).map((row) => ({
      ...conversationFromRow(row),
      turnCount: row.turn_count,
      lastModel: row.last_model,
    }));
  }

  async countConversationsOfConsent(consentId: string, atMost: number): Promise<number> {
    if (!(atMost >= 1)) return 0;
    const dataVersion = this.#statements.dataVersion.get() ?? 0;
    if (dataVersion !== this.#countsDataVersion) {
      this.#forgetConversationCounts();
      this.#countsDataVersion = dataVersion;
    }
    let count = this.#conversationCounts.get(consentId);
    if (count === undefined) {
      count = this.#statements.conversationsOfConsent.get(consentId) ?? 0;
      if (this.#conversationCounts.size >= COUNTED_CONSENTS_LIMIT) this.#conversationCounts = new Map();
      this.#conversationCounts.set(consentId, count);
    }
    return Math.min(count, Math.floor(atMost));
  }

  #forgetConversationCounts(): void {
    this.#conversationCounts.clear();
  }

  async renameConversation(id: string, title: string, at: number): Promise<void> {
    this.#writes.flush();
    this.#statements.renameConversation.run({ id, title, at });
    this.#writes.noteDirectWrite();
  }

  async deleteConversation(id: string, reason: TombstoneRecord['reason'], at: number): Promise<DeletionResult> {
    this.#writes.flush();
    this.#forgetConversationCounts();
    const result = this.#deleteConversation.immediate(id, reason, at);
    this.#writes.noteDirectWrite();
    if (result.conversations > 0) this.#flushDeletedPages();
    return result;
  }

  async insertTurn(input: NewTurn): Promise<TurnRecord> {
    const insertTurn = this.#insertTurn;
    const turnIdentifier = await this.#writes.enqueue(() => insertTurn(input));
    return {
      turnIdentifier,
      conversationId: input.conversationId,
      consentId: input.consentId,
      parentTurnId: input.parentTurnId,
      origin: input.origin,
      contextMessages: input.contextMessages,
      userContent: input.userContent,
      assistantContent: '',
      request: { ...input.request },
      modelRequested: input.modelRequested,
      modelReported: null,
      params: { ...input.params },
      upstreamId: null,
      upstreamCreated: null,
      systemFingerprint: null,
      usage: null,
      finishReason: null,
      status: 'pending',
      error: null,
      receivedAt: input.receivedAt,
      firstTokenAt: null,
      completedAt: null,
      pathHash: null,
    };
  }

  /** Ignored once the turn is final, so a late flush can never undo a completion. */
  async recordProgress(turnIdentifier: number, progress: TurnProgress): Promise<void> {
    const statement = this.#statements.recordProgress;
    await this.#writes.enqueue(() =>
      statement.run({
        turnIdentifier,
        assistantContent: progress.assistantContent,
        firstTokenAt: progress.firstTokenAt,
        lastTokenAt: progress.lastTokenAt,
      }),
    );
  }

  /** Applies only to a pending or streaming turn: a final turn is never rewritten. */
  async completeTurn(turnIdentifier: number, completion: TurnCompletion): Promise<void> {
    const completeTurn = this.#completeTurn;
    await this.#writes.enqueue(() => completeTurn(turnIdentifier, completion));
  }

  async getTurn(turnIdentifier: number): Promise<TurnRecord | null> {
    return turnOrNull(this.#statements.turnById.get(turnIdentifier));
  }

  async getTurnPath(conversationId: string, lastTurnId: number, limit: number): Promise<TurnRecord[]> {
    if (limit <= 0) return [];
    return this.#statements.turnPath.all(lastTurnId, conversationId, conversationId, limit).map(turnFromRow);
  }

  async listTurns(conversationId: string): Promise<TurnRecord[]> {
    return this.#statements.turnsOfConversation.all(conversationId).map(turnFromRow);
  }

  async markInterruptedTurns(): Promise<number> {
    this.#writes.flush();
    const changes = this.#statements.markInterrupted.run().changes;
    this.#writes.noteDirectWrite();
    return changes;
  }

  async findTurnByPathHash(consentId: string, pathHash: string): Promise<TurnRecord | null> {
    return turnOrNull(this.#statements.turnByPathHash.get(consentId, pathHash));
  }

  async deleteConsentData(consentId: string, at: number): Promise<DeletionResult> {
    this.#writes.flush();
    this.#forgetConversationCounts();
    const result = this.#deleteConsentData.immediate(consentId, at);
    this.#writes.noteDirectWrite();
    this.#flushDeletedPages();
    return result;
  }

  async listTombstones(): Promise<TombstoneRecord[]> {
    return this.#statements.allTombstones.all().map(tombstoneFromRow);
  }

  async *iterateConversations(options: IterateOptions = {}): AsyncGenerator<StoredConversation[], void, undefined> {
    const batchSize = clampInteger(options.batchSize, DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE);
    const until = options.until ?? Number.MAX_SAFE_INTEGER;
    let cursor: PageCursor = startCursor(options);
    let remaining = options.limit ?? Number.MAX_SAFE_INTEGER;
    while (remaining > 0) {
      const batch = this.#readBatch.deferred(cursor, until, Math.min(batchSize, remaining));
      if (batch.length === 0) return;
      yield batch;
      remaining -= batch.length;
      if (batch.length < batchSize || remaining <= 0) return;
      const last = batch[batch.length - 1]!.conversation;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
  }

  async conversationCursors(every: number): Promise<ConversationCursor[]> {
    if (!Number.isInteger(every) || every < 1) throw new Error('conversationCursors: every must be a positive integer');
    const rows = this.#database.prepare(CONVERSATION_CURSORS_SQL.replace('$every', '@every')).all({ every }) as { created_at: number; id: string }[];
    return rows.map((row) => ({ createdAt: Number(row.created_at), id: row.id }));
  }

  async countConversations(): Promise<number> {
    return this.#statements.countConversations.get() ?? 0;
  }

  async collectedSnapshot(): Promise<number[]> {
    return (this.#statements.collectedSnapshot.get() ?? []).map(Number);
  }

  async countActivityBetween(low: number, high: number): Promise<number> {
    return this.#statements.activityBetween.get({ low, high }) ?? 0;
  }

  /**
   * Deleted text must leave the disk, not only the tables: secure_delete zeroes the freed pages,
   * and a TRUNCATE checkpoint copies those zeroed pages into the main file and empties the WAL,
   * which still holds the pages as they were written. Returns false when another connection's
   * read snapshot still needs the old pages; it never waits, so the event loop is never blocked.
   */
  scrubDeletedPages(): boolean {
    if (this.#database.memory || !this.#database.open) return true;
    const busyTimeout = this.#database.pragma('busy_timeout', { simple: true });
    this.#database.pragma('busy_timeout = 0');
    try {
      const [result] = this.#database.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return result?.busy === 0;
    } finally {
      this.#database.pragma(`busy_timeout = ${Number(busyTimeout)}`);
    }
  }

  /**
   * Called just before the handle closes: commits queued writes, stops the timers and empties the
   * WAL into the main file (closing does that too, but only when no other connection is open).
   */
  stopBackgroundWork(): void {
    if (this.#scrubTimer !== null) clearTimeout(this.#scrubTimer);
    this.#scrubTimer = null;
    this.#checkpointer?.stop();
    if (!this.#database.open) return;
    this.#writes.flush();
    if (this.#database.readonly) return;
    try {
      this.scrubDeletedPages();
    } catch {
      // Another connection's lock; the last connection to close empties the WAL.
    }
  }

  #flushDeletedPages(): void {
    if (this.scrubDeletedPages()) return;
    this.#scheduleScrub(SCRUB_ATTEMPTS);
  }

  /** Retries while a reader (an export, say) holds an old snapshot; closing the last connection also empties the WAL. */
  #scheduleScrub(attemptsLeft: number): void {
    if (this.#scrubTimer !== null || attemptsLeft <= 0) return;
    this.#scrubTimer = setTimeout(() => {
      this.#scrubTimer = null;
      let done: boolean;
      try {
        done = this.scrubDeletedPages();
      } catch {
        // A timer must not crash the process; the next deletion or the close tries again.
        return;
      }
      if (!done) this.#scheduleScrub(attemptsLeft - 1);
    }, this.#scrubRetryMilliseconds);
    this.#scrubTimer.unref();
  }
}

interface PageCursor {
  createdAt: number;
  id: string;
}

function consentOrNull(row: ConsentRow | undefined): ConsentRecord | null {
  return row === undefined ? null : consentFromRow(row);
}

function turnOrNull(row: TurnRow | undefined): TurnRecord | null {
  return row === undefined ? null : turnFromRow(row);
}

function clampInteger(value: number | undefined, fallback: number, maximum: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(maximum, Math.max(1, Math.floor(value)));
}
