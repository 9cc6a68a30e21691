/**
 * What a release does with a collected turn whose reply did not complete normally. Every turn is
 * classed by how its reply ended, and each class is kept, dropped or marked:
 *
 *  - keep: released as collected;
 *  - drop: the turn (its user message and the reply) leaves the row; a row left without turns is
 *    dropped by the `turn_status` filter;
 *  - mark: released, and the extended schema's `extra.marked_turns` names the reply and its class
 *    (the 14 WildChat-1M columns have no field for it, so there mark acts as keep).
 *
 * Imported datasets are released as their publisher made them: the policy applies to collected rows.
 */
import type { ReleaseRecord } from '../schema/release-record.ts';

export const TURN_STATUS_CLASSES = ['completed', 'interrupted', 'upstream-error', 'empty'] as const;
export type TurnStatusClass = (typeof TURN_STATUS_CLASSES)[number];

export const TURN_STATUS_ACTIONS = ['keep', 'drop', 'mark'] as const;
export type TurnStatusAction = (typeof TURN_STATUS_ACTIONS)[number];

export type TurnStatusPolicy = Record<TurnStatusClass, TurnStatusAction>;

export const DEFAULT_TURN_STATUS_POLICY = 'completed=keep,interrupted=mark,upstream-error=drop,empty=drop';

/** `class=action` pairs separated by commas; classes not named keep the default's action. */
export function parseTurnStatusPolicy(text: string): TurnStatusPolicy {
  const policy: TurnStatusPolicy = { completed: 'keep', interrupted: 'mark', 'upstream-error': 'drop', empty: 'drop' };
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const [name, action, ...rest] = item.split('=').map((piece) => piece.trim());
    if (rest.length > 0 || name === undefined || action === undefined) throw new Error(`"${item}" is not class=action`);
    if (!(TURN_STATUS_CLASSES as readonly string[]).includes(name))
      throw new Error(`unknown turn class "${name}" (expected ${TURN_STATUS_CLASSES.join(', ')})`);
    if (!(TURN_STATUS_ACTIONS as readonly string[]).includes(action))
      throw new Error(`unknown action "${action}" for ${name} (expected ${TURN_STATUS_ACTIONS.join(', ')})`);
    policy[name as TurnStatusClass] = action as TurnStatusAction;
  }
  return policy;
}

/**
 * How a reply ended. An upstream error stays one even with partial text; otherwise an empty reply
 * is `empty`, and a reply the user stopped, the client abandoned or a restart cut is `interrupted`.
 */
export function classifyTurn(status: string | null, content: string): TurnStatusClass {
  if (status === 'upstream_error') return 'upstream-error';
  if (content.trim() === '') return 'empty';
  if (status === 'stopped' || status === 'client_aborted' || status === 'interrupted') return 'interrupted';
  return 'completed';
}

export type TurnStatusCounts = Record<TurnStatusClass, Record<TurnStatusAction, number>>;

export function emptyTurnStatusCounts(): TurnStatusCounts {
  const counts = {} as TurnStatusCounts;
  for (const name of TURN_STATUS_CLASSES) counts[name] = { keep: 0, drop: 0, mark: 0 };
  return counts;
}

export interface MarkedTurn {
  /** Index of the reply in `conversation`. */
  message_index: number;
  status: TurnStatusClass;
}

/**
 * The record with the policy applied (null when no turn is left), counting every collected turn
 * into `counts`. Context messages a client sent (no turn identifier) are not turns of ours and stay.
 */
export function applyTurnStatusPolicy(record: ReleaseRecord, policy: TurnStatusPolicy, counts: TurnStatusCounts | null): ReleaseRecord | null {
  const details = record.turn_details;
  const dropped = new Set<number>();
  const marked: MarkedTurn[] = [];
  record.conversation.forEach((message, index) => {
    if (message.role !== 'assistant' || message.turn_identifier === null) return;
    const turnClass = classifyTurn(details?.[index]?.status ?? null, message.content);
    const action = policy[turnClass];
    if (counts !== null) counts[turnClass][action] += 1;
    if (action === 'drop') {
      dropped.add(index);
      const previous = record.conversation[index - 1];
      if (previous?.role === 'user' && previous.turn_identifier === message.turn_identifier) dropped.add(index - 1);
    } else if (action === 'mark') {
      marked.push({ message_index: index, status: turnClass });
    }
  });
  if (dropped.size === 0 && marked.length === 0) return record;
  const keptIndexes = record.conversation.map((_, index) => index).filter((index) => !dropped.has(index));
  const newIndex = new Map(keptIndexes.map((oldIndex, position) => [oldIndex, position]));
  const conversation = keptIndexes.flatMap((index) => record.conversation.slice(index, index + 1));
  if (!conversation.some((message) => message.turn_identifier !== null)) return null;
  const keptDetails = details === null ? null : keptIndexes.flatMap((index) => details.slice(index, index + 1));
  const extra =
    marked.length === 0
      ? record.extra
      : { ...(record.extra ?? {}), marked_turns: marked.map((turn) => ({ ...turn, message_index: newIndex.get(turn.message_index) ?? turn.message_index })) };
  // The row's time and model are its last reply's; when that one was dropped, the last kept one's.
  const lastReply = conversation.findLastIndex((message) => message.role === 'assistant');
  const lastDroppedReply = dropped.has(record.conversation.length - 1);
  return {
    ...record,
    conversation,
    turn: conversation.filter((message) => message.role === 'user').length,
    timestamp: lastDroppedReply ? (conversation[lastReply]?.timestamp ?? record.timestamp) : record.timestamp,
    model: lastDroppedReply ? (keptDetails?.[lastReply]?.model ?? record.model) : record.model,
    turn_details: keptDetails,
    branch:
      record.branch === null
        ? null
        : { ...record.branch, shared_messages: keptIndexes.filter((index) => index < (record.branch?.shared_messages ?? 0)).length },
    extra,
  };
}

/** "completed 10 kept, interrupted 3 marked, ..." for the console and the card; classes never seen are left out. */
export function turnStatusSummary(counts: TurnStatusCounts): string {
  const verbs: Record<TurnStatusAction, string> = { keep: 'kept', drop: 'dropped', mark: 'marked' };
  const parts = TURN_STATUS_CLASSES.flatMap((name) =>
    TURN_STATUS_ACTIONS.filter((action) => counts[name][action] > 0).map(
      (action) => `${name} ${counts[name][action].toLocaleString('en-US')} ${verbs[action]}`,
    ),
  );
  return parts.length === 0 ? 'no turns' : parts.join(', ');
}
