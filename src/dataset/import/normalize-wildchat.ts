/**
 * WildChat rows (v1 with conversation_id, 1M, 4.8M with richer per-message fields, and our own
 * exports with the extended columns) and LMSYS-Chat-1M rows (a subset of the same shape) to
 * release records. Fields we have no column for are kept in `extra`.
 */
import { z } from 'zod';
import {
  branchInfoSchema,
  EMPTY_TURN_DETAIL,
  releaseAnnotationsSchema,
  type BranchInfo,
  type ReleaseAnnotations,
  type ReleaseMessage,
  type ReleaseRecord,
  type TurnDetail,
} from '../../schema/release-record.ts';
import { completeRecord, mergeExtra } from './build-record.ts';
import {
  isPlainObject,
  normalizeDetoxifyList,
  normalizeExtra,
  normalizeHeader,
  normalizeModerationList,
  normalizeTurnDetail,
  nullableBoolean,
  nullableInteger,
  nullableNumber,
  nullableString,
  nullableTimestamp,
  unknownFields,
} from './field-normalizers.ts';
import { RowError, zodReason } from './row-error.ts';

/** The row's shape; each message is then read field by field (roles and contents are checked there). */
const rowShape = z.looseObject({
  conversation: z.array(z.record(z.string(), z.unknown())),
});
// Built once: zod schema construction costs more than parsing a null.
const optionalBranchSchema = branchInfoSchema.nullable().optional();
const optionalAnnotationsSchema = releaseAnnotationsSchema.nullable().optional();

type ConversationListRow = Record<string, unknown> & { conversation: Record<string, unknown>[] };

/**
 * The row itself when it already has the shape `rowShape` accepts (the common case), skipping
 * zod's per-message copies; null otherwise, and zod then produces the reason.
 */
function conversationListRow(row: unknown): ConversationListRow | null {
  if (!isPlainObject(row) || !Array.isArray(row.conversation)) return null;
  for (const item of row.conversation) if (!isPlainObject(item)) return null;
  return row as ConversationListRow;
}

const KNOWN_TOP_LEVEL = new Set([
  'conversation_hash',
  'model',
  'timestamp',
  'conversation',
  'turn',
  'language',
  'openai_moderation',
  'detoxify_moderation',
  'toxic',
  'redacted',
  'state',
  'country',
  'hashed_ip',
  'header',
  'schema_version',
  'conversation_id',
  'source',
  'system_prompt',
  'consent_terms_version',
  'branch',
  'turn_details',
  'extra',
  'annotations',
]);

const KNOWN_MESSAGE = new Set([
  'content',
  'country',
  'hashed_ip',
  'header',
  'language',
  'redacted',
  'role',
  'state',
  'timestamp',
  'toxic',
  'turn_identifier',
  // WildChat-4.8M per-message fields, mapped to turn_details
  'created',
  'openai_id',
  'system_fingerprint',
  'temperature',
  'top_p',
  'token_counter',
  'usage',
]);

const DETAIL_FIELDS_48M = ['created', 'openai_id', 'system_fingerprint', 'temperature', 'top_p', 'token_counter', 'usage'] as const;

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new RowError(`${field}: expected string`);
  return value;
}

/** Field readers get bare names; the message's position is added only when one fails. */
function message(item: Record<string, unknown>, index: number): ReleaseMessage {
  try {
    return {
      content: nullableString(item.content, 'content') ?? '',
      country: nullableString(item.country, 'country'),
      hashed_ip: nullableString(item.hashed_ip, 'hashed_ip'),
      header: normalizeHeader(item.header, 'header'),
      language: nullableString(item.language, 'language'),
      redacted: nullableBoolean(item.redacted, 'redacted'),
      role: requiredString(item.role, 'role'),
      state: nullableString(item.state, 'state'),
      timestamp: nullableTimestamp(item.timestamp, 'timestamp'),
      toxic: nullableBoolean(item.toxic, 'toxic'),
      turn_identifier: nullableInteger(item.turn_identifier, 'turn_identifier'),
    };
  } catch (error) {
    if (error instanceof RowError) throw new RowError(`conversation.${index}.${error.message}`);
    throw error;
  }
}

/** WildChat-4.8M keeps usage and OpenAI response metadata on each message. */
function detailFrom48M(item: Record<string, unknown>, field: string): { detail: TurnDetail; usageExtra: Record<string, unknown> | null } {
  const usage = isPlainObject(item.usage) ? item.usage : null;
  const usageExtra = usage === null ? null : unknownFields(usage, new Set(['prompt_tokens', 'completion_tokens', 'total_tokens']));
  return {
    detail: {
      ...EMPTY_TURN_DETAIL,
      created: nullableInteger(item.created, `${field}.created`),
      openai_id: nullableString(item.openai_id, `${field}.openai_id`),
      system_fingerprint: nullableString(item.system_fingerprint, `${field}.system_fingerprint`),
      temperature: nullableNumber(item.temperature, `${field}.temperature`),
      top_p: nullableNumber(item.top_p, `${field}.top_p`),
      token_counter: nullableInteger(item.token_counter, `${field}.token_counter`),
      prompt_tokens: nullableInteger(usage?.prompt_tokens, `${field}.usage.prompt_tokens`),
      completion_tokens: nullableInteger(usage?.completion_tokens, `${field}.usage.completion_tokens`),
      total_tokens: nullableInteger(usage?.total_tokens, `${field}.usage.total_tokens`),
    },
    usageExtra,
  };
}

