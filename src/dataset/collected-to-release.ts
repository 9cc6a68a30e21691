/**
 * Collected conversation (raw log) -> release records. Pure: no I/O, no clock.
 *
 * Branches: turns form a tree (a regenerate or an edit is a sibling). Every root-to-leaf path
 * becomes one row, so no turn is left out; rows of one conversation share `conversation_id`
 * and carry `branch` {index, count, kept, shared_messages}. The kept path is the one ending at
 * the most recently received leaf (what the user last continued). To publish one row per
 * conversation, keep rows with `branch.kept`.
 *
 * Turns still pending or streaming (in flight during the export) are skipped and counted, as
 * are conversations whose consent was withdrawn.
 */
import {
  EMPTY_TURN_DETAIL,
  RELEASE_SCHEMA_VERSION,
  type ReleaseHeader,
  type ReleaseMessage,
  type ReleaseRecord,
  type TurnDetail,
} from '../schema/release-record.ts';
import { mostFrequent } from '../core/most-frequent.ts';
import { FINAL_TURN_STATUSES, type ChatMessage, type TurnRecord } from '../schema/raw-records.ts';
import type { StoredConversation } from '../store/store.ts';
import { conversationHash } from '../core/conversation-hash.ts';
import { formatReleaseTimestamp } from './release-timestamp.ts';

export const COLLECTED_SOURCE = 'collected';

/** Conversation-level values of an export: a null counts as a value, objects compare by JSON. */
const EXPORT_MAJORITY = { countNulls: true, keyOf: (value: unknown) => JSON.stringify(value) };

export interface CollectedConversion {
  records: ReleaseRecord[];
  /** Turns not yet final (pending/streaming) that no row includes. */
  skippedInFlightTurns: number;
  /** True when the consent was withdrawn and nothing was emitted. */
  skippedWithdrawn: boolean;
}

function headerOf(turn: TurnRecord): ReleaseHeader {
  return { 'accept-language': turn.request.acceptLanguage, 'user-agent': turn.request.userAgent };
}

function contextMessage(message: ChatMessage): ReleaseMessage {
  return {
    content: message.content,
    country: null,
    hashed_ip: null,
    header: null,
    language: null,
    redacted: null,
    role: message.role,
    state: null,
    timestamp: null,
    toxic: null,
    turn_identifier: null,
  };
}

function userMessage(turn: TurnRecord): ReleaseMessage {
  return {
    content: turn.userContent,
    country: turn.request.country,
    hashed_ip: turn.request.hashedIp,
    header: headerOf(turn),
    language: null,
    redacted: null,
    role: 'user',
    state: turn.request.state,
    timestamp: null,
    toxic: null,
    turn_identifier: turn.turnIdentifier,
  };
}

function assistantMessage(turn: TurnRecord): ReleaseMessage {
  return {
    content: turn.assistantContent,
    country: null,
    hashed_ip: null,
    header: null,
    language: null,
    redacted: null,
    role: 'assistant',
    state: null,
    timestamp: turn.completedAt === null ? null : formatReleaseTimestamp(turn.completedAt),
    toxic: null,
    turn_identifier: turn.turnIdentifier,
  };
}

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function assistantDetail(turn: TurnRecord): TurnDetail {
  return {
    model: turn.modelReported ?? turn.modelRequested,
    status: turn.status,
    finish_reason: turn.finishReason,
    created: turn.upstreamCreated,
    openai_id: turn.upstreamId,
    system_fingerprint: turn.systemFingerprint,
    temperature: turn.params.temperature ?? null,
    top_p: turn.params.top_p ?? null,
    token_counter: null,
    prompt_tokens: integerOrNull(turn.usage?.prompt_tokens),
    completion_tokens: integerOrNull(turn.usage?.completion_tokens),
    total_tokens: integerOrNull(turn.usage?.total_tokens),
  };
}

/** Root-to-leaf paths of the final turns, ordered by leaf turn identifier. */
export function turnPaths(turns: readonly TurnRecord[]): TurnRecord[][] {
  const byId = new Map(turns.map((turn) => [turn.turnIdentifier, turn]));
  const hasChild = new Set<number>();
  for (const turn of turns) {
    if (turn.parentTurnId !== null && byId.has(turn.parentTurnId)) hasChild.add(turn.parentTurnId);
  }
  const leaves = turns.filter((turn) => !hasChild.has(turn.turnIdentifier)).sort((a, b) => a.turnIdentifier - b.turnIdentifier);
  return leaves.map((leaf) => {
    const path: TurnRecord[] = [];
    const seen = new Set<number>();
    let current: TurnRecord | undefined = leaf;
    while (current !== undefined && !seen.has(current.turnIdentifier)) {
      seen.add(current.turnIdentifier);
      path.push(current);
      current = current.parentTurnId === null ? undefined : byId.get(current.parentTurnId);
    }
    return path.reverse();
  });
}

