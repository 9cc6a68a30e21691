/** Figures for the dataset card, gathered in one pass while the records are written. */
import type { ReleaseRecord } from '../../schema/release-record.ts';

export interface DatasetStatistics {
  rows: number;
  messages: number;
  userTurns: number;
  /** Epoch milliseconds of the earliest / latest conversation timestamp; null when none. */
  firstTimestamp: number | null;
  lastTimestamp: number | null;
  models: Map<string, number>;
  languages: Map<string, number>;
  sources: Map<string, number>;
  countries: Map<string, number>;
  termsVersions: Map<string, number>;
  toxic: number;
  redacted: number;
  /** Rows that are not the kept branch of their conversation. */
  otherBranches: number;
}

export function emptyStatistics(): DatasetStatistics {
  return {
    rows: 0,
    messages: 0,
    userTurns: 0,
    firstTimestamp: null,
    lastTimestamp: null,
    models: new Map(),
    languages: new Map(),
    sources: new Map(),
    countries: new Map(),
    termsVersions: new Map(),
    toxic: 0,
    redacted: 0,
    otherBranches: 0,
  };
}

function increment(counts: Map<string, number>, key: string | null): void {
  if (key === null) return;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

export function addToStatistics(statistics: DatasetStatistics, record: ReleaseRecord): void {
  statistics.rows += 1;
  statistics.messages += record.conversation.length;
  statistics.userTurns += record.turn;
  if (record.timestamp !== null) {
    const time = Date.parse(record.timestamp);
    if (statistics.firstTimestamp === null || time < statistics.firstTimestamp) statistics.firstTimestamp = time;
    if (statistics.lastTimestamp === null || time > statistics.lastTimestamp) statistics.lastTimestamp = time;
  }
  increment(statistics.models, record.model ?? 'unknown');
  increment(statistics.languages, record.language ?? 'not annotated');
  increment(statistics.sources, record.source ?? 'unknown');
  increment(statistics.countries, record.country);
  increment(statistics.termsVersions, record.consent_terms_version);
  if (record.toxic === true) statistics.toxic += 1;
  if (record.redacted === true) statistics.redacted += 1;
  if (record.branch !== null && !record.branch.kept) statistics.otherBranches += 1;
}

/** Entries by count (descending), then key, so the card is deterministic. */
export function rankedEntries(counts: Map<string, number>, limit: number): [string, number][] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
}
