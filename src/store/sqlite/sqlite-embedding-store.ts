/**
 * EmbeddingStore in its own SQLite file beside the store (`embeddings.sqlite` in the data folder).
 * Vectors are Float32 blobs (4 bytes a value: 1 KB a point at 256 dimensions).
 */
import Database from 'better-sqlite3';
import {
  EmbeddingVersionError,
  TEXT_RULES,
  type EmbeddingPoint,
  type EmbeddingSetInfo,
  type EmbeddingStore,
  type StoredMap,
  type StoredPoints,
  type TextRule,
} from '../embedding-store.ts';

export const EMBEDDING_STORE_FILE_NAME = 'embeddings.sqlite';

interface SetRow {
  id: number;
  dataset: string;
  text_rule: string;
  version: string;
  dimension: number;
  source_position: number;
  skipped: number;
  updated_at: number;
  points: number;
}

function toInfo(row: SetRow): EmbeddingSetInfo {
  const textRule = TEXT_RULES.find((rule) => rule === row.text_rule);
  if (textRule === undefined) throw new Error(`embedding set ${row.id}: unknown text rule`);
  return {
    id: row.id,
    dataset: row.dataset,
    textRule,
    version: row.version,
    dimension: row.dimension,
    points: row.points,
    sourcePosition: row.source_position,
    skipped: row.skipped,
    updatedAt: row.updated_at,
  };
}

const SET_COLUMNS =
  's.id, s.dataset, s.text_rule, s.version, s.dimension, s.source_position, s.skipped, s.updated_at, (SELECT count(*) FROM points p WHERE p.set_id = s.id) AS points';

export class SqliteEmbeddingStore implements EmbeddingStore {
  private readonly database: Database.Database;

  constructor(file: string) {
    this.database = new Database(file);
    this.database.pragma('journal_mode = WAL');
    this.database.pragma('synchronous = NORMAL');
    this.database.exec(`
      CREATE TABLE IF NOT EXISTS embedding_sets (
        id INTEGER PRIMARY KEY,
        dataset TEXT NOT NULL,
        text_rule TEXT NOT NULL,
        version TEXT NOT NULL,
        dimension INTEGER NOT NULL,
        source_position INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        UNIQUE (dataset, text_rule)
      );
      CREATE TABLE IF NOT EXISTS points (
        set_id INTEGER NOT NULL REFERENCES embedding_sets (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        conversation_hash TEXT NOT NULL,
        user TEXT, language TEXT, model TEXT, toxic INTEGER,
        vector BLOB NOT NULL,
        PRIMARY KEY (set_id, key)
      );
      CREATE TABLE IF NOT EXISTS maps (
        name TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        description TEXT NOT NULL,
        points BLOB NOT NULL,
        keys TEXT NOT NULL
      );
    `);
    this.database.pragma('foreign_keys = ON');
  }

  getSet(dataset: string, textRule: TextRule): Promise<EmbeddingSetInfo | null> {
    const row = this.database
      .prepare<[string, string], SetRow>(`SELECT ${SET_COLUMNS} FROM embedding_sets s WHERE s.dataset = ? AND s.text_rule = ?`)
      .get(dataset, textRule);
    return Promise.resolve(row === undefined ? null : toInfo(row));
  }

  listSets(): Promise<EmbeddingSetInfo[]> {
    return Promise.resolve(this.database.prepare<[], SetRow>(`SELECT ${SET_COLUMNS} FROM embedding_sets s ORDER BY s.dataset, s.text_rule`).all().map(toInfo));
  }

