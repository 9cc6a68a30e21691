/**
 * What a statistics source carries, read from its schema before any statistic is computed, so
 * that every query names only fields that exist and every absent field becomes a stated reason.
 */
export interface SourceColumns {
  /** Top-level column names. */
  top: ReadonlySet<string>;
  /** Field names of one `conversation` item (content, role, language, toxic, hashed_ip ...). */
  message: ReadonlySet<string>;
  /** Category keys of `openai_moderation[].categories`, in schema order. */
  moderationCategories: readonly string[];
  /** Field names of `detoxify_moderation[]` items. */
  detoxify: ReadonlySet<string>;
  /** Field names of the `annotations` struct (ours). */
  annotations: ReadonlySet<string>;
  /** Field names of `annotations.pii_entity_counts`. */
  piiTypes: readonly string[];
}

/** Columns every source must have: without them no statistic means anything. */
export const REQUIRED_COLUMNS = ['conversation'] as const;
export const REQUIRED_MESSAGE_FIELDS = ['content', 'role'] as const;

export function missingRequired(columns: SourceColumns): string | null {
  for (const column of REQUIRED_COLUMNS) if (!columns.top.has(column)) return `no column "${column}" (the list of messages every statistic needs)`;
  for (const field of REQUIRED_MESSAGE_FIELDS) if (!columns.message.has(field)) return `conversation items have no field "${field}"`;
  return null;
}
