/**
 * WildChat's conversation_hash: the first 32 hex characters of SHA-256 over Python's
 * `json.dumps([{"content": c, "role": r}, ...])` (insertion key order, ensure_ascii, default
 * separators), where each content was first passed through `encode('utf-8', 'replace')`, which
 * turns lone surrogates into '?'. Identical conversations share a hash; it is not a unique id.
 */
import { createHash } from 'node:crypto';
import { PYTHON_JSON_BYTES_PER_CODE_UNIT, pythonJsonString, writePythonJsonString } from './python-json.ts';

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

const OPEN_CONTENT = Buffer.from('{"content": ', 'latin1');
const OPEN_ROLE = Buffer.from(', "role": ', 'latin1');
const CLOSE_ITEM = Buffer.from('}', 'latin1');
const SEPARATOR = Buffer.from(', ', 'latin1');
const OPEN_LIST = Buffer.from('[', 'latin1');
const CLOSE_LIST = Buffer.from(']', 'latin1');

/** Reused between calls up to this size; a longer conversation gets a buffer of its own. */
const SCRATCH_LIMIT = 1 << 20;
let scratch = Buffer.allocUnsafe(1 << 16);

/**
 * SHA-256 over the bytes of conversationHashInput, written straight into a buffer: the text is
 * ASCII (every other character is escaped), so building it as a string and encoding it again
 * (about a third of a release's main-thread hashing) is not needed.
 */
export function conversationHash(messages: readonly HashableMessage[]): string {
  let bound = OPEN_LIST.length + CLOSE_LIST.length;
  for (const message of messages) {
    bound += SEPARATOR.length + OPEN_CONTENT.length + OPEN_ROLE.length + CLOSE_ITEM.length + 4;
    bound += PYTHON_JSON_BYTES_PER_CODE_UNIT * (message.content.length + message.role.length);
  }
  let target = scratch;
  if (bound > target.length) {
    target = Buffer.allocUnsafe(bound);
    if (bound <= SCRATCH_LIMIT) scratch = target;
  }
  let at = OPEN_LIST.copy(target, 0);
  messages.forEach((message, index) => {
    if (index > 0) at += SEPARATOR.copy(target, at);
    at += OPEN_CONTENT.copy(target, at);
    at = writePythonJsonString(replaceLoneSurrogates(message.content), target, at);
    at += OPEN_ROLE.copy(target, at);
    at = writePythonJsonString(message.role, target, at);
    at += CLOSE_ITEM.copy(target, at);
  });
  at += CLOSE_LIST.copy(target, at);
  return createHash('sha256').update(target.subarray(0, at)).digest('hex').slice(0, 32);
}
