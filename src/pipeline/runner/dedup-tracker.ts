/**
 * Corpus-level duplicates for a release: two DedupIndexes (whole conversation, first user
 * message) fed during pass 1, finished between the passes, then kept as compact per-row arrays.
 * Rows are identified by their position in the order they were added; index keys are zero-padded
 * positions, so "the smallest key of a cluster" is the row seen first, which a policy keeps.
 */
import type { XXHashAPI } from 'xxhash-wasm';
import { conversationDedupTexts } from '../dedup/conversation-dedup-texts.ts';
import { DedupIndex, type DedupAssignment } from '../dedup/dedup-index.ts';
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

interface CompactAssignments {
  /** Position of the exact-text group's first row (itself when unique or empty). */
  exactGroup: Int32Array;
  /** Position of the near-duplicate cluster's first row. */
  nearGroup: Int32Array;
  clusterSize: Int32Array;
  /** Cluster id per representative position: start of the representative's normalised-text hash. */
  clusterIds: Map<number, string>;
}

function keyOf(position: number): string {
  return String(position).padStart(10, '0');
}

function compact(assignments: readonly DedupAssignment[]): CompactAssignments {
  const count = assignments.length;
  const exactGroup = new Int32Array(count);
  const nearGroup = new Int32Array(count);
  const clusterSize = new Int32Array(count);
  const clusterIds = new Map<number, string>();
  assignments.forEach((assignment, position) => {
    exactGroup[position] = assignment.exactDuplicateOf === null ? position : Number(assignment.exactDuplicateOf);
    const representative = Number(assignment.nearDuplicateCluster);
    nearGroup[position] = representative;
    clusterSize[position] = assignment.clusterSize;
    if (representative === position) clusterIds.set(position, (assignment.exactHash ?? `empty-${keyOf(position)}`).slice(0, 16));
  });
  return { exactGroup, nearGroup, clusterSize, clusterIds };
}

export class DedupTracker {
  // Dropped after finish(): the signatures and hashes are no longer needed, only the compact arrays.
  private conversationIndex: DedupIndex | null;
  private firstTurnIndex: DedupIndex | null;
  private conversation: CompactAssignments | null = null;
  private firstTurn: CompactAssignments | null = null;
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
    this.conversationIndex.add(keyOf(position), texts.conversation);
    this.firstTurnIndex.add(keyOf(position), texts.firstUserTurn);
    this.added += 1;
    return position;
  }

  finish(): void {
    if (this.conversationIndex === null || this.firstTurnIndex === null) throw new Error('DedupTracker.finish called twice');
    this.conversation = compact(this.conversationIndex.finish());
    this.conversationIndex = null;
    this.firstTurn = compact(this.firstTurnIndex.finish());
    this.firstTurnIndex = null;
  }

  private assignments(text: DedupText): CompactAssignments {
    const assignments = text === 'conversation' ? this.conversation : this.firstTurn;
    if (assignments === null) throw new Error('DedupTracker used before finish()');
    return assignments;
  }

  duplicates(position: number, text: DedupText): RowDuplicates {
    const assignments = this.assignments(text);
    const representative = assignments.nearGroup[position] as number;
    return {
      cluster: assignments.clusterIds.get(representative) ?? keyOf(representative),
      clusterSize: assignments.clusterSize[position] as number,
      exact: assignments.exactGroup[position] !== position,
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
    const assignments = this.assignments(text);
    const group = level === 'exact' ? assignments.exactGroup : assignments.nearGroup;
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
