/**
 * What a release does with duplicates: keep all, drop all but one per cluster (the cluster's
 * smallest key), or cap each cluster at N members (smallest keys first).
 */
import type { DedupAssignment } from './dedup-index.ts';

export type DedupPolicy = { kind: 'keep' } | { kind: 'drop' } | { kind: 'cap'; limit: number };
export type DedupLevel = 'exact' | 'near';

export function parseDedupPolicy(value: string): DedupPolicy {
  if (value === 'keep' || value === 'drop') return { kind: value };
  const match = /^cap\((\d+)\)$/.exec(value.trim());
  if (match !== null && Number(match[1]) >= 1) return { kind: 'cap', limit: Number(match[1]) };
  throw new Error(`unknown dedup policy '${value}' (expected keep, drop or cap(N))`);
}

/** The keys a release keeps under the policy. */
export function selectKeptKeys(assignments: readonly DedupAssignment[], policy: DedupPolicy, level: DedupLevel = 'near'): Set<string> {
  const groupOf = (assignment: DedupAssignment): string =>
    level === 'exact' ? (assignment.exactDuplicateOf ?? assignment.key) : assignment.nearDuplicateCluster;
  if (policy.kind === 'keep') return new Set(assignments.map((assignment) => assignment.key));
  const limit = policy.kind === 'drop' ? 1 : policy.limit;
  const members = new Map<string, string[]>();
  for (const assignment of assignments) {
    const group = groupOf(assignment);
    const list = members.get(group);
    if (list === undefined) members.set(group, [assignment.key]);
    else list.push(assignment.key);
  }
  const kept = new Set<string>();
  for (const list of members.values()) {
    list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const key of list.slice(0, limit)) kept.add(key);
  }
  return kept;
}
