/** All conversations of one hashed IP and their countries / models / languages month by month. */
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { fetchJson, problemOf, type ApiProblem, type FacetValue, type UserResponse } from './explorer-api.ts';
import { HitItem } from './search-page.tsx';

function list(values: FacetValue[]): string {
  return values.map((value) => `${value.value ?? 'unknown'} (${value.count})`).join(', ');
}

export function UserPage({ hashedIp, params }: { hashedIp: string; params: URLSearchParams }): ReactElement {
  const [response, setResponse] = useState<UserResponse | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const cursor = params.get('cursor');
  useEffect(() => {
    const controller = new AbortController();
    fetchJson<UserResponse>(`/u/${encodeURIComponent(hashedIp)}.json${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, controller.signal)
      .then((body) => {
        setResponse(body);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setProblem(problemOf(error));
      });
    return () => controller.abort();
  }, [hashedIp, cursor]);
  if (problem !== null)
    return (
      <div className="problem" role="alert">
        {problem.message}
      </div>
    );
  if (response === null) return <p className="loading">Loading the user…</p>;
  return (
    <div className="user-page">
      <h1 className="user-title">
        User <code>{hashedIp}</code>
      </h1>
      <p className="result-summary">
        <strong data-testid="user-total">
          {response.conversations.toLocaleString('en-US')} conversation{response.conversations === 1 ? '' : 's'}
        </strong>
        <a href={`/search?hashed_ip=${encodeURIComponent(hashedIp)}`}>search within them</a>
        <a href={`/u/${encodeURIComponent(hashedIp)}.json`}>JSON</a>
      </p>
      <div className="table-scroll">
        <table className="timeline">
          <thead>
            <tr>
              <th scope="col">month</th>
              <th scope="col">conversations</th>
              <th scope="col">countries</th>
              <th scope="col">models</th>
              <th scope="col">languages</th>
            </tr>
          </thead>
          <tbody>
            {response.timeline.map((entry) => (
              <tr key={String(entry.month)}>
                <td>{entry.month ?? 'no date'}</td>
                <td>{entry.conversations}</td>
                <td>{list(entry.countries)}</td>
                <td>{list(entry.models)}</td>
                <td>{list(entry.languages)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ol className="hits">
        {response.hits.map((hit) => (
          <HitItem key={`${hit.dataset}/${hit.key}`} hit={hit} terms={[]} />
        ))}
      </ol>
      {response.nextCursor !== null ? (
        <a className="next-page" href={`/u/${encodeURIComponent(hashedIp)}?cursor=${encodeURIComponent(response.nextCursor)}`}>
          Next page →
        </a>
      ) : null}
    </div>
  );
}
