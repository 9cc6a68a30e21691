/**
 * WildChat's conversation_hash: the first 32 hex characters of SHA-256 over Python's
 * `json.dumps([{"content": c, "role": r}, ...])` (insertion key order, ensure_ascii, default
 * separators), where each content was first passed through `encode('utf-8', 'replace')`, which
 * turns lone surrogates into '?'. Identical conversations share a hash; it is not a unique id.
 */
import { createHash } from 'node:crypto';
import { pythonJsonString } from './python-json.ts';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What Python's `s.encode('utf-8', 'replace').decode('utf-8')` gives: lone surrogates become '?'. */
const ANY_SURROGATE = /[\ud800-\udfff]/;

export function replaceLoneSurrogates(text: string): string {
  return ANY_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '?') : text;
}

export interface HashableMessage {
  content: string;
  role: string;
}

/** The exact text WildChat hashes, for debugging and tests. */
export function conversationHashInput(messages: readonly HashableMessage[]): string {
  const items = messages.map(
    (message) => `{"content": ${pythonJsonString(replaceLoneSurrogates(message.content))}, "role": ${pythonJsonString(message.role)}}`,
  );
  return '[' + items.join(', ') + ']';
}

export function conversationHash(messages: readonly HashableMessage[]): string {
  return createHash('sha256').update(conversationHashInput(messages), 'utf8').digest('hex').slice(0, 32);
}