function sharedPrefixLength(path: readonly TurnRecord[], kept: readonly TurnRecord[]): number {
  let shared = 0;
  while (shared < path.length && shared < kept.length && path[shared]?.turnIdentifier === kept[shared]?.turnIdentifier) shared += 1;
  return shared;
}

function messagesOf(path: readonly TurnRecord[]): { messages: ReleaseMessage[]; details: TurnDetail[]; otherContext: ChatMessage[] } {
  const messages: ReleaseMessage[] = [];
  const details: TurnDetail[] = [];
  const otherContext: ChatMessage[] = [];
  for (const turn of path) {
    for (const message of turn.contextMessages ?? []) {
      // Earlier history a client sent without us storing it as turns: user/assistant messages stay
      // in the conversation (without a turn identifier); system/developer/tool ones go to `extra`.
      if (message.role === 'user' || message.role === 'assistant') {
        messages.push(contextMessage(message));
        details.push(EMPTY_TURN_DETAIL);
      } else {
        otherContext.push(message);
      }
    }
    messages.push(userMessage(turn));
    details.push({ ...EMPTY_TURN_DETAIL, model: turn.modelRequested });
    messages.push(assistantMessage(turn));
    details.push(assistantDetail(turn));
  }
  return { messages, details, otherContext };
}

export function collectedConversationToRecords(stored: StoredConversation): CollectedConversion {
  if (stored.consent.withdrawnAt !== null) {
    return { records: [], skippedInFlightTurns: 0, skippedWithdrawn: true };
  }
  const finalTurns = stored.turns.filter((turn) => FINAL_TURN_STATUSES.includes(turn.status));
  const skippedInFlightTurns = stored.turns.length - finalTurns.length;
  const paths = turnPaths(finalTurns);
  if (paths.length === 0) return { records: [], skippedInFlightTurns, skippedWithdrawn: false };

  const keptPath = paths.reduce((best, path) => {
    const leaf = path[path.length - 1];
    const bestLeaf = best[best.length - 1];
    if (leaf === undefined || bestLeaf === undefined) return best;
    return leaf.receivedAt > bestLeaf.receivedAt || (leaf.receivedAt === bestLeaf.receivedAt && leaf.turnIdentifier > bestLeaf.turnIdentifier) ? path : best;
  });

  const keptMessages = messagesOf(keptPath).messages.length;
  const records = paths.map((path, index): ReleaseRecord => {
    const { messages, details, otherContext } = messagesOf(path);
    const sharedTurns = sharedPrefixLength(path, keptPath);
    const sharedMessages = path === keptPath ? keptMessages : messagesOf(path.slice(0, sharedTurns)).messages.length;
    const last = path[path.length - 1] as TurnRecord;
    const userTurns = messages.filter((message) => message.role === 'user' && message.turn_identifier !== null);
    return {
      conversation_hash: conversationHash(messages),
      model: last.modelReported ?? last.modelRequested,
      timestamp: last.completedAt === null ? null : formatReleaseTimestamp(last.completedAt),
      conversation: messages,
      turn: messages.filter((message) => message.role === 'user').length,
      language: null,
      openai_moderation: null,
      detoxify_moderation: null,
      toxic: null,
      redacted: null,
      state: mostFrequent(
        userTurns.map((message) => message.state),
        EXPORT_MAJORITY,
      ),
      country: mostFrequent(
        userTurns.map((message) => message.country),
        EXPORT_MAJORITY,
      ),
      hashed_ip: mostFrequent(
        userTurns.map((message) => message.hashed_ip),
        EXPORT_MAJORITY,
      ),
      header: mostFrequent(
        userTurns.map((message) => message.header),
        EXPORT_MAJORITY,
      ),
      schema_version: RELEASE_SCHEMA_VERSION,
      conversation_id: stored.conversation.id,
      source: COLLECTED_SOURCE,
      system_prompt: stored.conversation.systemPrompt,
      consent_terms_version: stored.consent.termsVersion,
      branch: {
        index,
        count: paths.length,
        kept: path === keptPath,
        shared_messages: sharedMessages,
        leaf_turn_identifier: last.turnIdentifier,
      },
      turn_details: details,
      extra: otherContext.length > 0 ? { context_messages: otherContext } : null,
    };
  });
  return { records, skippedInFlightTurns, skippedWithdrawn: false };
}
