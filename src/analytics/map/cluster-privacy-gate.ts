/**
 * The privacy gate of the topic map (after Clio): aggregate insight must never expose one person.
 * - A cluster with fewer than k distinct users, or fewer than k conversations, is merged into the
 *   nearest cluster that passes; when none passes, every point stays unclustered and unlabeled.
 * - A label term must occur in at least k conversations of at least k distinct users of the
 *   cluster, so a label never quotes a single conversation (or one person's several).
 * - Every label passes the PII detector; a term it flags is dropped.
 * Datasets without users (ShareGPT) count each conversation as its own user, and say so.
 */
export const DEFAULT_MAP_K = 25;

export interface GateCounts {
  conversations: number;
  users: number;
}

export function passesClusterGate(counts: GateCounts, k: number): boolean {
  return counts.conversations >= k && counts.users >= k;
}

/** Which clusters survive, and where each failing one goes (its nearest passing cluster, or -1). */
export function gateClusters(counts: readonly GateCounts[], centroids: Float32Array, dimension: number, k: number): Int32Array {
  const target = new Int32Array(counts.length).fill(-1);
  const passing = counts.map((count, cluster) => (passesClusterGate(count, k) ? cluster : -1)).filter((cluster) => cluster >= 0);
  counts.forEach((count, cluster) => {
    if (passesClusterGate(count, k)) {
      target[cluster] = cluster;
      return;
    }
    let best = -1;
    let bestDistance = Infinity;
    for (const candidate of passing) {
      let distance = 0;
      for (let d = 0; d < dimension; d += 1) distance += ((centroids[cluster * dimension + d] ?? 0) - (centroids[candidate * dimension + d] ?? 0)) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    target[cluster] = best;
  });
  return target;
}

export interface TermStatistics {
  conversations: number;
  users: Set<string>;
}

/** Terms that may appear in a label: used by ≥ k conversations of ≥ k distinct users. */
export function termPassesGate(statistics: TermStatistics, k: number): boolean {
  return statistics.conversations >= k && statistics.users.size >= k;
}

/** A detector of personal data in a short text (the PII stage's detector, handed in by the caller). */
export type PiiCheck = (text: string) => boolean;

/** Drops terms the PII check flags; null when nothing is left or the joined label is still flagged. */
export function safeLabel(terms: readonly string[], containsPii: PiiCheck): string | null {
  const kept = terms.filter((term) => !containsPii(term));
  if (kept.length === 0) return null;
  const label = kept.join(', ');
  return containsPii(label) ? null : label;
}
