/**
 * Every raw-log SQL statement, prepared once per database handle. Hot-path statements
 * (insert turn, progress, completion) touch one row by primary key and at most one index.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ConsentRow, ConversationRow, ConversationSummaryRow, TombstoneRow, TurnRow } from './raw-log-rows.ts';

type Named = Record<string, unknown>;

export interface RawLogStatements {
  insertConsent: Statement<Named>;
  consentById: Statement<[string], ConsentRow>;
  consentByTokenHash: Statement<[string], ConsentRow>;
  consentsByIds: Statement<[string], ConsentRow>;
  withdrawConsent: Statement<[number, string]>;

  insertConversation: Statement<Named>;
  conversationById: Statement<[string], ConversationRow>;
  conversationSummaries: Statement<Named, ConversationSummaryRow>;
  conversationsOfConsent: Statement<[string], number>;
  dataVersion: Statement<[], number>;
  renameConversation: Statement<Named>;
  touchConversation: Statement<[number, string]>;
  touchConversationOfTurn: Statement<[number, number]>;
  deleteConversation: Statement<[string]>;
  deleteConversationsOfConsent: Statement<[string]>;
  conversationPage: Statement<Named, ConversationRow>;
  countConversations: Statement<[], number>;

  insertTurn: Statement<Named>;
  recordProgress: Statement<Named>;
  completeTurn: Statement<Named>;
  turnById: Statement<[number], TurnRow>;
  turnPath: Statement<[number, string, string, number], TurnRow>;
  collectedSnapshot: Statement<[], unknown[]>;
  activityBetween: Statement<{ low: number; high: number }, number>;
  turnsOfConversation: Statement<[string], TurnRow>;
  turnsOfConversations: Statement<[string], TurnRow>;
  markInterrupted: Statement<[]>;
  turnByPathHash: Statement<[string, string], TurnRow>;
  deleteTurnsOfConversation: Statement<[string]>;
  deleteTurnsOfConsent: Statement<[string]>;

  insertTombstone: Statement<Named>;
  insertTombstonesOfConsent: Statement<Named>;
  replaceTokenHash: Statement<[string, string]>;
  allTombstones: Statement<[], TombstoneRow>;
}

const inFlight = "('pending', 'streaming')";

export function prepareRawLogStatements(database: Database): RawLogStatements {
  return {
    insertConsent: database.prepare<Named>(
      `INSERT INTO consents (id, token_hash, terms_version, consented_at, hashed_ip, ip_key_id, country, state, user_agent, accept_language, withdrawn_at)
       VALUES (@id, @tokenHash, @termsVersion, @consentedAt, @hashedIp, @ipKeyId, @country, @state, @userAgent, @acceptLanguage, NULL)`,
    ),
    consentById: database.prepare<[string], ConsentRow>('SELECT * FROM consents WHERE id = ?'),
    consentByTokenHash: database.prepare<[string], ConsentRow>('SELECT * FROM consents WHERE token_hash = ?'),
    replaceTokenHash: database.prepare<[string, string]>('UPDATE consents SET token_hash = ? WHERE id = ?'),
    consentsByIds: database.prepare<[string], ConsentRow>('SELECT * FROM consents WHERE id IN (SELECT value FROM json_each(?))'),
    // The first withdrawal time is the one that counts.
    withdrawConsent: database.prepare<[number, string]>('UPDATE consents SET withdrawn_at = coalesce(withdrawn_at, ?) WHERE id = ?'),

    insertConversation: database.prepare<Named>(
      `INSERT INTO conversations (id, consent_id, title, system_prompt, source, created_at, updated_at)
       VALUES (@id, @consentId, @title, @systemPrompt, @source, @createdAt, @createdAt)`,
    ),
    conversationById: database.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?'),
    conversationSummaries: database.prepare<Named, ConversationSummaryRow>(
      `SELECT c.*,
         (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS turn_count,
         (SELECT t.model_requested FROM turns t WHERE t.conversation_id = c.id ORDER BY t.turn_identifier DESC LIMIT 1) AS last_model
       FROM conversations c
       WHERE c.consent_id = @consentId AND c.updated_at < @before
       ORDER BY c.updated_at DESC, c.id DESC
       LIMIT @limit`,
    ),
    // Reads only the (consent_id, updated_at) index; at most --max-conversations-per-consent entries in practice.
    conversationsOfConsent: database.prepare<[string], number>('SELECT count(*) FROM conversations WHERE consent_id = ?').pluck(),
    // Changes when another connection commits, so what this connection remembers about the data is stale.
    dataVersion: database.prepare<[], number>('PRAGMA data_version').pluck(),
    renameConversation: database.prepare<Named>('UPDATE conversations SET title = @title, updated_at = max(updated_at, @at) WHERE id = @id'),
    // max(): a late write never moves a conversation back in the list.
    touchConversation: database.prepare<[number, string]>('UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?'),
    touchConversationOfTurn: database.prepare<[number, number]>(
      'UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = (SELECT conversation_id FROM turns WHERE turn_identifier = ?)',
    ),
    deleteConversation: database.prepare<[string]>('DELETE FROM conversations WHERE id = ?'),
    deleteConversationsOfConsent: database.prepare<[string]>('DELETE FROM conversations WHERE consent_id = ?'),
    // Keyset pagination on (created_at, id); the first page starts from (since, '') which every real id follows.
    conversationPage: database.prepare<Named, ConversationRow>(
      `SELECT * FROM conversations
       WHERE (created_at, id) > (@afterCreatedAt, @afterId) AND created_at < @until
       ORDER BY created_at, id
       LIMIT @limit`,
    ),
    countConversations: database.prepare<[], number>('SELECT count(*) FROM conversations').pluck(),

    // INSERT ... SELECT so a turn can only join a conversation of its own consent, under a parent of that conversation.
    insertTurn: database.prepare<Named>(
      `INSERT INTO turns (conversation_id, consent_id, parent_turn_id, origin, context_messages, user_content, assistant_content,
         hashed_ip, ip_key_id, country, state, user_agent, accept_language, model_requested, params, status, received_at)
       SELECT c.id, c.consent_id, @parentTurnId, @origin, @contextMessages, @userContent, '',
         @hashedIp, @ipKeyId, @country, @state, @userAgent, @acceptLanguage, @modelRequested, @params, 'pending', @receivedAt
       FROM conversations c
       WHERE c.id = @conversationId AND c.consent_id = @consentId
         AND (@parentTurnId IS NULL OR EXISTS (SELECT 1 FROM turns p WHERE p.turn_identifier = @parentTurnId AND p.conversation_id = c.id))`,
    ),
    recordProgress: database.prepare<Named>(
      `UPDATE turns SET status = 'streaming', assistant_content = @assistantContent, first_token_at = coalesce(first_token_at, @firstTokenAt),
         last_token_at = coalesce(@lastTokenAt, last_token_at)
       WHERE turn_identifier = @turnIdentifier AND status IN ${inFlight}`,
    ),
    completeTurn: database.prepare<Named>(
      `UPDATE turns SET assistant_content = @assistantContent, status = @status, finish_reason = @finishReason,
         model_reported = @modelReported, upstream_id = @upstreamId, upstream_created = @upstreamCreated,
         system_fingerprint = @systemFingerprint, usage = @usage, error = @error,
         first_token_at = coalesce(@firstTokenAt, first_token_at), completed_at = @completedAt, path_hash = @pathHash
       WHERE turn_identifier = @turnIdentifier AND status IN ${inFlight}`,
    ),
    turnById: database.prepare<[number], TurnRow>('SELECT * FROM turns WHERE turn_identifier = ?'),
    // Leaf first: depth 0 is the given turn; the walk stops at a parent outside the conversation.
    turnPath: database.prepare<[number, string, string, number], TurnRow>(
      `WITH RECURSIVE path(turn_identifier, depth) AS (
         SELECT turn_identifier, 0 FROM turns WHERE turn_identifier = ? AND conversation_id = ?
         UNION ALL
         SELECT t.turn_identifier, path.depth + 1 FROM path
           JOIN turns c ON c.turn_identifier = path.turn_identifier
           JOIN turns t ON t.turn_identifier = c.parent_turn_id AND t.conversation_id = ?
         WHERE path.depth + 1 < ?
       )
       SELECT turns.* FROM path JOIN turns ON turns.turn_identifier = path.turn_identifier ORDER BY path.depth`,
    ),
    collectedSnapshot: database
      .prepare<[], number[]>(
        `SELECT (SELECT count(*) FROM conversations) AS conversations,
              (SELECT coalesce(max(updated_at), 0) FROM conversations) AS updated,
              (SELECT count(*) FROM turns) AS turns,
              (SELECT coalesce(max(turn_identifier), 0) FROM turns) AS last_turn,
              (SELECT coalesce(max(coalesce(completed_at, received_at)), 0) FROM turns) AS last_activity,
              (SELECT count(*) FROM turns WHERE completed_at IS NULL) AS open_turns,
              (SELECT count(*) FROM tombstones) AS tombstones,
              (SELECT count(*) FROM consents WHERE withdrawn_at IS NOT NULL) AS withdrawn`,
      )
      .raw() as Statement<[], unknown[]>,
    activityBetween: database
      .prepare<{ low: number; high: number }, number>(
        `SELECT (SELECT count(*) FROM conversations WHERE updated_at > @low AND updated_at <= @high)
            + (SELECT count(*) FROM turns WHERE coalesce(completed_at, received_at) > @low AND coalesce(completed_at, received_at) <= @high)`,
      )
      .pluck(),
    turnsOfConversation: database.prepare<[string], TurnRow>('SELECT * FROM turns WHERE conversation_id = ? ORDER BY turn_identifier'),
    turnsOfConversations: database.prepare<[string], TurnRow>(
      'SELECT * FROM turns WHERE conversation_id IN (SELECT value FROM json_each(?)) ORDER BY turn_identifier',
    ),
    markInterrupted: database.prepare<[]>(
      `UPDATE turns SET status = 'interrupted', completed_at = coalesce(last_token_at, received_at) WHERE status IN ${inFlight}`,
    ),
    turnByPathHash: database.prepare<[string, string], TurnRow>(
      `SELECT * FROM turns WHERE consent_id = ? AND path_hash = ? AND status NOT IN ${inFlight}
       ORDER BY turn_identifier DESC LIMIT 1`,
    ),
    deleteTurnsOfConversation: database.prepare<[string]>('DELETE FROM turns WHERE conversation_id = ?'),
    deleteTurnsOfConsent: database.prepare<[string]>('DELETE FROM turns WHERE consent_id = ?'),

    insertTombstone: database.prepare<Named>(
      `INSERT INTO tombstones (consent_id, conversation_id, reason, deleted_at) VALUES (@consentId, @conversationId, @reason, @deletedAt)`,
    ),
    insertTombstonesOfConsent: database.prepare<Named>(
      `INSERT INTO tombstones (consent_id, conversation_id, reason, deleted_at)
       SELECT consent_id, id, @reason, @deletedAt FROM conversations WHERE consent_id = @consentId ORDER BY created_at, id`,
    ),
    allTombstones: database.prepare<[], TombstoneRow>('SELECT * FROM tombstones ORDER BY id'),
  };
}
