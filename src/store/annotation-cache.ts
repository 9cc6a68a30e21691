/**
 * Cache of pipeline stage results, keyed by (stage name, stage version, content key). The
 * pipeline runner looks results up before running a stage and stores what it computed, so
 * re-runs only process new content. Values are JSON-serialisable; `undefined` is not.
 */
export interface AnnotationCacheEntry {
  key: string;
  value: unknown;
}

export interface AnnotationCache {
  /** Cached values of the keys that are present; missing keys are absent from the map. */
  getMany(stage: string, version: string, keys: readonly string[]): Promise<Map<string, unknown>>;
  /** Stores (or replaces) entries in one transaction. */
  putMany(stage: string, version: string, entries: readonly AnnotationCacheEntry[]): Promise<void>;
  /** Number of entries of a stage (all versions when `version` is omitted). */
  count(stage: string, version?: string): Promise<number>;
  /** Deletes a stage's entries of every version except `keepVersion`; returns how many. */
  pruneVersions(stage: string, keepVersion: string): Promise<number>;
  /** Deletes the entries of these keys in every stage and version (deleted text); returns how many. */
  deleteKeys(keys: readonly string[]): Promise<number>;
  /** Deletes every entry (e.g. when the keying scheme changes); returns how many. */
  clear(): Promise<number>;
}
