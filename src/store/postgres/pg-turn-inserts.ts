/**
 * The new turns gathered by one TickBatch as one INSERT … SELECT FROM unnest(…): one round trip
 * and one commit for all of them. Each row keeps the checks a single insert makes (its conversation
 * belongs to its consent, the consent stands, a parent is in the same conversation); a call that
 * fails them gets its own error while the others are inserted. The identifiers are drawn from the
 * turns' identity sequence before the insert, so each call learns its own row's identifier
 * whatever order the rows come back in.
 */
import type pg from 'pg';
import { jsonOrNull } from '../sqlite/raw-log-rows.ts';
import type { NewTurn } from '../store.ts';
import { BatchItemFailure } from './tick-batch.ts';

const INSERT_TURNS = {
  // Named: each connection parses and plans the statement once, not on every batch.
  name: 'wildchat_insert_turns',
  text: `WITH input AS MATERIALIZED (
     SELECT eligible.*, nextval(pg_get_serial_sequence('turns', 'turn_identifier')) AS turn_identifier
     FROM (
       SELECT i.* FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
           $11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[])
         WITH ORDINALITY AS i (conversation_id, consent_id, parent_turn_id, origin, context_messages, user_content, hashed_ip, ip_key_id, country, state,
           user_agent, accept_language, model_requested, params, received_at, item)
       JOIN conversations c ON c.id = i.conversation_id AND c.consent_id = i.consent_id
       JOIN consents k ON k.id = c.consent_id AND k.withdrawn_at IS NULL
       WHERE i.parent_turn_id IS NULL OR EXISTS (SELECT 1 FROM turns p WHERE p.turn_identifier = i.parent_turn_id AND p.conversation_id = c.id)
       ORDER BY i.item
     ) eligible
   ), inserted AS (
     INSERT INTO turns (turn_identifier, conversation_id, consent_id, parent_turn_id, origin, context_messages, user_content, assistant_content,
       hashed_ip, ip_key_id, country, state, user_agent, accept_language, model_requested, params, status, received_at, instance_id)
     OVERRIDING SYSTEM VALUE
     SELECT turn_identifier, conversation_id, consent_id, parent_turn_id, origin, context_messages, user_content, '',
       hashed_ip, ip_key_id, country, state, user_agent, accept_language, model_requested, params, 'pending', received_at, $16
     FROM input
     RETURNING turn_identifier
   ), touched AS (
     UPDATE conversations c SET updated_at = greatest(c.updated_at, latest.received_at)
     -- In id order, so two instances' batches touching the same conversations are unlikely to deadlock
     -- (one that does is run again call by call, see TickBatch).
     FROM (SELECT conversation_id, max(received_at) AS received_at FROM input GROUP BY conversation_id ORDER BY conversation_id) latest
     WHERE c.id = latest.conversation_id
   )
   SELECT input.item::integer AS item, input.turn_identifier FROM input JOIN inserted USING (turn_identifier)`,
};

/** Inserts every call's turn that passes its checks; answers each call's identifier or its own failure. */
export async function insertTurns(pool: pg.Pool, instanceId: string, inputs: readonly NewTurn[]): Promise<(number | BatchItemFailure)[]> {
  const column = <T>(pick: (input: NewTurn) => T): T[] => inputs.map(pick);
  const result = await pool.query<{ item: number; turn_identifier: number }>({
    ...INSERT_TURNS,
    values: [
      column((input) => input.conversationId),
      column((input) => input.consentId),
      column((input) => input.parentTurnId),
      column((input) => input.origin),
      column((input) => jsonOrNull(input.contextMessages)),
      column((input) => input.userContent),
      column((input) => input.request.hashedIp),
      column((input) => input.request.ipKeyId),
      column((input) => input.request.country),
      column((input) => input.request.state),
      column((input) => input.request.userAgent),
      column((input) => input.request.acceptLanguage),
      column((input) => input.modelRequested),
      column((input) => JSON.stringify(input.params)),
      column((input) => input.receivedAt),
      instanceId,
    ],
  });
  const identifiers = new Array<number | undefined>(inputs.length);
  for (const row of result.rows) identifiers[row.item - 1] = row.turn_identifier;
  return inputs.map((input, index) => identifiers[index] ?? new BatchItemFailure(refusedTurn(input)));
}

/** Names identifiers only, never the message. */
function refusedTurn(input: NewTurn): Error {
  return new Error(
    `cannot insert turn: conversation ${input.conversationId} does not exist for consent ${input.consentId}` +
      (input.parentTurnId === null ? '' : ` or parent turn ${input.parentTurnId} is not in it`),
  );
}
