/**
 * A figure that may be missing. A source without a field (ShareGPT has no users, LMSYS no
 * countries) gives `value: null` with the reason, never a 0 that would read as a measurement.
 */
export type Measure = { value: number; std?: number } | { value: null; reason: string };

export function measured(value: number, std?: number): Measure {
  return std === undefined ? { value } : { value, std };
}

export function missing(reason: string): Measure {
  return { value: null, reason };
}

/** Share of `part` in `whole`, or missing when nothing was counted. */
export function share(part: number, whole: number, reasonWhenEmpty: string): Measure {
  return whole > 0 ? { value: part / whole } : missing(reasonWhenEmpty);
}
