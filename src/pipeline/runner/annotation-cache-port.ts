/**
 * What the pipeline needs from an annotation cache: results of a stage for content hashes, looked
 * up and stored in bulk. Entries are keyed by (stage name, stage version, content hash), so a new
 * stage version ignores old results and nothing is ever recomputed for the same text and version.
 * src/store/annotation-cache.ts (SQLite: SqliteAnnotationCache) has this shape; the pipeline only
 * sees the port.
 */
export interface CachedAnnotation {
  /** The content hash. */
  key: string;
  value: unknown;
}

export interface AnnotationCachePort {
  /** The cached values among `contentHashes` (missing hashes are absent from the map). */
  getMany(stage: string, version: string, contentHashes: readonly string[]): Promise<Map<string, unknown>>;
  putMany(stage: string, version: string, entries: readonly CachedAnnotation[]): Promise<void>;
}
