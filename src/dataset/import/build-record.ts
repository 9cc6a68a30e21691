/** Shared last step of every importer: fill the derived fields and collect unknown ones. */
import { RELEASE_SCHEMA_VERSION, type ReleaseMessage, type ReleaseRecord } from '../../schema/release-record.ts';
import { conversationHash } from '../../core/conversation-hash.ts';
import { RowError } from './row-error.ts';

export function emptyMessage(role: string, content: string): ReleaseMessage {
  return {
    content,
    country: null,
    hashed_ip: null,
    header: null,
    language: null,
    redacted: null,
    role,
    state: null,
    timestamp: null,
    toxic: null,
    turn_identifier: null,
  };
}

/** Combines the `extra` column (if any), unknown top-level fields and unknown per-message fields. */
export function mergeExtra(
  existing: Record<string, unknown> | null,
  unknownTopLevel: Record<string, unknown> | null,
  unknownPerMessage: (Record<string, unknown> | null)[],
): Record<string, unknown> | null {
  const hasMessageExtras = unknownPerMessage.some((item) => item !== null);
  if (existing === null && unknownTopLevel === null && !hasMessageExtras) return null;
  const extra: Record<string, unknown> = { ...existing, ...unknownTopLevel };
  if (hasMessageExtras && extra.messages === undefined) extra.messages = unknownPerMessage;
  return extra;
}

export type RecordDraft = Partial<ReleaseRecord> & Pick<ReleaseRecord, 'conversation' | 'source'>;

/** The chat roles a release record may hold (OpenAI's message roles); anything else is a bad row. */
export const KNOWN_ROLES: ReadonlySet<string> = new Set(['user', 'assistant', 'system', 'developer', 'tool', 'function']);

/**
 * A complete record from a draft: missing fields null, hash and turn count derived when absent.
 * `roleField` names the source field a message's role came from, for the bad-row reason.
 */
export function completeRecord(draft: RecordDraft, roleField: (index: number) => string = (index) => `conversation.${index}.role`): ReleaseRecord {
  draft.conversation.forEach((message, index) => {
    // The value is not repeated: a reason never carries row content.
    if (!KNOWN_ROLES.has(message.role)) throw new RowError(`${roleField(index)}: unknown role (expected ${[...KNOWN_ROLES].join(', ')})`);
  });
  return {
    conversation_hash: draft.conversation_hash ?? conversationHash(draft.conversation),
    model: draft.model ?? null,
    timestamp: draft.timestamp ?? null,
    conversation: draft.conversation,
    turn: draft.turn ?? draft.conversation.filter((message) => message.role === 'user').length,
    language: draft.language ?? null,
    openai_moderation: draft.openai_moderation ?? null,
    detoxify_moderation: draft.detoxify_moderation ?? null,
    toxic: draft.toxic ?? null,
    redacted: draft.redacted ?? null,
    state: draft.state ?? null,
    country: draft.country ?? null,
    hashed_ip: draft.hashed_ip ?? null,
    header: draft.header ?? null,
    schema_version: draft.schema_version ?? RELEASE_SCHEMA_VERSION,
    conversation_id: draft.conversation_id ?? null,
    source: draft.source,
    system_prompt: draft.system_prompt ?? null,
    consent_terms_version: draft.consent_terms_version ?? null,
    branch: draft.branch ?? null,
    turn_details: draft.turn_details ?? null,
    extra: draft.extra ?? null,
    annotations: draft.annotations ?? null,
  };
}
