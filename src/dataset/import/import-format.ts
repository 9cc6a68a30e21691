/** The source formats `wildchat import` understands, their detection and their normalizers. */
import type { ReleaseRecord } from '../../schema/release-record.ts';
import { isPlainObject } from './field-normalizers.ts';
import { normalizeOpenAiRow } from './normalize-openai.ts';
import { normalizeShareGptRow } from './normalize-sharegpt.ts';
import { normalizeConversationListRow } from './normalize-wildchat.ts';

import type { ImportFormat } from '../../schema/import-formats.ts';

export { IMPORT_FORMATS, type ImportFormat } from '../../schema/import-formats.ts';

export const NORMALIZERS: Record<ImportFormat, (row: unknown) => ReleaseRecord> = {
  wildchat: (row) => normalizeConversationListRow(row, 'wildchat'),
  lmsys: (row) => normalizeConversationListRow(row, 'lmsys'),
  sharegpt: normalizeShareGptRow,
  openai: normalizeOpenAiRow,
};

/** Fields only WildChat-shaped rows have (LMSYS-Chat-1M has conversation_id, model, conversation, turn, language, openai_moderation, redacted). */
const WILDCHAT_MARKERS = ['conversation_hash', 'timestamp', 'toxic', 'detoxify_moderation', 'hashed_ip', 'header', 'schema_version'];

export interface DetectedFormat {
  format: ImportFormat;
  /** A short human-readable reason, e.g. "rows have conversations[{from, value}], as ShareGPT". */
  evidence: string;
}

function formatOfRow(row: unknown): DetectedFormat | null {
  if (!isPlainObject(row)) return null;
  if (Array.isArray(row.conversations) && row.conversations.some((item) => isPlainObject(item) && 'from' in item && 'value' in item)) {
    return { format: 'sharegpt', evidence: 'rows have conversations[{from, value}], as ShareGPT' };
  }
  if (Array.isArray(row.messages) && row.messages.every((item) => isPlainObject(item) && typeof item.role === 'string')) {
    return { format: 'openai', evidence: 'rows have messages[{role, content}], as the OpenAI chat format' };
  }
  if (Array.isArray(row.conversation)) {
    const marker = WILDCHAT_MARKERS.find((key) => key in row);
    if (marker !== undefined) return { format: 'wildchat', evidence: `rows have conversation[] and ${marker}, as WildChat` };
    if ('conversation_id' in row)
      return { format: 'lmsys', evidence: 'rows have conversation[] and conversation_id but no WildChat-only field, as LMSYS-Chat-1M' };
    return { format: 'wildchat', evidence: 'rows have conversation[{role, content}], as WildChat' };
  }
  return null;
}

/** Majority vote over sample rows; null when none of them looks like a known format. */
export function detectImportFormat(sample: readonly unknown[]): DetectedFormat | null {
  const votes = new Map<ImportFormat, { detected: DetectedFormat; count: number }>();
  for (const row of sample) {
    const detected = formatOfRow(row);
    if (detected === null) continue;
    const entry = votes.get(detected.format) ?? { detected, count: 0 };
    entry.count += 1;
    votes.set(detected.format, entry);
  }
  let best: { detected: DetectedFormat; count: number } | null = null;
  for (const entry of votes.values()) if (best === null || entry.count > best.count) best = entry;
  return best === null ? null : best.detected;
}
