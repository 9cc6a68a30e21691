/**
 * The conversation writes and reads of a new `/v1` or chat-page conversation, gathered by
 * TickBatch: the conversation-cap counts of many consents in one SELECT, and the new conversations
 * in one INSERT … SELECT FROM unnest(…). Each call keeps the semantics of its own statement; a
 * conversation whose consent is unknown or withdrawn gets its own error while the others are
 * inserted.
 */
import type pg from 'pg';
import type { ConversationRecord } from '../../schema/raw-records.ts';
import { BatchItemFailure } from './tick-batch.ts';

export interface ConversationCount {
  consentId: string;
  atMost: number;
}

const COUNT_CONVERSATIONS = {
  name: 'wildchat_count_conversations',
  text: `SELECT i.item::integer AS item,
       (SELECT count(*)::integer FROM (SELECT 1 FROM conversations c WHERE c.consent_id = i.consent_id LIMIT i.at_most) AS kept) AS count
     FROM unnest($1::text[], $2::integer[]) WITH ORDINALITY AS i (consent_id, at_most, item)`,
};

// Only under a consent that stands: the share lock waits for a deletion in progress, whose
// withdrawal the re-checked condition then sees, so no conversation outlives its consent's deletion.
const INSERT_CONVERSATIONS = {
  name: 'wildchat_insert_conversations',
  text: `INSERT INTO conversations (id, consent_id, title, system_prompt, source, created_at, updated_at)
     SELECT i.id, k.id, i.title, i.system_prompt, i.source, i.created_at, i.created_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS i (id, consent_id, title, system_prompt, source, created_at)
     JOIN consents k ON k.id = i.consent_id AND k.withdrawn_at IS NULL
     FOR KEY SHARE OF k
     RETURNING id`,
};

/** Up to `atMost` per call (callers pass a positive integer). */
export async function countConversations(pool: pg.Pool, requests: readonly ConversationCount[]): Promise<number[]> {
  const result = await pool.query<{ item: number; count: number }>({
    ...COUNT_CONVERSATIONS,
    values: [requests.map((request) => request.consentId), requests.map((request) => request.atMost)],
  });
  const counts = new Array<number>(requests.length).fill(0);
  for (const row of result.rows) counts[row.item - 1] = row.count;
  return counts;
}

export async function insertConversations(pool: pg.Pool, records: readonly ConversationRecord[]): Promise<(ConversationRecord | BatchItemFailure)[]> {
  const result = await pool.query<{ id: string }>({
    ...INSERT_CONVERSATIONS,
    values: [
      records.map((record) => record.id),
      records.map((record) => record.consentId),
      records.map((record) => record.title),
      records.map((record) => record.systemPrompt),
      records.map((record) => record.source),
      records.map((record) => record.createdAt),
    ],
  });
  const inserted = new Set(result.rows.map((row) => row.id));
  return records.map((record) =>
    inserted.has(record.id) ? record : new BatchItemFailure(new Error(`cannot create conversation: consent ${record.consentId} is unknown or withdrawn`)),
  );
}
