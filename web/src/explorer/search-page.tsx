/** Search: query box, active filters, facet counts, results with highlighted matches, cursor pages. */
import { useEffect, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { fetchJson, problemOf, type ApiProblem, type SearchHit, type SearchResponse } from './explorer-api.ts';
import { Highlighted } from './highlight.tsx';
import { termsOf } from './query-terms.ts';
import { navigate, withParam, type Place } from './use-location.ts';

const FILTER_LABELS: Record<string, string> = {
  dataset: 'dataset',
  language: 'language',
  country: 'country',
  state: 'state',
  model: 'model',
  toxic: 'toxic',
  redacted: 'redacted',
  moderation: 'flagged',
  jailbreak: 'jailbreak',
  min_turns: 'turns ≥',
  max_turns: 'turns ≤',
  from: 'from',
  to: 'to',
  hashed_ip: 'user',
  conversation_hash: 'conversation',
  turn_identifier: 'turn id',
};
const FACET_PARAM: Record<string, string> = { month: 'month' };

export function formatCount(total: SearchResponse['total'], countCap: number): string {
  if (total === null) return 'count not available (time budget reached)';
  if (total.count === 0) return 'no conversations';
  const noun = total.count === 1 && !total.capped ? 'conversation' : 'conversations';
  return total.capped ? `more than ${Math.max(total.count, countCap).toLocaleString('en-US')} ${noun}` : `${total.count.toLocaleString('en-US')} ${noun}`;
}

function monthRange(month: string): { from: string; to: string } {
  const [year, monthNumber] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year ?? 1970, monthNumber ?? 1, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

function facetHref(params: URLSearchParams, field: string, value: string | null): string {
  if (field === 'month' && value !== null) {
    const range = monthRange(value);
    const next = new URLSearchParams(params);
    next.set('from', range.from);
    next.set('to', range.to);
    next.delete('cursor');
    return `/search?${next.toString()}`;
  }
  const param = FACET_PARAM[field] ?? field;
  if (field === 'toxic' || field === 'redacted') return withParam(params, param, value);
  return withParam(params, param, value ?? '', 'add');
}

function nextPageHref(params: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(params);
  next.set('cursor', cursor);
  return `/search?${next.toString()}`;
}

export function HitItem({ hit, terms }: { hit: SearchHit; terms: readonly string[] }): ReactElement {
  return (
    <li className="hit">
      <a
        className="hit-title"
        href={`/c/${hit.conversationHash}?dataset=${encodeURIComponent(hit.dataset)}${terms.length > 0 ? `&highlight=${encodeURIComponent(terms.join('\u0001'))}` : ''}`}
      >
        <Highlighted text={hit.preview || '(empty first message)'} terms={terms} />
      </a>
      {hit.snippet !== null && hit.snippet !== hit.preview ? (
        <p className="hit-snippet">
          <Highlighted text={hit.snippet} terms={terms} />
        </p>
      ) : null}
      <p className="hit-meta">
        <span>{hit.timestamp?.slice(0, 10) ?? 'no date'}</span>
        <span>{hit.model ?? 'unknown model'}</span>
        <span>{hit.language ?? 'unknown language'}</span>
        {hit.country !== null ? <span>{hit.country}</span> : null}
        <span>
          {hit.turns} turn{hit.turns === 1 ? '' : 's'}
        </span>
        {hit.toxic === true ? <span className="badge badge-toxic">toxic</span> : null}
        {hit.jailbreakFamily !== null ? <span className="badge badge-jailbreak">jailbreak: {hit.jailbreakFamily}</span> : null}
        {hit.redacted === true ? <span className="badge">redacted</span> : null}
        {hit.hashedIp !== null ? (
          <a className="user-link" href={`/u/${encodeURIComponent(hit.hashedIp)}`}>
            user {hit.hashedIp.slice(0, 10)}
          </a>
        ) : null}
        <span className="dataset-name">{hit.dataset}</span>
      </p>
    </li>
  );
}

export function SearchPage({ place }: { place: Place }): ReactElement {
  const { params } = place;
  const query = params.get('q') ?? '';
  const [draft, setDraft] = useState(query);
  const [result, setResult] = useState<SearchResponse | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loading, setLoading] = useState(true);
  const search = params.toString();

  useEffect(() => setDraft(query), [query]);
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    fetchJson<SearchResponse>(`/search.json?${params.toString()}`, controller.signal)
      .then((body) => {
        setResult(body);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setResult(null);
        setProblem(problemOf(error));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [search]);

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    navigate(withParam(params, 'q', draft.trim() === '' ? null : draft));
  };
  const terms = termsOf(query);
  const active = [...params.entries()].filter(([name]) => name in FILTER_LABELS);
  const exportQuery = new URLSearchParams(params);
  exportQuery.delete('cursor');

  return (
    <div className="search-layout">
      <form className="search-form" role="search" onSubmit={onSubmit}>
        <input
          name="q"
          type="search"
          aria-label="Search conversations"
          placeholder='words, "exact phrase", -excluded, role:user, turn:first'
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <select
          aria-label="Sort"
          value={params.get('sort') ?? 'time-desc'}
          onChange={(event) => navigate(withParam(params, 'sort', event.target.value === 'time-desc' ? null : event.target.value))}
        >
          <option value="time-desc">newest first</option>
          <option value="time-asc">oldest first</option>
          <option value="relevance">most relevant</option>
        </select>
        <button type="submit">Search</button>
      </form>
      {active.length > 0 ? (
        <ul className="active-filters" aria-label="Active filters">
          {active.map(([name, value]) => (
            <li key={`${name}=${value}`}>
              <a href={withParam(params, name, value, 'remove')} title="Remove this filter">
                {FILTER_LABELS[name]}: {value === '' ? 'unknown' : value} ✕
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {problem !== null ? (
        <div className="problem" role="alert">
          <strong>{problem.code === 'query_syntax' ? 'The query cannot be read: ' : 'The search failed: '}</strong>
          {problem.message}
          {problem.position !== undefined ? (
            <pre className="query-pointer" aria-label="Where the problem is">
              {query}
              {'\n'}
              {' '.repeat(problem.position)}^
            </pre>
          ) : null}
        </div>
      ) : null}
      {result !== null ? (
        <>
          <p className="result-summary" aria-live="polite">
            <strong data-testid="total">{formatCount(result.total, result.countCap)}</strong>
            <span className="took">{Math.round(result.tookMs)} ms</span>
            <a href={`/search.csv?${exportQuery.toString()}`} download>
              CSV
            </a>
            <a href={`/search.jsonl?${exportQuery.toString()}`} download>
              JSONL
            </a>
            <a href={`/search.json?${exportQuery.toString()}`}>JSON</a>
          </p>
          {result.timedOut ? (
            <div className="warning" role="status">
              This search ran past its {result.budgetMs.toLocaleString('en-US')} ms budget: {result.cut.join(', ')} {result.cut.length === 1 ? 'is' : 'are'}{' '}
              incomplete. Add a filter or a rarer term.
            </div>
          ) : null}
          <div className="search-columns">
            <aside className="facets" aria-label="Facets">
              {result.total !== null && result.total.capped && result.facetsCover > 0 ? (
                <p className="facet-note">Counts over the newest {result.facetsCover.toLocaleString('en-US')} matches.</p>
              ) : null}
              {result.facets.map((facet) => (
                <section key={facet.field} className="facet" data-facet={facet.field}>
                  <h2>{facet.field}</h2>
                  <ul>
                    {facet.values.map((value) => (
                      <li key={String(value.value)}>
                        <a href={facetHref(params, facet.field, value.value)} data-value={value.value ?? ''}>
                          <span className="facet-value">{value.value ?? 'unknown'}</span>
                          <span className="facet-count">{value.count.toLocaleString('en-US')}</span>
                        </a>
                      </li>
                    ))}
                  </ul>
                  {facet.truncated ? <p className="facet-note">more values not shown</p> : null}
                </section>
              ))}
            </aside>
            <section className="results" aria-label="Results" aria-busy={loading}>
              <ol className="hits">
                {result.hits.map((hit) => (
                  <HitItem key={`${hit.dataset}/${hit.key}`} hit={hit} terms={terms} />
                ))}
              </ol>
              {result.nextCursor !== null ? (
                <a className="next-page" href={nextPageHref(params, result.nextCursor)}>
                  Next page →
                </a>
              ) : null}
            </section>
          </div>
        </>
      ) : loading ? (
        <p className="loading">Searching…</p>
      ) : null}
    </div>
  );
}
