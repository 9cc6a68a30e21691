/**
 * A DuckDB connection with fixed settings, so exports are byte-for-byte reproducible and memory
 * stays bounded. Only built-in extensions (parquet, json, icu) are used: nothing is downloaded.
 */
import { createRequire } from 'node:module';
import type * as DuckDb from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';

// Required, not imported, and only when a session opens: imported as an ES module, the package (CommonJS) is first
// scanned for its named exports, following every re-export of its index through ~180 files (0.25-0.3 CPU-s).
const require = createRequire(import.meta.url);

export interface DuckDbOptions {
  /** Worker threads; 1 keeps the output order and row groups identical run to run. */
  threads?: number;
  /** e.g. '512MB'. DuckDB spills to its temp directory beyond this. */
  memoryLimit?: string;
  tempDirectory?: string;
}

export interface DuckDbSession {
  connection: DuckDBConnection;
  close(): void;
}

export async function openDuckDb(options: DuckDbOptions = {}): Promise<DuckDbSession> {
  const config: Record<string, string> = {
    threads: String(options.threads ?? 1),
    memory_limit: options.memoryLimit ?? '512MB',
    preserve_insertion_order: 'true',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'true',
  };
  if (options.tempDirectory !== undefined) config.temp_directory = options.tempDirectory;
  const { DuckDBInstance } = require('@duckdb/node-api') as typeof DuckDb;
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  // Render TIMESTAMPTZ in UTC whatever the machine's zone (icu is built in; ignore if absent).
  await connection.run("SET TimeZone = 'UTC'").catch(() => undefined);
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal (paths cannot be bound as parameters in table functions). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
