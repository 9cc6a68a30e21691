/**
 * One collected record under the anonymised profile. Pure: the keys and the location counts are
 * given. Imported datasets are left as their publisher released them.
 */
import type { ReleaseHeader, ReleaseMessage, ReleaseRecord, TurnDetail } from '../../schema/release-record.ts';
import { coarsenTimestamp } from './coarsen-time.ts';
import type { LocationGeneraliser } from './location-generaliser.ts';
import type { ReleaseKeys } from './release-keys.ts';
import type { TimestampPrecision } from './release-profile.ts';
import { formatReducedUserAgent, reduceAcceptLanguage, reduceUserAgent } from './user-agent-family.ts';

export interface AnonymiseContext {
  keys: ReleaseKeys;
  location: LocationGeneraliser;
  timestampPrecision: TimestampPrecision;
}

export function userAgentFamily(header: ReleaseHeader | null): string | null {
  return reduceUserAgent(header?.['user-agent'] ?? null)?.family ?? null;
}

function reduceHeader(header: ReleaseHeader | null): ReleaseHeader | null {
  if (header === null) return null;
  return {
    'accept-language': reduceAcceptLanguage(header['accept-language']),
    'user-agent': formatReducedUserAgent(reduceUserAgent(header['user-agent'])),
  };
}

function located<T extends { country: string | null; state: string | null; header: ReleaseHeader | null }>(
  item: T,
  context: AnonymiseContext,
): { country: string | null; state: string | null } {
  return context.location.generalise(item.country, item.state, userAgentFamily(item.header));
}

function anonymiseDetail(detail: TurnDetail): TurnDetail {
  return { ...detail, openai_id: null, created: null };
}

export function anonymiseRecord(record: ReleaseRecord, context: AnonymiseContext): ReleaseRecord {
  if (record.source !== 'collected') return record;
  const ordinals = new Map<number, number>();
  const identifiers = [...new Set(record.conversation.flatMap((message) => (message.turn_identifier === null ? [] : [message.turn_identifier])))].sort(
    (a, b) => a - b,
  );
  identifiers.forEach((identifier, index) => ordinals.set(identifier, index + 1));

  const conversation = record.conversation.map((message): ReleaseMessage => ({
    ...message,
    ...located(message, context),
    hashed_ip: message.hashed_ip === null ? null : context.keys.hashedIp(message.hashed_ip),
    header: reduceHeader(message.header),
    timestamp: coarsenTimestamp(message.timestamp, context.timestampPrecision),
    turn_identifier: message.turn_identifier === null ? null : (ordinals.get(message.turn_identifier) ?? null),
  }));
  const annotations = record.annotations;
  return {
    ...record,
    ...located(record, context),
    timestamp: coarsenTimestamp(record.timestamp, context.timestampPrecision),
    conversation,
    hashed_ip: record.hashed_ip === null ? null : context.keys.hashedIp(record.hashed_ip),
    header: reduceHeader(record.header),
    conversation_id: record.conversation_id === null ? null : context.keys.conversationId(record.conversation_id),
    branch: record.branch === null ? null : { ...record.branch, leaf_turn_identifier: null },
    turn_details: record.turn_details === null ? null : record.turn_details.map(anonymiseDetail),
    annotations:
      annotations === null || annotations === undefined
        ? annotations
        : {
            ...annotations,
            duplicate_conversation_cluster: rekeyCluster(annotations.duplicate_conversation_cluster, context),
            duplicate_first_turn_cluster: rekeyCluster(annotations.duplicate_first_turn_cluster, context),
          },
  };
}

/** Clusters of empty texts are named after a row key, which holds the database id. */
function rekeyCluster(cluster: string, context: AnonymiseContext): string {
  return cluster.startsWith('empty-') ? `empty-${context.keys.opaque('cluster', cluster)}` : cluster;
}
