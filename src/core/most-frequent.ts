/**
 * The most frequent value, ties going to the value seen first (WildChat's rule for conversation
 * language, IP, state and country; Python's Counter.most_common does the same). Values are
 * compared by `keyOf` (default: the value itself; objects such as headers pass a JSON key).
 * Null and undefined are skipped unless `countNulls` is set; null when nothing is counted.
 */
export interface MostFrequentOptions<Value> {
  keyOf?: (value: Value) => unknown;
  countNulls?: boolean;
}

export function mostFrequent<Value>(values: Iterable<Value | null | undefined>, options: MostFrequentOptions<Value> = {}): Value | null {
  const counts = new Map<unknown, { value: Value | null; count: number }>();
  for (const value of values) {
    if ((value === null || value === undefined) && options.countNulls !== true) continue;
    const present = value ?? null;
    const key = present === null || options.keyOf === undefined ? present : options.keyOf(present);
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, { value: present, count: 1 });
    else entry.count += 1;
  }
  // Map iteration follows first insertion, so a strict comparison keeps the first seen on ties.
  let best: { value: Value | null; count: number } | null = null;
  for (const entry of counts.values()) if (best === null || entry.count > best.count) best = entry;
  return best === null ? null : best.value;
}
