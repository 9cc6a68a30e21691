/**
 * What an index stores about one conversation besides its text: the filter and facet columns,
 * derived from a release record the same way for every adapter. Pure.
 */
import type { ReleaseRecord } from '../schema/release-record.ts';

export interface DocumentFields {
  conversationHash: string;
  model: string | null;
  language: string | null;
  country: string | null;
  state: string | null;
  hashedIp: string | null;
  toxic: boolean | null;
  redacted: boolean | null;
  /** Family when the jailbreak stage tagged the conversation, else null. */
  jailbreakFamily: string | null;
  /** Moderation categories flagged in some message, canonical spelling (see canonicalCategory). */
  moderationCategories: string[];
  turns: number;
  /** Seconds since the epoch, or null when the record has no time. */
  time: number | null;
  month: string | null;
  timestamp: string | null;
  turnIdentifiers: number[];
  preview: string;
}

export const PREVIEW_LENGTH = 240;

/** 'self-harm/intent' and 'self_harm_intent' are the same category: one spelling for filters. */
export function canonicalCategory(category: string): string {
  return category.toLowerCase().replace(/[/\-\s]+/gu, '_');
}

/** Conversation time: the record's timestamp, else its earliest message time. */
function conversationTime(record: ReleaseRecord): string | null {
  if (record.timestamp !== null) return record.timestamp;
  for (const message of record.conversation) if (message.timestamp !== null) return message.timestamp;
  return null;
}

function firstNonNull<T>(values: Iterable<T | null>): T | null {
  for (const value of values) if (value !== null) return value;
  return null;
}

export function documentFields(record: ReleaseRecord): DocumentFields {
  const timestamp = conversationTime(record);
  const millis = timestamp === null ? Number.NaN : Date.parse(timestamp);
  const time = Number.isFinite(millis) ? Math.floor(millis / 1000) : null;
  const categories = new Set<string>();
  for (const moderation of record.openai_moderation ?? []) {
    for (const [category, flagged] of Object.entries(moderation.categories ?? {})) if (flagged) categories.add(canonicalCategory(category));
  }
  const annotations = record.annotations ?? null;
  const userMessages = record.conversation.filter((message) => message.role === 'user');
  const turnIdentifiers = new Set<number>();
  for (const message of record.conversation) if (message.turn_identifier !== null) turnIdentifiers.add(message.turn_identifier);
  const first = userMessages[0]?.content ?? record.conversation[0]?.content ?? '';
  return {
    conversationHash: record.conversation_hash,
    model: record.model,
    language: record.language,
    country: record.country ?? firstNonNull(userMessages.map((message) => message.country)),
    state: record.state ?? firstNonNull(userMessages.map((message) => message.state)),
    hashedIp: record.hashed_ip ?? firstNonNull(userMessages.map((message) => message.hashed_ip)),
    toxic: record.toxic,
    redacted: record.redacted,
    jailbreakFamily: annotations !== null && annotations.jailbreak_tagged ? (annotations.jailbreak_family ?? 'unknown') : null,
    moderationCategories: [...categories].sort(),
    turns: record.turn,
    time,
    month: time === null ? null : new Date(time * 1000).toISOString().slice(0, 7),
    timestamp,
    turnIdentifiers: [...turnIdentifiers],
    preview: first.length > PREVIEW_LENGTH ? `${first.slice(0, PREVIEW_LENGTH - 1)}…` : first,
  };
}

/**
 * The searchable texts: the first user message and first reply, and the rest of each side
 * (split rather than duplicated, so a one-turn conversation is indexed once).
 */
export interface DocumentTexts {
  user: string;
  assistant: string;
  firstUser: string;
  firstAssistant: string;
  restUser: string;
  restAssistant: string;
}

export function documentTexts(record: ReleaseRecord): DocumentTexts {
  const user: string[] = [];
  const assistant: string[] = [];
  for (const message of record.conversation) {
    if (message.role === 'user') user.push(message.content);
    else if (message.role === 'assistant') assistant.push(message.content);
  }
  return {
    user: user.join('\n'),
    assistant: assistant.join('\n'),
    firstUser: user[0] ?? '',
    firstAssistant: assistant[0] ?? '',
    restUser: user.slice(1).join('\n'),
    restAssistant: assistant.slice(1).join('\n'),
  };
}

const SNIPPET_RADIUS = 90;

/** A window of `text` around the first occurrence of any term (case-insensitive), or null. */
export function snippetAround(text: string, terms: readonly string[]): string | null {
  const lower = text.toLowerCase();
  let best = -1;
  for (const term of terms) {
    const found = lower.indexOf(term.toLowerCase());
    if (found !== -1 && (best === -1 || found < best)) best = found;
  }
  if (best === -1) return null;
  const start = Math.max(0, best - SNIPPET_RADIUS);
  const end = Math.min(text.length, best + SNIPPET_RADIUS * 2);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/gu, ' ')}${end < text.length ? '…' : ''}`;
}
