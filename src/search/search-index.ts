/**
 * SearchIndex: what the explorer needs from a full-text engine. One interface, one contract
 * suite (search-index.contract.ts); the SQLite FTS5 adapter lives in sqlite/, a PostgreSQL
 * full-text adapter can drop in beside it. Nothing above this file asks which adapter it has.
 *
 * A document is one conversation (one release record; a branch of a collected conversation is
 * its own document). Documents are keyed by (dataset, key) and can be added or replaced at any
 * time, so indexing is incremental when a dataset grows.
 */
import type { ReleaseRecord } from '../schema/release-record.ts';
import type { SearchQuery } from './query-syntax.ts';

export interface IndexDocument {
  dataset: string;
  /** Unique within the dataset (e.g. conversation hash + branch index). */
  key: string;
  record: ReleaseRecord;
}

export interface AddDocumentsResult {
  added: number;
  replaced: number;
  unchanged: number;
}

export const SEARCH_SORTS = ['time-desc', 'time-asc', 'relevance'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** Every filter is optional; a conversation must pass all that are given. */
export interface SearchFilters {
  dataset?: string[];
  language?: string[];
  country?: string[];
  state?: string[];
  model?: string[];
  toxic?: boolean;
  redacted?: boolean;
  /** Flagged in this OpenAI moderation category in some message (e.g. 'harassment'). */
  moderation?: string[];
  /** Jailbreak family of the conversation ('dan', 'template:...'); 'any' = tagged at all. */
  jailbreak?: string[];
  minTurns?: number;
  maxTurns?: number;
  /** Inclusive bounds on the conversation time, ISO 8601 date or date-time (UTC). */
  from?: string;
  to?: string;
  hashedIp?: string;
  conversationHash?: string;
  turnIdentifier?: number;
}

export const FACET_FIELDS = ['dataset', 'language', 'country', 'model', 'toxic', 'month', 'jailbreak', 'redacted'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface FacetValue {
  /** The value as a filter takes it ('true'/'false' for booleans, 'YYYY-MM' for months); null = unknown. */
  value: string | null;
  count: number;
}

export interface Facet {
  field: FacetField;
  values: FacetValue[];
  /** More distinct values exist than listed. */
  truncated: boolean;
}

export interface SearchRequest {
  query: SearchQuery;
  filters: SearchFilters;
  sort: SearchSort;
  /** Page size, 1..MAX_PAGE_SIZE. */
  limit: number;
  /** Opaque token from a previous page's nextCursor. */
  cursor?: string | null;
  facets?: readonly FacetField[];
  /** Values listed per facet. */
  facetSize?: number;
  /** Count exactly up to this many matches; beyond it the total reads "more than cap". */
  countCap?: number;
  /** Milliseconds the whole search may take; past it the answer is cut and says so. */
  budgetMs?: number;
}

export interface SearchHit {
  dataset: string;
  key: string;
  conversationHash: string;
  model: string | null;
  language: string | null;
  country: string | null;
  state: string | null;
  hashedIp: string | null;
  toxic: boolean | null;
  redacted: boolean | null;
  jailbreakFamily: string | null;
  turns: number;
  timestamp: string | null;
  /** First user message, shortened. */
  preview: string;
  /** Where the first highlighted term occurs: a short window of the matching text. */
  snippet: string | null;
}

export interface SearchTotal {
  /** Exact when !capped; otherwise "more than count". */
  count: number;
  capped: boolean;
}

export interface SearchResult {
  hits: SearchHit[];
  /** null when the last page was reached. */
  nextCursor: string | null;
  /** null when counting ran out of budget before it could say anything. */
  total: SearchTotal | null;
  facets: Facet[];
  /**
   * Matches the facet counts cover: all of them when the total is exact, else the first countCap
   * matches in the requested order (the page says so).
   */
  facetsCover: number;
  /** The sort applied: relevance needs a search term, so without one it falls back to time-desc. */
  sort: SearchSort;
  /** The budget ran out: hits, total or facets may be incomplete (see which in `cut`). */
  timedOut: boolean;
  cut: Array<'hits' | 'total' | 'facets'>;
  tookMs: number;
}

export interface ConversationDocument {
  dataset: string;
  key: string;
  record: ReleaseRecord;
}

export interface UserTimelineEntry {
  /** YYYY-MM, or null for conversations without a time. */
  month: string | null;
  conversations: number;
  countries: FacetValue[];
  models: FacetValue[];
  languages: FacetValue[];
}

export interface UserRequest {
  hashedIp: string;
  limit: number;
  cursor?: string | null;
  dataset?: string[];
}

export interface UserResult {
  hashedIp: string;
  conversations: number;
  hits: SearchHit[];
  nextCursor: string | null;
  timeline: UserTimelineEntry[];
  tookMs: number;
}

export interface IndexedDataset {
  name: string;
  documents: number;
  /** Adapter-defined progress marker for incremental indexing (e.g. records seen in the source). */
  sourcePosition: number;
  updatedAt: number;
}

export interface SearchIndex {
  /** Adds or replaces documents (same dataset + key = replace when the record changed). */
  addDocuments(documents: readonly IndexDocument[]): Promise<AddDocumentsResult>;
  removeDocuments(dataset: string, keys: readonly string[]): Promise<number>;
  /** Keys of a dataset's documents (to find ones whose source disappeared). */
  documentKeys(dataset: string): Promise<string[]>;
  /** Drops a dataset's documents and its bookkeeping. */
  removeDataset(dataset: string): Promise<number>;
  search(request: SearchRequest): Promise<SearchResult>;
  /** All conversations with this hash (one per dataset/branch), dataset filter optional. */
  getConversation(conversationHash: string, dataset?: string): Promise<ConversationDocument[]>;
  user(request: UserRequest): Promise<UserResult>;
  listDatasets(): Promise<IndexedDataset[]>;
  /** Records how far a source has been indexed (for incremental runs). */
  setSourcePosition(dataset: string, position: number): Promise<void>;
  /** Merges index segments after a large build (optional; faster queries afterwards). */
  optimize?(): Promise<void>;
  close(): Promise<void>;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 30;
export const DEFAULT_COUNT_CAP = 10_000;
export const DEFAULT_BUDGET_MS = 1000;
export const DEFAULT_FACET_SIZE = 10;

/** Bad request values that are not query syntax (a malformed cursor, a page size out of range). */
export class SearchRequestError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'SearchRequestError';
    this.field = field;
  }
}
