/** The explorer's JSON twins (same origin). */
// The wire shapes are the SearchIndex's own types (type-only: nothing of the server is bundled).
import type { Facet, FacetValue, SearchHit } from '../../../src/search/search-index.ts';

export type { Facet, FacetValue, SearchHit };
export interface SearchResponse {
  hits: SearchHit[];
  nextCursor: string | null;
  total: { count: number; capped: boolean } | null;
  facets: Facet[];
  facetsCover: number;
  sort: string;
  timedOut: boolean;
  cut: string[];
  tookMs: number;
  budgetMs: number;
  countCap: number;
}
export interface ReleaseMessage {
  content: string;
  role: string;
  country: string | null;
  hashed_ip: string | null;
  language: string | null;
  redacted: boolean | null;
  timestamp: string | null;
  toxic: boolean | null;
  turn_identifier: number | null;
}
export interface ReleaseRecord {
  conversation_hash: string;
  model: string | null;
  timestamp: string | null;
  conversation: ReleaseMessage[];
  turn: number;
  language: string | null;
  openai_moderation: Array<{ categories?: Record<string, boolean>; flagged?: boolean }> | null;
  toxic: boolean | null;
  redacted: boolean | null;
  state: string | null;
  country: string | null;
  hashed_ip: string | null;
  branch: { index: number; count: number; kept: boolean; shared_messages: number } | null;
  annotations?: { jailbreak_family: string | null; jailbreak_tagged: boolean; jailbreak_message_index: number | null } | null;
}
export interface ConversationResponse {
  conversationHash: string;
  documents: Array<{ dataset: string; key: string; record: ReleaseRecord }>;
}
export interface UserResponse {
  hashedIp: string;
  conversations: number;
  hits: SearchHit[];
  nextCursor: string | null;
  timeline: Array<{ month: string | null; conversations: number; countries: FacetValue[]; models: FacetValue[]; languages: FacetValue[] }>;
  tookMs: number;
}
export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  position?: number;
}

export class ExplorerApiError extends Error {
  readonly problem: ApiProblem;
  constructor(problem: ApiProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

/** The problem to show for a failed request: the server's own, or "cannot be reached" when there was no answer. */
export function problemOf(error: unknown): ApiProblem {
  return error instanceof ExplorerApiError ? error.problem : { status: 0, code: 'network', message: 'the explorer server cannot be reached' };
}

export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string; position?: number } } | null;
  if (!response.ok) {
    const error = body?.error;
    throw new ExplorerApiError({
      status: response.status,
      code: error?.code ?? 'http',
      message: error?.message ?? `the server answered ${response.status}`,
      ...(error?.position !== undefined ? { position: error.position } : {}),
    });
  }
  return body as T;
}
