/**
 * Users in a release: a user is the keyed hash of their IP (`hashed_ip`; the key never leaves
 * the server). Conversation-level hashed_ip/state/country/header are the most frequent values over
 * the user messages; values the source already gave are kept, missing ones are filled.
 */
import type { ReleaseRecord } from '../../schema/release-record.ts';
import { conversationUserFields } from '../users/conversation-user-fields.ts';
import { mostFrequent } from '../../core/most-frequent.ts';

export function fillUserFields(record: ReleaseRecord): ReleaseRecord {
  if (record.hashed_ip !== null && record.state !== null && record.country !== null && record.header !== null) return record;
  const users = record.conversation.filter((message) => message.role === 'user');
  const fields = conversationUserFields(users.map((message) => ({ hashedIp: message.hashed_ip, state: message.state, country: message.country })));
  // Headers are objects: compared by their JSON text.
  const header = mostFrequent(
    users.map((message) => message.header),
    { keyOf: (value) => JSON.stringify(value) },
  );
  return {
    ...record,
    hashed_ip: record.hashed_ip ?? fields.hashedIp,
    state: record.state ?? fields.state,
    country: record.country ?? fields.country,
    header: record.header ?? header,
  };
}
