/** One record as a JSON line in column order, for the JSONL output and DuckDB's Parquet writer. */
import type { ReleaseRecord } from '../../schema/release-record.ts';
import type { ExportSchema } from './release-columns.ts';

export function recordJsonLine(record: ReleaseRecord, schema: ExportSchema): string {
  const wildChat = {
    conversation_hash: record.conversation_hash,
    model: record.model,
    timestamp: record.timestamp,
    conversation: record.conversation,
    turn: record.turn,
    language: record.language,
    openai_moderation: record.openai_moderation,
    detoxify_moderation: record.detoxify_moderation,
    toxic: record.toxic,
    redacted: record.redacted,
    state: record.state,
    country: record.country,
    hashed_ip: record.hashed_ip,
    header: record.header,
  };
  if (schema === 'wildchat-1m') return JSON.stringify(wildChat);
  return JSON.stringify({
    ...wildChat,
    schema_version: record.schema_version,
    conversation_id: record.conversation_id,
    source: record.source,
    system_prompt: record.system_prompt,
    consent_terms_version: record.consent_terms_version,
    branch: record.branch,
    turn_details: record.turn_details,
    extra: record.extra === null ? null : JSON.stringify(record.extra),
    annotations: record.annotations ?? null,
  });
}
