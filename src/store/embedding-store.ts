/**
 * Embeddings of a dataset's conversations, stored beside the dataset (derived data: it can be
 * deleted and rebuilt). One embedding set per (dataset, text rule) holds vectors of exactly one
 * backend version; a run with another version is refused unless the caller replaces the set, so
 * vectors of two models never sit on one map. Points carry the few fields the map colours and the
 * privacy gate counts by, never text.
 */

export const TEXT_RULES = ['first-user-turn', 'all-user-turns'] as const;
export type TextRule = (typeof TEXT_RULES)[number];

export interface EmbeddingSetInfo {
  id: number;
  dataset: string;
  textRule: TextRule;
  version: string;
  dimension: number;
  /** Embedded points. */
  points: number;
  /** Source records read so far (imported datasets resume from here). */
  sourcePosition: number;
  /** Records without text for the rule (counted, not stored). */
  skipped: number;
  updatedAt: number;
}

export interface EmbeddingPoint {
  /** The search index key of the conversation within its dataset. */
  key: string;
  conversationHash: string;
  /** Hashed IP of the user (null when the dataset has no users, e.g. ShareGPT). */
  user: string | null;
  language: string | null;
  model: string | null;
  toxic: boolean | null;
  vector: Float32Array;
}

export interface StoredPoints {
  keys: string[];
  conversationHashes: string[];
  users: Array<string | null>;
  languages: Array<string | null>;
  models: Array<string | null>;
  toxic: Array<boolean | null>;
  /** points × dimension, row-major. */
  vectors: Float32Array;
  dimension: number;
}

/** A stored map: the binary points file the explorer serves and its JSON description. */
export interface StoredMap {
  name: string;
  createdAt: number;
  description: string;
  points: Uint8Array;
  /** One line per point, in map order: dataset name, tab, search index key, tab, conversation hash. */
  keys: string;
}

export class EmbeddingVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddingVersionError';
  }
}

export interface EmbeddingStore {
  getSet(dataset: string, textRule: TextRule): Promise<EmbeddingSetInfo | null>;
  listSets(): Promise<EmbeddingSetInfo[]>;
  /**
   * The set for (dataset, rule) with this version, created empty when there is none. Throws
   * EmbeddingVersionError when one exists with another version, unless `replace` drops it first.
   */
  openSet(dataset: string, textRule: TextRule, version: string, dimension: number, options: { replace: boolean; at: number }): Promise<EmbeddingSetInfo>;
  /** Adds or replaces points and records the source position and skip count, in one transaction. */
  putPoints(setId: number, points: readonly EmbeddingPoint[], progress: { sourcePosition: number; skipped: number; at: number }): Promise<void>;
  /** Keys already embedded in a set. */
  pointKeys(setId: number): Promise<Set<string>>;
  /** Deletes points whose conversation is gone (deleted or withdrawn); returns how many. */
  removePoints(setId: number, keys: readonly string[]): Promise<number>;
  /** Every point of a set in insertion order. */
  readPoints(setId: number): Promise<StoredPoints>;
  saveMap(map: StoredMap): Promise<void>;
  getMap(name: string): Promise<StoredMap | null>;
  listMaps(): Promise<Array<Omit<StoredMap, 'points' | 'keys'>>>;
  close(): Promise<void>;
}
