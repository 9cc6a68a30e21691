/**
 * RawLogStore over a pg pool. Every hot-path call (consent lookup, conversation count, new
 * conversation, new turn, completion) goes through a TickBatch: the calls of many requests share
 * one statement, so one round trip and one commit (a group commit, as the SQLite store's). A
 * progress flush is one statement; multi-row changes (deletions) are one transaction.
 * Keyset pagination and ordering match the SQLite adapter exactly (ids use the "C" collation).
 *
 * Several serve processes may share the database. Each store has an instance id, recorded on the
 * turns it starts and refreshed in serve_instances by a heartbeat: markInterruptedTurns finalises
 * only the turns of this instance and of instances whose heartbeat stopped, never a live peer's
 * stream.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { ConsentRecord, ConversationRecord, TombstoneRecord, TurnRecord } from '../../schema/raw-records.ts';
import { consentFromRow, conversationFromRow, jsonOrNull, tombstoneFromRow, turnFromRow } from '../sqlite/raw-log-rows.ts';
import type { ConsentRow, ConversationRow, ConversationSummaryRow, TombstoneRow, TurnRow } from '../sqlite/raw-log-rows.ts';
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
import { isStoreUnavailable } from '../store-unavailable-error.ts';
import { inTransaction } from './pg-pool.ts';
import { countConversations, insertConversations, type ConversationCount } from './pg-conversation-inserts.ts';
import { insertTurns } from './pg-turn-inserts.ts';
import { TickBatch } from './tick-batch.ts';
import { CONVERSATION_CURSORS_SQL, startCursor } from '../iterate-cursor.ts';

const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 1000;
const DEFAULT_BATCH_SIZE = 500;
const MAX_BATCH_SIZE = 10_000;
const IN_FLIGHT = "('pending', 'streaming')";
/** An instance whose heartbeat is older than this is taken as dead; its in-flight turns get marked. */
export const INSTANCE_STALE_MILLISECONDS = 15_000;
/**
 * How long a positive consent lookup is reused. Every write of a conversation or turn checks the
 * consent in its own statement, so a consent withdrawn on another instance can never write; it
 * may only still be recognised for this long (this instance forgets it at once).
 */
export const CONSENT_CACHE_MILLISECONDS = 1_000;
const CONSENT_CACHE_ENTRIES = 10_000;
/** How long a completion waits for a restarting database before giving up (the turn is then marked interrupted later). */
const COMPLETION_RETRY_MILLISECONDS = 60_000;

export interface PgRawLogStoreOptions {
  /** Identifies this process's turns (default: a random UUID). */
  instanceId?: string;
  now?: () => number;
}

interface PendingCompletion {
  turnIdentifier: number;
  completion: TurnCompletion;
}

interface CachedConsent {
  record: ConsentRecord;
  /** performance.now() after which the row is read again. */
  until: number;
}

export class PgRawLogStore implements RawLogStore {
  readonly instanceId: string;
  protected readonly now: () => number;
  readonly #consents = new Map<string, CachedConsent>();
  /** Bumped whenever this instance forgets a consent, so a lookup that raced the change is not cached. */
  #consentGeneration = 0;
  readonly #consentLookups = new TickBatch<string, ConsentRow | null>((tokenHashes) => this.#readConsents(tokenHashes));
  readonly #conversationCounts = new TickBatch<ConversationCount, number>((requests) => countConversations(this.pool, requests));
  readonly #conversationInserts = new TickBatch<ConversationRecord, ConversationRecord>((records) => insertConversations(this.pool, records));
  readonly #turnInserts = new TickBatch<NewTurn, number>((inputs) => insertTurns(this.pool, this.instanceId, inputs));
  readonly #completions = new TickBatch<PendingCompletion, void>((items) => this.#writeCompletions(items), { maxBatch: 128 });

