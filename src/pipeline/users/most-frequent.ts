/**
 * The most frequent value, ties going to the value seen first (WildChat's rule for conversation
 * language, IP, state and country). Null and undefined values are skipped; null when none remain.
 */
export function mostFrequent<Value>(values: Iterable<Value | null | undefined>): Value | null {
  const counts = new Map<Value, number>();
  for (const value of values) {
    if (value === null || value === undefined) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  let best: Value | null = null;
  let bestCount = 0;
  // Map iteration follows first insertion, so a strict comparison keeps the first seen on ties.
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