/** Struct columns may arrive as JSON text (e.g. from CSV-ish dumps). */
function jsonTextOrValue(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new RowError(`${field}: expected object`);
  }
}

export function normalizeConversationListRow(row: unknown, defaultSource: 'wildchat' | 'lmsys'): ReleaseRecord {
  let data = conversationListRow(row);
  if (data === null) {
    const parsed = rowShape.safeParse(row);
    if (!parsed.success) throw new RowError(zodReason(parsed.error));
    data = parsed.data as ConversationListRow;
  }

  const conversation = data.conversation.map((item, index) => message(item, index));
  const has48MDetails = data.conversation.some((item) => DETAIL_FIELDS_48M.some((key) => item[key] !== undefined));
  let turnDetails: TurnDetail[] | null = null;
  const perMessageUnknown = data.conversation.map((item) => unknownFields(item, KNOWN_MESSAGE));
  if (Array.isArray(data.turn_details)) {
    turnDetails = data.turn_details.map((detail, index) => normalizeTurnDetail(detail, `turn_details.${index}`));
  } else if (data.turn_details !== null && data.turn_details !== undefined) {
    throw new RowError('turn_details: expected list');
  } else if (has48MDetails) {
    turnDetails = data.conversation.map((item, index) => {
      const { detail, usageExtra } = detailFrom48M(item, `conversation.${index}`);
      if (usageExtra !== null) perMessageUnknown[index] = { ...perMessageUnknown[index], usage_details: usageExtra };
      return detail;
    });
  }
  if (turnDetails !== null && turnDetails.length !== conversation.length) throw new RowError('turn_details: length differs from conversation');

  let branch: BranchInfo | null = null;
  if (data.branch !== null && data.branch !== undefined) {
    const branchResult = optionalBranchSchema.safeParse(jsonTextOrValue(data.branch, 'branch'));
    if (!branchResult.success) throw new RowError(`branch: ${zodReason(branchResult.error)}`);
    branch = branchResult.data ?? null;
  }
  let annotations: ReleaseAnnotations | null = null;
  if (data.annotations !== null && data.annotations !== undefined) {
    const annotationsResult = optionalAnnotationsSchema.safeParse(jsonTextOrValue(data.annotations, 'annotations'));
    if (!annotationsResult.success) throw new RowError(`annotations: ${zodReason(annotationsResult.error)}`);
    annotations = annotationsResult.data ?? null;
  }

  const hash = nullableString(data.conversation_hash, 'conversation_hash');
  if (hash !== null && !/^[0-9a-f]{32}$/.test(hash)) throw new RowError('conversation_hash: expected 32 hex characters');

  return completeRecord({
    conversation_hash: hash ?? undefined,
    model: nullableString(data.model, 'model'),
    timestamp: nullableTimestamp(data.timestamp, 'timestamp'),
    conversation,
    turn: nullableInteger(data.turn, 'turn') ?? undefined,
    language: nullableString(data.language, 'language'),
    openai_moderation: normalizeModerationList(data.openai_moderation, 'openai_moderation'),
    detoxify_moderation: normalizeDetoxifyList(data.detoxify_moderation, 'detoxify_moderation'),
    toxic: nullableBoolean(data.toxic, 'toxic'),
    redacted: nullableBoolean(data.redacted, 'redacted'),
    state: nullableString(data.state, 'state'),
    country: nullableString(data.country, 'country'),
    hashed_ip: nullableString(data.hashed_ip, 'hashed_ip'),
    header: normalizeHeader(data.header, 'header'),
    schema_version: nullableInteger(data.schema_version, 'schema_version') ?? undefined,
    conversation_id: data.conversation_id === undefined || data.conversation_id === null ? null : String(data.conversation_id),
    source: nullableString(data.source, 'source') ?? defaultSource,
    system_prompt: nullableString(data.system_prompt, 'system_prompt'),
    consent_terms_version: nullableString(data.consent_terms_version, 'consent_terms_version'),
    branch,
    turn_details: turnDetails,
    extra: mergeExtra(normalizeExtra(data.extra, 'extra'), unknownFields(data, KNOWN_TOP_LEVEL), perMessageUnknown),
    annotations,
  });
}
