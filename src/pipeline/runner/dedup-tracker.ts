/**
 * Corpus-level duplicates for a release: two DedupIndexes (whole conversation, first user
 * message) fed during pass 1, finished between the passes, then kept as compact per-row arrays.
 * Rows are identified by their position in the order they were added (the indexes store no keys),
 * so "the smallest key of a cluster" is the row seen first, which a policy keeps. Everything kept
 * per row is in typed arrays: about 600 bytes per row while adding, 90 after finish().
 */
import type { XXHashAPI } from 'xxhash-wasm';
import { conversationDedupTexts } from '../dedup/conversation-dedup-texts.ts';
import { DedupIndex, type CompactDedupAssignments } from '../dedup/dedup-index.ts';
import type { DedupLevel, DedupPolicy } from '../dedup/dedup-policy.ts';
import type { MessageInput } from '../stage.ts';

export type DedupText = 'conversation' | 'first-user-turn';

/**
 * MinHash size for release-scale corpora: 64 permutations (16 bands x 4 rows) keep each index at
 * 256 bytes per row, so both fit a 1M-row release in about 0.5 GB.
 */
export const RELEASE_DEDUP_INDEX = { permutations: 64, bands: 16, rows: 4, threshold: 0.5 } as const;

export interface RowDuplicates {
  cluster: string;
  clusterSize: number;
  exact: boolean;
}

function keyOf(position: number): string {
  return String(position).padStart(10, '0');
}

/** One finished index: positions of group representatives and the exact hashes for cluster ids. */
interface FinishedIndex {
  assignments: CompactDedupAssignments;
  index: DedupIndex;
}

export class DedupTracker {
  private conversationIndex: DedupIndex | null;
  private firstTurnIndex: DedupIndex | null;
  private conversation: FinishedIndex | null = null;
  private firstTurn: FinishedIndex | null = null;
  private added = 0;

  constructor(hasher: XXHashAPI) {
    this.conversationIndex = new DedupIndex({ hasher, ...RELEASE_DEDUP_INDEX });
    this.firstTurnIndex = new DedupIndex({ hasher, ...RELEASE_DEDUP_INDEX });
  }

  get size(): number {
    return this.added;
  }

  /** Adds the next row; returns its position. */
  add(messages: readonly MessageInput[]): number {
    if (this.conversationIndex === null || this.firstTurnIndex === null) throw new Error('DedupTracker.add after finish()');
    const position = this.added;
    const texts = conversationDedupTexts(messages);
    this.conversationIndex.addUnkeyed(texts.conversation);
    this.firstTurnIndex.addUnkeyed(texts.firstUserTurn);
    this.added += 1;
    return position;
  }

  /** Bytes of one row's compact signature (both indexes), see signatureInto. */
  get signatureBytes(): number {
    return this.signatureIndexes().conversation.signatureBytes * 2;
  }

  /**
   * A row's compact signature (conversation, then first user turn) into `target`, without adding
   * the row: addSignature of these bytes, in the same order, equals add(messages).
   */
  signatureInto(messages: readonly MessageInput[], target: Uint8Array): void {
    const { conversation, firstTurn } = this.signatureIndexes();
    const half = conversation.signatureBytes;
    const texts = conversationDedupTexts(messages);
    conversation.signatureInto(texts.conversation, target.subarray(0, half));
    firstTurn.signatureInto(texts.firstUserTurn, target.subarray(half, half * 2));
  }

  /** Adds the next row from its compact signature; returns its position. */
  addSignature(source: Uint8Array): number {
    const { conversation, firstTurn } = this.signatureIndexes();
    const half = conversation.signatureBytes;
    const position = this.added;
    conversation.addSignature(source.subarray(0, half));
    firstTurn.addSignature(source.subarray(half, half * 2));
    this.added += 1;
    return position;
  }

  private signatureIndexes(): { conversation: DedupIndex; firstTurn: DedupIndex } {
    if (this.conversationIndex === null || this.firstTurnIndex === null) throw new Error('DedupTracker used after finish()');
    return { conversation: this.conversationIndex, firstTurn: this.firstTurnIndex };
  }

  finish(): void {
    if (this.conversationIndex === null || this.firstTurnIndex === null) throw new Error('DedupTracker.finish called twice');
    // finishCompact() drops each index's signatures; its exact hashes stay for the cluster ids.
    this.conversation = { assignments: this.conversationIndex.finishCompact(), index: this.conversationIndex };
    this.conversationIndex = null;
    this.firstTurn = { assignments: this.firstTurnIndex.finishCompact(), index: this.firstTurnIndex };
    this.firstTurnIndex = null;
  }

  private finished(text: DedupText): FinishedIndex {
    const finished = text === 'conversation' ? this.conversation : this.firstTurn;
    if (finished === null) throw new Error('DedupTracker used before finish()');
    return finished;
  }

  /** Position of the exact-text group's first row (itself when unique or empty). */
  private exactGroup(assignments: CompactDedupAssignments, position: number): number {
    const minimum = assignments.exactMinimum[position] as number;
    return minimum === -1 ? position : minimum;
  }

  duplicates(position: number, text: DedupText): RowDuplicates {
    const { assignments, index } = this.finished(text);
    const representative = assignments.nearMinimum[position] as number;
    // The cluster id: start of the representative's normalised-text hash.
    return {
      cluster: (index.exactHash(representative) ?? `empty-${keyOf(representative)}`).slice(0, 16),
      clusterSize: assignments.clusterSize[position] as number,
      exact: this.exactGroup(assignments, position) !== position,
    };
  }

  /**
   * Which member rows a policy keeps: per group (exact text or near cluster), the first `limit`
   * members in input order. Non-members are never kept and do not use up a group's places.
   */
  selectKept(policy: DedupPolicy, level: DedupLevel, text: DedupText, isMember: (position: number) => boolean): Uint8Array {
    const kept = new Uint8Array(this.added);
    if (policy.kind === 'keep') {
      for (let position = 0; position < this.added; position += 1) kept[position] = isMember(position) ? 1 : 0;
      return kept;
    }
    const { assignments } = this.finished(text);
    const group =
      level === 'exact' ? Int32Array.from(assignments.exactMinimum, (minimum, position) => (minimum === -1 ? position : minimum)) : assignments.nearMinimum;
    const limit = policy.kind === 'drop' ? 1 : policy.limit;
    const used = new Map<number, number>();
    for (let position = 0; position < this.added; position += 1) {
      if (!isMember(position)) continue;
      const groupId = group[position] as number;
      const count = used.get(groupId) ?? 0;
      if (count < limit) {
        kept[position] = 1;
        used.set(groupId, count + 1);
      }
    }
    return kept;
  }
}
