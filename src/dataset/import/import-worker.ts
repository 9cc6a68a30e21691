/**
 * Worker thread of the import pool: parses, normalises, serialises and hashes batches of row
 * texts, so the main thread only reads the file and writes SQLite. Replies carry the record JSON
 * and its index columns (not the record object: cloning it would cost as much as parsing).
 */
import { parentPort } from 'node:worker_threads';
import type { SerializedDatasetRecord } from '../../store/dataset-store.ts';
import { NORMALIZERS, type ImportFormat } from './import-format.ts';
import { RowError } from './row-error.ts';
import { serializeRow } from './serialize-row.ts';

export interface ImportWorkerRequest {
  id: number;
  format: ImportFormat;
  texts: string[];
}

/** Per text: the serialised record, or the content-free reason it was rejected. */
export type ImportWorkerResult = SerializedDatasetRecord | { error: string };

export type ImportWorkerReply = { id: number; results: ImportWorkerResult[] } | { id: number; failure: string };

const port = parentPort;
if (port === null) throw new Error('import-worker.ts must run in a worker thread');

function serializeText(text: string, format: ImportFormat): ImportWorkerResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'not valid JSON' };
  }
  try {
    const { record: _record, ...serialized } = serializeRow(value, NORMALIZERS[format]);
    return serialized;
  } catch (error) {
    if (error instanceof RowError) return { error: error.message };
    throw error;
  }
}

port.on('message', (request: ImportWorkerRequest) => {
  try {
    const results = request.texts.map((text) => serializeText(text, request.format));
    port.postMessage({ id: request.id, results } satisfies ImportWorkerReply);
  } catch (error) {
    // Not a RowError: a bug, reported with its message (our own text, never row content).
    port.postMessage({ id: request.id, failure: error instanceof Error ? error.message : String(error) } satisfies ImportWorkerReply);
  }
});
port.postMessage({ ready: true });
