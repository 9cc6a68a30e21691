/**
 * One conversation: metadata as links into filters, every message rendered with the chat page's
 * safe Markdown renderer, PII placeholders and search terms marked, moderation flags per turn,
 * and each branch of a collected conversation shown as its own tab.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { MarkdownView } from '../components/markdown-view.tsx';
import { fetchJson, problemOf, type ApiProblem, type ConversationResponse, type ReleaseRecord } from './explorer-api.ts';
import { markTextNodes, PLACEHOLDER_PATTERN, termsPattern } from './highlight.tsx';
import { withParam } from './use-location.ts';

function flaggedCategories(record: ReleaseRecord, index: number): string[] {
  const moderation = record.openai_moderation?.[index];
  return Object.entries(moderation?.categories ?? {})
    .filter(([, flagged]) => flagged)
    .map(([category]) => category.replace(/[/-]/gu, '_'))
    .filter((category, position, all) => all.indexOf(category) === position);
}

function MessageBody({ content, terms }: { content: string; terms: readonly string[] }): ReactElement {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    markTextNodes(root, new RegExp(PLACEHOLDER_PATTERN.source, 'gu'), 'pii');
    const pattern = termsPattern(terms);
    if (pattern !== null) markTextNodes(root, pattern, null);
  });
  return (
    <div ref={ref}>
      <MarkdownView source={content} />
    </div>
  );
}

function MetaLink({ label, param, value }: { label: string; param: string; value: string | null }): ReactElement | null {
  if (value === null) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <a href={withParam(new URLSearchParams(), param, value)}>{value}</a>
      </dd>
    </div>
  );
}

function RecordView({ dataset, record, terms }: { dataset: string; record: ReleaseRecord; terms: readonly string[] }): ReactElement {
  const jailbreakIndex = record.annotations?.jailbreak_tagged ? record.annotations.jailbreak_message_index : null;
  return (
    <article className="conversation">
      <dl className="conversation-meta">
        <MetaLink label="dataset" param="dataset" value={dataset} />
        <MetaLink label="model" param="model" value={record.model} />
        <MetaLink label="language" param="language" value={record.language} />
        <MetaLink label="country" param="country" value={record.country} />
        <MetaLink label="state" param="state" value={record.state} />
        <MetaLink label="toxic" param="toxic" value={record.toxic === null ? null : String(record.toxic)} />
        <MetaLink label="redacted" param="redacted" value={record.redacted === null ? null : String(record.redacted)} />
        <MetaLink
          label="jailbreak"
          param="jailbreak"
          value={record.annotations?.jailbreak_tagged ? (record.annotations.jailbreak_family ?? 'unknown') : null}
        />
        <div>
          <dt>time</dt>
          <dd>{record.timestamp ?? 'unknown'}</dd>
        </div>
        <div>
          <dt>turns</dt>
          <dd>{record.turn}</dd>
        </div>
        {record.hashed_ip !== null ? (
          <div>
            <dt>user</dt>
            <dd>
              <a className="user-link" href={`/u/${encodeURIComponent(record.hashed_ip)}`}>
                {record.hashed_ip}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
      <ol className="messages">
        {record.conversation.map((message, index) => {
          const flags = flaggedCategories(record, index);
          return (
            <li
              key={index}
              className={`message message-${message.role === 'user' ? 'user' : 'assistant'}`}
              data-turn-identifier={message.turn_identifier ?? undefined}
            >
              <header>
                <span className="role">{message.role}</span>
                {message.timestamp !== null ? <span className="message-time">{message.timestamp}</span> : null}
                {message.language !== null && message.language !== record.language ? <span className="badge">{message.language}</span> : null}
                {message.toxic === true ? <span className="badge badge-toxic">toxic</span> : null}
                {message.redacted === true ? <span className="badge">redacted</span> : null}
                {jailbreakIndex === index ? <span className="badge badge-jailbreak">jailbreak</span> : null}
                {flags.map((flag) => (
                  <a key={flag} className="badge badge-flag" href={withParam(new URLSearchParams(), 'moderation', flag)}>
                    {flag}
                  </a>
                ))}
                {message.turn_identifier !== null ? (
                  <a className="turn-link" href={withParam(new URLSearchParams(), 'turn_identifier', String(message.turn_identifier))}>
                    #{message.turn_identifier}
                  </a>
                ) : null}
              </header>
              <MessageBody content={message.content} terms={terms} />
            </li>
          );
        })}
      </ol>
    </article>
  );
}

export function ConversationPage({ hash, params }: { hash: string; params: URLSearchParams }): ReactElement {
  const [response, setResponse] = useState<ConversationResponse | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [selected, setSelected] = useState(0);
  const dataset = params.get('dataset');
  const terms = (params.get('highlight') ?? '').split('\u0001').filter((term) => term !== '');
  useEffect(() => {
    const controller = new AbortController();
    setResponse(null);
    setSelected(0);
    fetchJson<ConversationResponse>(`/c/${hash}.json${dataset ? `?dataset=${encodeURIComponent(dataset)}` : ''}`, controller.signal)
      .then((body) => {
        setResponse(body);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setProblem(problemOf(error));
      });
    return () => controller.abort();
  }, [hash, dataset]);
  if (problem !== null)
    return (
      <div className="problem" role="alert">
        {problem.message}
      </div>
    );
  if (response === null) return <p className="loading">Loading the conversation…</p>;
  const current = response.documents[selected] ?? response.documents[0];
  return (
    <div>
      <p className="back">
        <a href={`/c/${hash}.json${dataset ? `?dataset=${encodeURIComponent(dataset)}` : ''}`}>JSON</a>
      </p>
      {response.documents.length > 1 ? (
        <div className="branches" role="tablist" aria-label="Branches">
          {response.documents.map((document, index) => (
            <button key={`${document.dataset}/${document.key}`} role="tab" type="button" aria-selected={index === selected} onClick={() => setSelected(index)}>
              {document.record.branch !== null
                ? `branch ${document.record.branch.index + 1} of ${document.record.branch.count}${document.record.branch.kept ? ' (kept)' : ''}`
                : `${document.dataset} #${document.key}`}
            </button>
          ))}
        </div>
      ) : null}
      {current !== undefined ? <RecordView dataset={current.dataset} record={current.record} terms={terms} /> : null}
    </div>
  );
}
