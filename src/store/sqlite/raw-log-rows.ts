/**
 * Row shapes of the raw-log tables and their mapping to the records of src/schema/raw-records.ts.
 * JSON columns are parsed with the record schemas: the database file is a boundary too (it may
 * have been edited by hand or written by an older version).
 */
import { z } from 'zod';
import { chatMessageSchema, samplingParamsSchema, turnErrorSchema, turnOriginSchema, turnStatusSchema, usageSchema } from '../../schema/raw-records.ts';
import type { ConsentRecord, ConversationRecord, RequestContext, TombstoneRecord, TurnOrigin, TurnRecord, TurnStatus } from '../../schema/raw-records.ts';

export interface RequestContextColumns {
  hashed_ip: string;
  ip_key_id: string;
  country: string | null;
  state: string | null;
  user_agent: string | null;
  accept_language: string | null;
}

export interface ConsentRow extends RequestContextColumns {
  id: string;
  token_hash: string;
  terms_version: string;
  consented_at: number;
  withdrawn_at: number | null;
}

export interface ConversationRow {
  id: string;
  consent_id: string;
  title: string | null;
  system_prompt: string | null;
  source: string;
  created_at: number;
  updated_at: number;
}

export interface ConversationSummaryRow extends ConversationRow {
  turn_count: number;
  last_model: string | null;
}

export interface TurnRow extends RequestContextColumns {
  turn_identifier: number;
  conversation_id: string;
  consent_id: string;
  parent_turn_id: number | null;
  origin: string;
  context_messages: string | null;
  user_content: string;
  assistant_content: string;
  model_requested: string;
  model_reported: string | null;
  params: string;
  upstream_id: string | null;
  upstream_created: number | null;
  system_fingerprint: string | null;
  usage: string | null;
  finish_reason: string | null;
  status: string;
  error: string | null;
  received_at: number;
  first_token_at: number | null;
  completed_at: number | null;
  path_hash: string | null;
}

export interface TombstoneRow {
  id: number;
  consent_id: string;
  conversation_id: string | null;
  reason: string;
  deleted_at: number;
}

const contextMessagesSchema = z.array(chatMessageSchema);
// Enum columns are checked with a set lookup: they are read for every row of a release.
const conversationSources: ReadonlySet<ConversationRecord['source']> = new Set(['native', 'openai']);
const tombstoneReasons: ReadonlySet<TombstoneRecord['reason']> = new Set(['user_deleted_all', 'user_deleted_conversation', 'operator']);
const turnOrigins: ReadonlySet<TurnOrigin> = new Set(turnOriginSchema.options);
const turnStatuses: ReadonlySet<TurnStatus> = new Set(turnStatusSchema.options);

export function requestContextFromColumns(row: RequestContextColumns): RequestContext {
  return {
    hashedIp: row.hashed_ip,
    ipKeyId: row.ip_key_id,
    country: row.country,
    state: row.state,
    userAgent: row.user_agent,
    acceptLanguage: row.accept_language,
  };
}

export function consentFromRow(row: ConsentRow): ConsentRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    termsVersion: row.terms_version,
    consentedAt: row.consented_at,
    context: requestContextFromColumns(row),
    withdrawnAt: row.withdrawn_at,
  };
}

export function conversationFromRow(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    consentId: row.consent_id,
    title: row.title,
    systemPrompt: row.system_prompt,
    source: enumColumn(conversationSources, row.source, 'conversations.source', row.id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function turnFromRow(row: TurnRow): TurnRecord {
  const id = row.turn_identifier;
  return {
    turnIdentifier: id,
    conversationId: row.conversation_id,
    consentId: row.consent_id,
    parentTurnId: row.parent_turn_id,
    origin: enumColumn(turnOrigins, row.origin, 'turns.origin', id),
    contextMessages: row.context_messages === null ? null : parseJsonColumn(contextMessagesSchema, row.context_messages, 'turns.context_messages', id),
    userContent: row.user_content,
    assistantContent: row.assistant_content,
    request: requestContextFromColumns(row),
    modelRequested: row.model_requested,
    modelReported: row.model_reported,
    params: parseJsonColumn(samplingParamsSchema, row.params, 'turns.params', id),
    upstreamId: row.upstream_id,
    upstreamCreated: row.upstream_created,
    systemFingerprint: row.system_fingerprint,
    usage: row.usage === null ? null : parseJsonColumn(usageSchema, row.usage, 'turns.usage', id),
    finishReason: row.finish_reason,
    status: enumColumn(turnStatuses, row.status, 'turns.status', id),
    error: row.error === null ? null : parseJsonColumn(turnErrorSchema, row.error, 'turns.error', id),
    receivedAt: row.received_at,
    firstTokenAt: row.first_token_at,
    completedAt: row.completed_at,
    pathHash: row.path_hash,
  };
}

export function tombstoneFromRow(row: TombstoneRow): TombstoneRecord {
  return {
    id: row.id,
    consentId: row.consent_id,
    conversationId: row.conversation_id,
    reason: enumColumn(tombstoneReasons, row.reason, 'tombstones.reason', row.id),
    deletedAt: row.deleted_at,
  };
}

export function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function enumColumn<Value extends string>(allowed: ReadonlySet<Value>, value: string, column: string, rowId: string | number): Value {
  if (!(allowed as ReadonlySet<string>).has(value)) throw new Error(`invalid ${column} in row ${rowId}: not one of ${[...allowed].join(', ')}`);
  return value as Value;
}

/** Errors name the column and row, never the stored value (it may be user text). */
function parseColumn<Output>(schema: z.ZodType<Output>, value: unknown, column: string, rowId: string | number): Output {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`invalid ${column} in row ${rowId}: ${result.error.issues.map((issue) => issue.code).join(', ')}`);
  return result.data;
}

function parseJsonColumn<Output>(schema: z.ZodType<Output>, text: string, column: string, rowId: string | number): Output {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`invalid JSON in ${column} of row ${rowId}`);
  }
  return parseColumn(schema, value, column, rowId);
}
