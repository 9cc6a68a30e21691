/**
 * A conversation is a tree of turns (docs/api.md). The page shows one path through it; the user
 * picks a branch at each fork. These are pure functions so the branch logic is unit-tested apart
 * from React.
 */
import type { Turn } from '../api/types.ts';

/** Key of the children list of a turn; the first turns of a conversation hang off the root. */
export type ParentKey = number | 'root';

export function parentKeyOf(turn: Turn): ParentKey {
  return turn.parentTurnId ?? 'root';
}

export interface TurnTree {
  byId: ReadonlyMap<number, Turn>;
  /** Children of each parent, oldest first (the order the versions are numbered in). */
  childrenOf: ReadonlyMap<ParentKey, readonly Turn[]>;
}

export function buildTurnTree(turns: readonly Turn[]): TurnTree {
  const byId = new Map<number, Turn>();
  for (const turn of turns) byId.set(turn.turnIdentifier, turn);
  const childrenOf = new Map<ParentKey, Turn[]>();
  for (const turn of byId.values()) {
    const key = parentKeyOf(turn);
    let siblings = childrenOf.get(key);
    if (!siblings) {
      siblings = [];
      childrenOf.set(key, siblings);
    }
    siblings.push(turn);
  }
  for (const siblings of childrenOf.values()) siblings.sort(compareTurns);
  return { byId, childrenOf };
}

function compareTurns(left: Turn, right: Turn): number {
  if (left.createdAt !== right.createdAt) return left.createdAt < right.createdAt ? -1 : 1;
  return left.turnIdentifier - right.turnIdentifier;
}

/**
 * The visible path: from the root, at each fork take the chosen child, or the newest one when the
 * user has not chosen (so a fresh regenerate or edit is what they see).
 */
export function selectPath(tree: TurnTree, chosen: ReadonlyMap<ParentKey, number>): Turn[] {
  const path: Turn[] = [];
  const seen = new Set<number>();
  let key: ParentKey = 'root';
  for (;;) {
    const children = tree.childrenOf.get(key);
    if (!children || children.length === 0) break;
    const choice = chosen.get(key);
    const next = children.find((turn) => turn.turnIdentifier === choice) ?? children[children.length - 1];
    if (!next || seen.has(next.turnIdentifier)) break;
    seen.add(next.turnIdentifier);
    path.push(next);
    key = next.turnIdentifier;
  }
  return path;
}

export interface SiblingPosition {
  /** 1-based position among the versions of this turn. */
  index: number;
  count: number;
  previous: Turn | null;
  next: Turn | null;
  /** True when the versions differ in the user message (edits), not only in the reply. */
  userMessageDiffers: boolean;
}

export function siblingPosition(tree: TurnTree, turn: Turn): SiblingPosition {
  const siblings = tree.childrenOf.get(parentKeyOf(turn)) ?? [turn];
  const position = siblings.findIndex((candidate) => candidate.turnIdentifier === turn.turnIdentifier);
  const index = position === -1 ? 0 : position;
  return {
    index: index + 1,
    count: siblings.length,
    previous: siblings[index - 1] ?? null,
    next: siblings[index + 1] ?? null,
    userMessageDiffers: siblings.some((sibling) => sibling.userContent !== turn.userContent),
  };
}

/** Returns the choices with `turn` selected at its fork (all later forks keep their choice). */
export function chooseTurn(chosen: ReadonlyMap<ParentKey, number>, turn: Turn): Map<ParentKey, number> {
  const next = new Map(chosen);
  next.set(parentKeyOf(turn), turn.turnIdentifier);
  return next;
}

/** Inserts or replaces one turn, keeping the list immutable for React. */
export function upsertTurn(turns: readonly Turn[], turn: Turn): Turn[] {
  const index = turns.findIndex((candidate) => candidate.turnIdentifier === turn.turnIdentifier);
  if (index === -1) return [...turns, turn];
  const next = turns.slice();
  next[index] = turn;
  return next;
}
