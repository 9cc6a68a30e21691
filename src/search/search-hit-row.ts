/**
 * A search hit from an adapter's result row: both adapters select the same columns and keep the
 * record the same way (stored-record.ts), so the mapping and the snippet rule live here once.
 */
import { documentTexts, snippetAround } from './document-fields.ts';
import type { SearchHit } from './search-index.ts';
import { decompressRecord } from './stored-record.ts';

/** The hit columns, with booleans already decoded (SQLite stores them as 0/1). */
export interface SearchHitRow {
  dataset: string;
  key: string;
  conversation_hash: string;
  model: string | null;
  language: string | null;
  country: string | null;
  state: string | null;
  hashed_ip: string | null;
  toxic: boolean | null;
  redacted: boolean | null;
  jailbreak: string | null;
  turns: number;
  timestamp: string | null;
  preview: string;
  record: Buffer;
}

/** The snippet comes from the first text of the searched role that contains a term. */
export function searchHitFromRow(row: SearchHitRow, terms: readonly string[], role: 'any' | 'user' | 'assistant'): SearchHit {
  let snippet: string | null = null;
  if (terms.length > 0) {
    const texts = documentTexts(decompressRecord(row.record));
    const order = role === 'assistant' ? [texts.assistant] : role === 'user' ? [texts.user] : [texts.user, texts.assistant];
    for (const text of order) {
      snippet = snippetAround(text, terms);
      if (snippet !== null) break;
    }
  }
  return {
    dataset: row.dataset,
    key: row.key,
    conversationHash: row.conversation_hash,
    model: row.model,
    language: row.language,
    country: row.country,
    state: row.state,
    hashedIp: row.hashed_ip,
    toxic: row.toxic,
    redacted: row.redacted,
    jailbreakFamily: row.jailbreak,
    turns: row.turns,
    timestamp: row.timestamp,
    preview: row.preview,
    snippet,
  };
}
