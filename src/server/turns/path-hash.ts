/**
 * The path hash identifies a conversation prefix: the system prompt plus every message on the path
 * from the root (earlier context the client sent, then each user/assistant pair). A final turn stores
 * the hash of the path that ends with its own reply; an OpenAI-compatible client that resends that
 * history with one more user message hashes to the same value, which links the new turn to it.
 */
import { createHash } from 'node:crypto';
import type { ChatMessage } from '../../schema/raw-records.ts';

const PATH_HASH_VERSION = 'wildchat-path-v1';

export function computePathHash(systemPrompt: string | null, messages: readonly ChatMessage[]): string {
  const hash = createHash('sha256');
  hash.update(PATH_HASH_VERSION);
  // JSON framing keeps role and content boundaries unambiguous.
  hash.update(JSON.stringify(systemPrompt));
  for (const message of messages) hash.update(JSON.stringify([message.role, message.content]));
  return hash.digest('hex');
}
