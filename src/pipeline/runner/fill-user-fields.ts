/**
 * Users in a release: a user is the keyed hash of their IP (`hashed_ip`; the key never leaves
 * the server). Conversation-level hashed_ip/state/country/header are the most frequent values over
 * the user messages; values the source already gave are kept, missing ones are filled.
 */
import type { ReleaseHeader, ReleaseRecord } from '../../schema/release-record.ts';
import { conversationUserFields } from '../users/conversation-user-fields.ts';
import { mostFrequent } from '../users/most-frequent.ts';

export function fillUserFields(record: ReleaseRecord): ReleaseRecord {
  if (record.hashed_ip !== null && record.state !== null && record.country !== null && record.header !== null) return record;
  const users = record.conversation.filter((message) => message.role === 'user');
  const fields = conversationUserFields(users.map((message) => ({ hashedIp: message.hashed_ip, state: message.state, country: message.country })));
  // Headers are objects: count them by their JSON text, then map back.
  const headers = new Map<string, ReleaseHeader>();
  for (const message of users) if (message.header !== null) headers.set(JSON.stringify(message.header), message.header);
  const headerKey = mostFrequent(users.map((message) => (message.header === null ? null : JSON.stringify(message.header))));
  return {
    ...record,
    hashed_ip: record.hashed_ip ?? fields.hashedIp,
    state: record.state ?? fields.state,
    country: record.country ?? fields.country,
    header: record.header ?? (headerKey === null ? null : (headers.get(headerKey) ?? null)),
  };
}