  constructor(
    protected readonly pool: pg.Pool,
    options: PgRawLogStoreOptions = {},
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.now = options.now ?? Date.now;
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
    const context = record.context;
    await this.pool.query(
      `INSERT INTO consents (id, token_hash, terms_version, consented_at, hashed_ip, ip_key_id, country, state, user_agent, accept_language)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        record.id,
        record.tokenHash,
        record.termsVersion,
        record.consentedAt,
        context.hashedIp,
        context.ipKeyId,
        context.country,
        context.state,
        context.userAgent,
        context.acceptLanguage,
      ],
    );
    return record;
  }

  async findConsentByTokenHash(tokenHash: string): Promise<ConsentRecord | null> {
    const cached = this.#consents.get(tokenHash);
    if (cached !== undefined && cached.until > performance.now()) return structuredClone(cached.record);
    const generation = this.#consentGeneration;
    const row = await this.#consentLookups.submit(tokenHash);
    if (row === null) return null;
    const record = consentFromRow(row);
    if (record.withdrawnAt === null && generation === this.#consentGeneration) {
      if (this.#consents.size >= CONSENT_CACHE_ENTRIES) this.#consents.clear();
      this.#consents.set(tokenHash, { record: structuredClone(record), until: performance.now() + CONSENT_CACHE_MILLISECONDS });
    }
    return record;
  }

  async replaceConsentTokenHash(consentId: string, tokenHash: string): Promise<void> {
    this.#forgetConsent(consentId);
    await this.pool.query('UPDATE consents SET token_hash = $2 WHERE id = $1', [consentId, tokenHash]);
  }

  /** The consents of many token hashes in one SELECT (token_hash is unique). */
  async #readConsents(tokenHashes: readonly string[]): Promise<(ConsentRow | null)[]> {
    const result = await this.pool.query<ConsentRow>({
      name: 'wildchat_consents_by_token_hash',
      text: 'SELECT * FROM consents WHERE token_hash = ANY($1::text[])',
      values: [tokenHashes],
    });
    const byHash = new Map(result.rows.map((row) => [row.token_hash, row]));
    return tokenHashes.map((tokenHash) => byHash.get(tokenHash) ?? null);
  }

  #forgetConsent(consentId: string): void {
    this.#consentGeneration += 1;
    for (const [tokenHash, cached] of this.#consents) if (cached.record.id === consentId) this.#consents.delete(tokenHash);
  }

  async getConsent(id: string): Promise<ConsentRecord | null> {
    const result = await this.pool.query<ConsentRow>('SELECT * FROM consents WHERE id = $1', [id]);
    return result.rows[0] === undefined ? null : consentFromRow(result.rows[0]);
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
    await this.#conversationInserts.submit(record);
    return record;
  }

  async getConversation(id: string): Promise<ConversationRecord | null> {
    const result = await this.pool.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [id]);
    return result.rows[0] === undefined ? null : conversationFromRow(result.rows[0]);
  }

  async listConversations(consentId: string, options: ListOptions = {}): Promise<ConversationSummary[]> {
    const limit = clampInteger(options.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    const result = await this.pool.query<ConversationSummaryRow>(
      `SELECT c.*,
         (SELECT count(*)::integer FROM turns t WHERE t.conversation_id = c.id) AS turn_count,
         (SELECT t.model_requested FROM turns t WHERE t.conversation_id = c.id ORDER BY t.turn_identifier DESC LIMIT 1) AS last_model
       FROM conversations c
       WHERE c.consent_id = $1 AND c.updated_at < $2
       ORDER BY c.updated_at DESC, c.id DESC
       LIMIT $3`,
      [consentId, before, limit],
    );
    return result.rows.map((row) => ({ ...conversationFromRow(row), turnCount: row.turn_count, lastModel: row.last_model }));
  }

  async countConversationsOfConsent(consentId: string, atMost: number): Promise<number> {
    if (!(atMost >= 1)) return 0;
    // integer column of the batched statement: a cap beyond it counts every conversation anyway.
    return this.#conversationCounts.submit({ consentId, atMost: Math.min(Math.floor(atMost), 2_147_483_647) });
  }

  async renameConversation(id: string, title: string, at: number): Promise<void> {
    await this.pool.query('UPDATE conversations SET title = $2, updated_at = greatest(updated_at, $3) WHERE id = $1', [id, title, at]);
  }

  async deleteConversation(id: string, reason: TombstoneRecord['reason'], at: number): Promise<DeletionResult> {
    return inTransaction(this.pool, async (client) => {
      const conversation = await client.query<{ consent_id: string }>('SELECT consent_id FROM conversations WHERE id = $1 FOR UPDATE', [id]);
      const consentId = conversation.rows[0]?.consent_id;
      if (consentId === undefined) return { conversations: 0, turns: 0 };
      const turns = await client.query('DELETE FROM turns WHERE conversation_id = $1', [id]);
      await client.query('DELETE FROM conversations WHERE id = $1', [id]);
      await client.query('INSERT INTO tombstones (consent_id, conversation_id, reason, deleted_at) VALUES ($1, $2, $3, $4)', [consentId, id, reason, at]);
      return { conversations: 1, turns: turns.rowCount ?? 0 };
    });
  }

  async insertTurn(input: NewTurn): Promise<TurnRecord> {
    // The turn joins only a conversation of its own consent, under a parent of that conversation,
    // and the conversation moves up the list in the same commit (see pg-turn-inserts.ts).
    const turnIdentifier = await this.#turnInserts.submit(input);
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
    await this.pool.query(
      `UPDATE turns SET status = 'streaming', assistant_content = $2, first_token_at = coalesce(first_token_at, $3),
         last_token_at = coalesce($4, last_token_at)
       WHERE turn_identifier = $1 AND status IN ${IN_FLIGHT}`,
      [turnIdentifier, progress.assistantContent, progress.firstTokenAt, progress.lastTokenAt],
    );
  }

  /**
   * Applies only to a pending or streaming turn: a final turn is never rewritten. A completed turn
   * must not be lost to a database restart, so while the database is away the write is retried
   * (the statement is idempotent) for up to COMPLETION_RETRY_MILLISECONDS. The backoff stays short
   * so the waiting reply goes out within half a second of the database's return.
   */
  async completeTurn(turnIdentifier: number, completion: TurnCompletion): Promise<void> {
    const deadline = Date.now() + COMPLETION_RETRY_MILLISECONDS;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.#writeCompletion(turnIdentifier, completion);
        return;
      } catch (error) {
        if (!isStoreUnavailable(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, 100 * 2 ** attempt)));
      }
    }
  }

  #writeCompletion(turnIdentifier: number, completion: TurnCompletion): Promise<void> {
    return this.#completions.submit({ turnIdentifier, completion });
  }

  /**
   * The completions of one tick as one UPDATE (a group commit): one round trip and one WAL record
   * flush for all of them. Each row still changes only while its turn is in flight.
   */
  async #writeCompletions(items: readonly PendingCompletion[]): Promise<void[]> {
    const column = <T>(pick: (completion: TurnCompletion) => T) => items.map((item) => pick(item.completion));
    await this.pool.query({
      name: 'wildchat_complete_turns',
      text: `WITH input AS (
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::text[],
           $11::bigint[], $12::bigint[], $13::text[])
           AS i (turn_identifier, assistant_content, status, finish_reason, model_reported, upstream_id, upstream_created, system_fingerprint, usage,
             error, first_token_at, completed_at, path_hash)
       ), completed AS (
         UPDATE turns t SET assistant_content = i.assistant_content, status = i.status, finish_reason = i.finish_reason, model_reported = i.model_reported,
           upstream_id = i.upstream_id, upstream_created = i.upstream_created, system_fingerprint = i.system_fingerprint, usage = i.usage, error = i.error,
           first_token_at = coalesce(i.first_token_at, t.first_token_at), completed_at = i.completed_at, path_hash = i.path_hash
         FROM input i
         WHERE t.turn_identifier = i.turn_identifier AND t.status IN ${IN_FLIGHT}
         RETURNING t.conversation_id, i.completed_at
       )
       UPDATE conversations c SET updated_at = greatest(c.updated_at, latest.completed_at)
       FROM (SELECT conversation_id, max(completed_at) AS completed_at FROM completed GROUP BY conversation_id ORDER BY conversation_id) latest
       WHERE c.id = latest.conversation_id`,
      values: [
        items.map((item) => item.turnIdentifier),
        column((completion) => completion.assistantContent),
        column((completion) => completion.status),
        column((completion) => completion.finishReason),
        column((completion) => completion.modelReported),
        column((completion) => completion.upstreamId),
        column((completion) => completion.upstreamCreated),
        column((completion) => completion.systemFingerprint),
        column((completion) => jsonOrNull(completion.usage)),
        column((completion) => jsonOrNull(completion.error)),
        column((completion) => completion.firstTokenAt),
        column((completion) => completion.completedAt),
        column((completion) => completion.pathHash),
      ],
    });
    return items.map(() => undefined);
  }

  async getTurn(turnIdentifier: number): Promise<TurnRecord | null> {
    if (!Number.isSafeInteger(turnIdentifier)) return null;
    const result = await this.pool.query<TurnRow>('SELECT * FROM turns WHERE turn_identifier = $1', [turnIdentifier]);
    return result.rows[0] === undefined ? null : turnFromRow(result.rows[0]);
  }

  async listTurns(conversationId: string): Promise<TurnRecord[]> {
    const result = await this.pool.query<TurnRow>('SELECT * FROM turns WHERE conversation_id = $1 ORDER BY turn_identifier', [conversationId]);
    return result.rows.map(turnFromRow);
  }

  /** Finalises this instance's in-flight turns and those of instances whose heartbeat stopped. */
  async markInterruptedTurns(): Promise<number> {
    const result = await this.pool.query(
      `UPDATE turns SET status = 'interrupted', completed_at = coalesce(last_token_at, received_at)
       WHERE status IN ${IN_FLIGHT}
         AND (instance_id IS NULL OR instance_id = $1 OR instance_id NOT IN (
           SELECT instance_id FROM serve_instances WHERE heartbeat_at >= $2 AND instance_id <> $1))`,
      [this.instanceId, this.now() - INSTANCE_STALE_MILLISECONDS],
    );
    return result.rowCount ?? 0;
  }

  /** Leaf first, one recursive query; the walk stops at a parent outside the conversation. */
  async getTurnPath(conversationId: string, lastTurnId: number, limit: number): Promise<TurnRecord[]> {
    if (limit <= 0 || !Number.isSafeInteger(lastTurnId)) return [];
    const result = await this.pool.query<TurnRow>(
      `WITH RECURSIVE path (turn_identifier, parent_turn_id, depth) AS (
         SELECT turn_identifier, parent_turn_id, 0 FROM turns WHERE turn_identifier = $1 AND conversation_id = $2
         UNION ALL
         SELECT t.turn_identifier, t.parent_turn_id, path.depth + 1 FROM path
           JOIN turns t ON t.turn_identifier = path.parent_turn_id AND t.conversation_id = $2
         WHERE path.depth + 1 < $3
       )
       SELECT turns.* FROM path JOIN turns ON turns.turn_identifier = path.turn_identifier ORDER BY path.depth`,
      [lastTurnId, conversationId, limit],
    );
    return result.rows.map(turnFromRow);
  }

  /** Counts and maxima of what a release reads; only equality is compared. */
  async collectedSnapshot(): Promise<number[]> {
    const result = await this.pool.query({
      rowMode: 'array',
      text: `SELECT (SELECT count(*) FROM conversations),
                    (SELECT coalesce(max(updated_at), 0) FROM conversations),
                    (SELECT count(*) FROM turns),
                    (SELECT coalesce(max(turn_identifier), 0) FROM turns),
                    (SELECT coalesce(max(coalesce(completed_at, received_at)), 0) FROM turns),
                    (SELECT count(*) FROM turns WHERE completed_at IS NULL),
                    (SELECT count(*) FROM tombstones),
                    (SELECT count(*) FROM consents WHERE withdrawn_at IS NOT NULL)`,
    });
    return ((result.rows[0] as unknown[] | undefined) ?? []).map(Number);
  }

  async countActivityBetween(low: number, high: number): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM conversations WHERE updated_at > $1 AND updated_at <= $2)
            + (SELECT count(*) FROM turns WHERE coalesce(completed_at, received_at) > $1 AND coalesce(completed_at, received_at) <= $2) AS n`,
      [low, high],
    );
    return Number(result.rows[0]?.n ?? 0);
  }

  async findTurnByPathHash(consentId: string, pathHash: string): Promise<TurnRecord | null> {
    const result = await this.pool.query<TurnRow>(
      `SELECT * FROM turns WHERE consent_id = $1 AND path_hash = $2 AND status NOT IN ${IN_FLIGHT}
       ORDER BY turn_identifier DESC LIMIT 1`,
      [consentId, pathHash],
    );
    return result.rows[0] === undefined ? null : turnFromRow(result.rows[0]);
  }

  async deleteConsentData(consentId: string, at: number): Promise<DeletionResult> {
    this.#forgetConsent(consentId);
    return inTransaction(this.pool, async (client) => {
      // Locks the consent first, so a concurrent new conversation of it waits for this deletion.
      await client.query('SELECT 1 FROM consents WHERE id = $1 FOR UPDATE', [consentId]);
      const turns = await client.query('DELETE FROM turns WHERE consent_id = $1', [consentId]);
      await client.query(
        `INSERT INTO tombstones (consent_id, conversation_id, reason, deleted_at)
         SELECT consent_id, id, 'user_deleted_all', $2 FROM conversations WHERE consent_id = $1 ORDER BY created_at, id`,
        [consentId, at],
      );
      const conversations = await client.query('DELETE FROM conversations WHERE consent_id = $1', [consentId]);
      await client.query('UPDATE consents SET withdrawn_at = coalesce(withdrawn_at, $1) WHERE id = $2', [at, consentId]);
      return { conversations: conversations.rowCount ?? 0, turns: turns.rowCount ?? 0 };
    });
  }

  async listTombstones(): Promise<TombstoneRecord[]> {
    const result = await this.pool.query<TombstoneRow>('SELECT * FROM tombstones ORDER BY id');
    return result.rows.map(tombstoneFromRow);
  }

  async *iterateConversations(options: IterateOptions = {}): AsyncGenerator<StoredConversation[], void, undefined> {
    const batchSize = clampInteger(options.batchSize, DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE);
    const until = options.until ?? Number.MAX_SAFE_INTEGER;
    let cursor = startCursor(options);
    let remaining = options.limit ?? Number.MAX_SAFE_INTEGER;
    while (remaining > 0) {
      const batch = await this.#readBatch(cursor, until, Math.min(batchSize, remaining));
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
    const result = await this.pool.query<{ created_at: number; id: string }>(CONVERSATION_CURSORS_SQL.replace('$every', '$1'), [every]);
    return result.rows.map((row) => ({ createdAt: Number(row.created_at), id: row.id }));
  }

  async countConversations(): Promise<number> {
    const result = await this.pool.query<{ count: number }>('SELECT count(*) AS count FROM conversations');
    return result.rows[0]?.count ?? 0;
  }

  /** One REPEATABLE READ transaction per batch, so a batch is a consistent snapshot while servers write. */
  #readBatch(cursor: { createdAt: number; id: string }, until: number, limit: number): Promise<StoredConversation[]> {
    return inTransaction(
      this.pool,
      async (client) => {
        const conversations = await client.query<ConversationRow>(
          `SELECT * FROM conversations WHERE (created_at, id) > ($1, $2) AND created_at < $3 ORDER BY created_at, id LIMIT $4`,
          [cursor.createdAt, cursor.id, until, limit],
        );
        if (conversations.rows.length === 0) return [];
        const conversationIds = conversations.rows.map((row) => row.id);
        const consentIds = [...new Set(conversations.rows.map((row) => row.consent_id))];
        const consentRows = await client.query<ConsentRow>('SELECT * FROM consents WHERE id = ANY($1::text[])', [consentIds]);
        const turnRows = await client.query<TurnRow>('SELECT * FROM turns WHERE conversation_id = ANY($1::text[]) ORDER BY turn_identifier', [conversationIds]);
        const consents = new Map<string, ConsentRecord>();
        for (const row of consentRows.rows) consents.set(row.id, consentFromRow(row));
        const turnsByConversation = new Map<string, TurnRecord[]>();
        for (const row of turnRows.rows) {
          const turn = turnFromRow(row);
          const list = turnsByConversation.get(turn.conversationId);
          if (list === undefined) turnsByConversation.set(turn.conversationId, [turn]);
          else list.push(turn);
        }
        return conversations.rows.map((row) => {
          const consent = consents.get(row.consent_id);
          if (consent === undefined) throw new Error(`conversation ${row.id} refers to missing consent ${row.consent_id}`);
          return { conversation: conversationFromRow(row), consent, turns: turnsByConversation.get(row.id) ?? [] };
        });
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }
}

function clampInteger(value: number | undefined, fallback: number, maximum: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(maximum, Math.max(1, Math.floor(value)));
}
