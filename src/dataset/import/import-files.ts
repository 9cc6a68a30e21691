/**
 * `wildchat import`: files -> normalised release records -> a named dataset in the store.
 * Streams every file in batches (bounded memory), detects the format when not given, counts and
 * reports malformed rows by position (content never appears in reasons), skips duplicates.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ReleaseRecord } from '../../schema/release-record.ts';
import type { DatasetRecordInput, DatasetStore } from '../../store/dataset-store.ts';
import { SILENT_PROGRESS, type ProgressSink } from '../progress-sink.ts';
import { detectImportFormat, NORMALIZERS, type ImportFormat } from './import-format.ts';
import { describeInput, POSITION_UNIT, readInputRows, type InputRow } from './read-input-rows.ts';
import { RowError } from './row-error.ts';

export interface ImportOptions {
  files: readonly string[];
  dataset: string;
  /** Detected per file when absent. */
  format?: ImportFormat;
  /** Stop at the first malformed row (records already written stay; re-running is idempotent). */
  strict?: boolean;
  /** How many malformed rows to list in the report (all are counted). */
  maxListedErrors?: number;
  store: DatasetStore;
  now?: () => number;
  progress?: ProgressSink;
  /** Told which format was detected (or given) for each file, before its rows are read. */
  onFormat?: (file: string, format: ImportFormat, evidence: string) => void;
}

export interface MalformedRow {
  file: string;
  /** e.g. "line 12", "item 3", "row 40". */
  position: string;
  reason: string;
}

export interface FileImportReport {
  file: string;
  container: string;
  gzip: boolean;
  format: ImportFormat;
  evidence: string;
  rows: number;
  imported: number;
  duplicates: number;
  malformed: number;
}

export interface ImportReport {
  dataset: string;
  files: FileImportReport[];
  imported: number;
  duplicates: number;
  malformed: number;
  /** The first `maxListedErrors` malformed rows. */
  errors: MalformedRow[];
  /** Records in the dataset after the import. */
  datasetRecords: number;
}

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

const DETECTION_SAMPLE_ROWS = 50;
const DEFAULT_LISTED_ERRORS = 10;

/** Stable row key: SHA-256 of the normalised record, so the same row always dedups. */
export function recordRowKey(record: ReleaseRecord, recordJson = JSON.stringify(record)): string {
  return createHash('sha256').update(recordJson).digest('hex');
}

export async function importFiles(options: ImportOptions): Promise<ImportReport> {
  const progress = options.progress ?? SILENT_PROGRESS;
  const maxListed = options.maxListedErrors ?? DEFAULT_LISTED_ERRORS;
  const dataset = await options.store.createOrGetDataset(options.dataset, (options.now ?? Date.now)());
  const report: ImportReport = { dataset: options.dataset, files: [], imported: 0, duplicates: 0, malformed: 0, errors: [], datasetRecords: 0 };

  for (const filePath of options.files) {
    const label = path.basename(filePath);
    const file = await describeInput(filePath).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ImportError(`${filePath}: cannot read (${code ?? (error as Error).message})`);
    });
    const unit = POSITION_UNIT[file.container];
    const fileReport: FileImportReport = {
      file: filePath, container: file.container, gzip: file.gzip, format: options.format ?? 'wildchat', evidence: 'given with --format',
      rows: 0, imported: 0, duplicates: 0, malformed: 0,
    };

    const malformed = (position: number, reason: string): void => {
      fileReport.malformed += 1;
      report.malformed += 1;
      const entry = { file: filePath, position: `${unit} ${position}`, reason };
      if (options.strict === true) throw new ImportError(`${label} ${entry.position}: ${reason} (stopped: --strict)`);
      if (report.errors.length < maxListed) report.errors.push(entry);
    };

    progress.begin(label, file.rows ?? file.bytes, file.rows === null ? 'bytes' : 'rows');
    const rows = readInputRows(file, (increment) => progress.advance(increment));
    // Read ahead a sample to detect the format, then replay it before the rest.
    const buffered: InputRow[][] = [];
    let format = options.format;
    if (format === undefined) {
      const sample: unknown[] = [];
      while (sample.length < DETECTION_SAMPLE_ROWS) {
        const next = await rows.next();
        if (next.done === true) break;
        buffered.push(next.value);
        for (const row of next.value) if (row.value !== undefined) sample.push(row.value);
      }
      const detected = detectImportFormat(sample);
      if (detected === null) {
        await rows.return(undefined);
        progress.end();
        throw new ImportError(`${label}: could not detect the format (none of wildchat, lmsys, sharegpt, openai); pass --format`);
      }
      format = detected.format;
      fileReport.format = detected.format;
      fileReport.evidence = detected.evidence;
    }
    options.onFormat?.(filePath, format, fileReport.evidence);
    const normalize = NORMALIZERS[format];

    const processBatch = async (batch: readonly InputRow[]): Promise<void> => {
      const inputs: DatasetRecordInput[] = [];
      for (const row of batch) {
        fileReport.rows += 1;
        if (row.error !== undefined) {
          malformed(row.position, row.error);
          continue;
        }
        try {
          const record = normalize(row.value);
          if (record.conversation.length === 0) throw new RowError('conversation: no messages');
          const recordJson = JSON.stringify(record);
          inputs.push({ rowKey: recordRowKey(record, recordJson), record, recordJson });
        } catch (error) {
          if (!(error instanceof RowError)) throw error;
          malformed(row.position, error.message);
        }
      }
      const result = await options.store.insertRecords(dataset.id, inputs);
      fileReport.imported += result.inserted;
      fileReport.duplicates += result.duplicates;
    };

    try {
      for (const batch of buffered) await processBatch(batch);
      for await (const batch of { [Symbol.asyncIterator]: () => rows }) await processBatch(batch);
    } catch (error) {
      await rows.return(undefined);
      if (error instanceof ImportError) throw error;
      if (error instanceof Error && !(error instanceof RowError)) {
        throw new ImportError(`${label}: ${error.message} (after ${fileReport.rows} ${unit}s)`);
      }
      throw error;
    } finally {
      progress.end();
    }
    report.imported += fileReport.imported;
    report.duplicates += fileReport.duplicates;
    report.files.push(fileReport);
  }
  report.datasetRecords = await options.store.countRecords(dataset.id);
  return report;
}