  async openSet(dataset: string, textRule: TextRule, version: string, dimension: number, options: { replace: boolean; at: number }): Promise<EmbeddingSetInfo> {
    const existing = await this.getSet(dataset, textRule);
    if (existing !== null && existing.version !== version) {
      if (!options.replace) {
        throw new EmbeddingVersionError(
          `${dataset} (${textRule}) holds ${existing.points} embeddings of version ${existing.version}; this run would write ${version}. Re-run with the same backend and model, or pass --replace to drop the old ones.`,
        );
      }
      this.database.prepare('DELETE FROM embedding_sets WHERE id = ?').run(existing.id);
    }
    if (existing === null || existing.version !== version) {
      this.database
        .prepare('INSERT INTO embedding_sets (dataset, text_rule, version, dimension, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(dataset, textRule, version, dimension, options.at);
    }
    const opened = await this.getSet(dataset, textRule);
    if (opened === null) throw new Error(`embedding set for ${dataset} was not created`);
    return opened;
  }

  putPoints(setId: number, points: readonly EmbeddingPoint[], progress: { sourcePosition: number; skipped: number; at: number }): Promise<void> {
    const insert = this.database.prepare(
      'INSERT OR REPLACE INTO points (set_id, key, conversation_hash, user, language, model, toxic, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const update = this.database.prepare('UPDATE embedding_sets SET source_position = ?, skipped = ?, updated_at = ? WHERE id = ?');
    this.database.transaction(() => {
      for (const point of points) {
        const blob = Buffer.from(point.vector.buffer, point.vector.byteOffset, point.vector.byteLength);
        insert.run(setId, point.key, point.conversationHash, point.user, point.language, point.model, point.toxic === null ? null : point.toxic ? 1 : 0, blob);
      }
      update.run(progress.sourcePosition, progress.skipped, progress.at, setId);
    })();
    return Promise.resolve();
  }

  pointKeys(setId: number): Promise<Set<string>> {
    const rows = this.database.prepare<[number], { key: string }>('SELECT key FROM points WHERE set_id = ?').all(setId);
    return Promise.resolve(new Set(rows.map((row) => row.key)));
  }

  removePoints(setId: number, keys: readonly string[]): Promise<number> {
    const remove = this.database.prepare('DELETE FROM points WHERE set_id = ? AND key = ?');
    let removed = 0;
    this.database.transaction(() => {
      for (const key of keys) removed += remove.run(setId, key).changes;
    })();
    return Promise.resolve(removed);
  }

  readPoints(setId: number): Promise<StoredPoints> {
    const set = this.database.prepare<[number], { dimension: number }>('SELECT dimension FROM embedding_sets WHERE id = ?').get(setId);
    if (set === undefined) throw new Error(`no embedding set ${setId}`);
    const count = this.database.prepare<[number], { n: number }>('SELECT count(*) AS n FROM points WHERE set_id = ?').get(setId)?.n ?? 0;
    const result: StoredPoints = {
      keys: [],
      conversationHashes: [],
      users: [],
      languages: [],
      models: [],
      toxic: [],
      vectors: new Float32Array(count * set.dimension),
      dimension: set.dimension,
    };
    const rows = this.database
      .prepare<
        [number],
        { key: string; conversation_hash: string; user: string | null; language: string | null; model: string | null; toxic: number | null; vector: Buffer }
      >('SELECT key, conversation_hash, user, language, model, toxic, vector FROM points WHERE set_id = ? ORDER BY rowid')
      .iterate(setId);
    const bytes = new Uint8Array(result.vectors.buffer);
    let row = 0;
    for (const stored of rows) {
      if (row >= count) break;
      result.keys.push(stored.key);
      result.conversationHashes.push(stored.conversation_hash);
      result.users.push(stored.user);
      result.languages.push(stored.language);
      result.models.push(stored.model);
      result.toxic.push(stored.toxic === null ? null : stored.toxic !== 0);
      // Copied byte-wise: a blob's offset inside its buffer need not be 4-byte aligned.
      bytes.set(stored.vector.subarray(0, set.dimension * 4), row * set.dimension * 4);
      row += 1;
    }
    return Promise.resolve(result);
  }

  saveMap(map: StoredMap): Promise<void> {
    this.database
      .prepare('INSERT OR REPLACE INTO maps (name, created_at, description, points, keys) VALUES (?, ?, ?, ?, ?)')
      .run(map.name, map.createdAt, map.description, Buffer.from(map.points.buffer, map.points.byteOffset, map.points.byteLength), map.keys);
    return Promise.resolve();
  }

  getMap(name: string): Promise<StoredMap | null> {
    const row = this.database
      .prepare<[string], { name: string; created_at: number; description: string; points: Buffer; keys: string }>(
        'SELECT name, created_at, description, points, keys FROM maps WHERE name = ?',
      )
      .get(name);
    return Promise.resolve(
      row === undefined
        ? null
        : {
            name: row.name,
            createdAt: row.created_at,
            description: row.description,
            // Copied: decoders view it as typed arrays, which need a 4-byte-aligned start.
            points: Uint8Array.from(row.points),
            keys: row.keys,
          },
    );
  }

  listMaps(): Promise<Array<Omit<StoredMap, 'points' | 'keys'>>> {
    const rows = this.database
      .prepare<[], { name: string; created_at: number; description: string }>('SELECT name, created_at, description FROM maps ORDER BY name')
      .all();
    return Promise.resolve(rows.map((row) => ({ name: row.name, createdAt: row.created_at, description: row.description })));
  }

  close(): Promise<void> {
    this.database.close();
    return Promise.resolve();
  }
}
