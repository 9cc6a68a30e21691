/**
 * `wildchat import`: files -> normalised release records -> a named dataset in the store.
 * Streams every file in batches (bounded memory), detects the format when not given, counts and
 * reports malformed rows by position (content never appears in reasons), skips duplicates.
 */
import path from 'node:path';
import { KNOWN_IMPORT_LICENSES } from '../../schema/import-formats.ts';
import type { DatasetInfo, DatasetRecordInput, DatasetStore, SerializedDatasetRecord } from '../../store/dataset-store.ts';
import { SILENT_PROGRESS, type ProgressSink } from '../../core/progress-sink.ts';
import { detectImportFormat, NORMALIZERS, type ImportFormat } from './import-format.ts';
import { ImportWorkerPool } from './import-worker-pool.ts';
import type { ImportWorkerResult } from './import-worker.ts';
import { describeInput, parseRow, POSITION_UNIT, readInputTexts, type InputText } from './read-input-rows.ts';
import { RowError } from './row-error.ts';
import { serializeRow } from './serialize-row.ts';

export { recordRowKey } from './serialize-row.ts';

export interface ImportOptions {
  files: readonly string[];
  dataset: string;
  /** Detected per file when absent. */
  format?: ImportFormat;
  /**
   * Licence id of the data (Hub spelling). Required when the format's licence is not known
   * (KNOWN_IMPORT_LICENSES) and the dataset has none recorded; recorded with the dataset.
   */
  license?: string | null;
  /**
   * Stop at the first malformed row. As on any failure, a dataset this run created is removed again;
   * in an existing one the records already written stay (re-running is idempotent).
   */
  strict?: boolean;
  /** How many malformed rows to list in the report (all are counted). */
  maxListedErrors?: number;
  store: DatasetStore;
  now?: () => number;
  progress?: ProgressSink;
  /** Told which format was detected (or given) for each file, before its rows are read. */
  onFormat?: (file: string, format: ImportFormat, evidence: string) => void;
  /**
   * Worker threads that parse, normalise and hash rows while the main thread reads and inserts
   * (the stored records, keys, order and report are the same). Default 0: on the 2-core reference
   * machine they cost ~25% more CPU and ~300 MB and gave no measured wall-time gain
   * (bench/RESULTS.md); with more cores, try one per core. Each start costs ~0.5 s.
   */
  workers?: number;
}

export interface MalformedRow {
  file: string;
  /** e.g. "line 12", "item 3 (line 40, byte 5120)", "row 40". */
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

/** Batches handed to each worker ahead of the one being inserted (more only adds memory). */
const BATCHES_IN_FLIGHT_PER_WORKER = 1;

/** Default worker count (see ImportOptions.workers); cores available: os.availableParallelism(). */
const DEFAULT_WORKERS = 0;

export async function importFiles(options: ImportOptions): Promise<ImportReport> {
  const existed = (await options.store.getDataset(options.dataset)) !== null;
  const dataset = await options.store.createOrGetDataset(options.dataset, (options.now ?? Date.now)());
  try {
    return await importWithWorkers(options, dataset);
  } catch (error) {
    // A dataset this run created and then failed (unreadable file, licence, --strict, ...) leaves no
    // empty or half-made leftover in `wildchat datasets`; re-running after the fix imports it whole.
    if (!existed) await options.store.deleteDataset(options.dataset);
    throw error;
  }
}

/** The licence a file's rows are recorded under, or an ImportError saying what to pass. */
function licenseOf(label: string, format: ImportFormat, given: string | null, recorded: string | null, dataset: string): string {
  if (given !== null && recorded !== null && given !== recorded)
    throw new ImportError(
      `dataset ${dataset} is recorded under licence ${recorded}, not ${given} (import into another dataset, or remove it with wildchat datasets rm)`,
    );
  const license = given ?? recorded ?? KNOWN_IMPORT_LICENSES[format] ?? null;
  if (license === null)
    throw new ImportError(
      `${label}: the licence of ${format} data is not known; pass --license with the Hugging Face licence id it is under (e.g. cc-by-4.0, or other)`,
    );
  return license;
}

async function importWithWorkers(options: ImportOptions, dataset: DatasetInfo): Promise<ImportReport> {
  const workerCount = options.workers ?? DEFAULT_WORKERS;
  let pool: ImportWorkerPool | null = null;
  try {
    return await importEach(options, dataset, () => {
      if (workerCount <= 0 || options.store.insertSerializedRecords === undefined) return null;
      pool ??= new ImportWorkerPool(workerCount);
      return pool;
    });
  } finally {
    await (pool as ImportWorkerPool | null)?.close();
  }
}

async function importEach(options: ImportOptions, dataset: DatasetInfo, poolFor: () => ImportWorkerPool | null): Promise<ImportReport> {
  const datasetId = dataset.id;
  let recordedLicense = dataset.license;
  const progress = options.progress ?? SILENT_PROGRESS;
  const maxListed = options.maxListedErrors ?? DEFAULT_LISTED_ERRORS;
  const report: ImportReport = { dataset: options.dataset, files: [], imported: 0, duplicates: 0, malformed: 0, errors: [], datasetRecords: 0 };

  for (const filePath of options.files) {
    const label = path.basename(filePath);
    const file = await describeInput(filePath).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ImportError(`${filePath}: cannot read (${code ?? (error as Error).message})`);
    });
    const unit = POSITION_UNIT[file.container];
    const fileReport: FileImportReport = {
      file: filePath,
      container: file.container,
      gzip: file.gzip,
      format: options.format ?? 'wildchat',
      evidence: 'given with --format',
      rows: 0,
      imported: 0,
      duplicates: 0,
      malformed: 0,
    };

    const malformed = (position: number, reason: string, where: string | undefined): void => {
      fileReport.malformed += 1;
      report.malformed += 1;
      const entry = { file: filePath, position: where === undefined ? `${unit} ${position}` : `${unit} ${position} (${where})`, reason };
      if (options.strict === true) throw new ImportError(`${label} ${entry.position}: ${reason} (stopped: --strict)`);
      if (report.errors.length < maxListed) report.errors.push(entry);
    };

    progress.begin(label, file.rows ?? file.bytes, file.rows === null ? 'bytes' : 'rows');
    const rows = readInputTexts(file, (increment) => progress.advance(increment));
    // Read ahead a sample to detect the format, then replay it before the rest.
    const buffered: InputText[][] = [];
    let format = options.format;
    if (format === undefined) {
      const sample: unknown[] = [];
      while (sample.length < DETECTION_SAMPLE_ROWS) {
        const next = await rows.next();
        if (next.done === true) break;
        buffered.push(next.value);
        for (const row of next.value) {
          if (sample.length >= DETECTION_SAMPLE_ROWS) break;
          const parsed = parseRow(row.text, row.position, row.invalidUtf8);
          if (parsed.value !== undefined) sample.push(parsed.value);
        }
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
    try {
      const license = licenseOf(label, format, options.license ?? null, recordedLicense, options.dataset);
      if (recordedLicense === null) await options.store.setDatasetLicense(options.dataset, license);
      recordedLicense = license;
    } catch (error) {
      await rows.return(undefined);
      progress.end();
      throw error;
    }
    options.onFormat?.(filePath, format, fileReport.evidence);
    const rowFormat = format;
    const normalize = NORMALIZERS[format];

    const insert = async (inputs: DatasetRecordInput[], serialized: SerializedDatasetRecord[]): Promise<void> => {
      const result =
        serialized.length > 0 && options.store.insertSerializedRecords !== undefined
          ? await options.store.insertSerializedRecords(datasetId, serialized)
          : await options.store.insertRecords(datasetId, inputs);
      fileReport.imported += result.inserted;
      fileReport.duplicates += result.duplicates;
    };

    const processBatch = async (batch: readonly InputText[]): Promise<void> => {
      const inputs: DatasetRecordInput[] = [];
      for (const text of batch) {
        fileReport.rows += 1;
        const row = parseRow(text.text, text.position, text.invalidUtf8);
        if (row.error !== undefined) {
          malformed(row.position, row.error, text.where);
          continue;
        }
        try {
          const { rowKey, record, recordJson } = serializeRow(row.value, normalize);
          inputs.push({ rowKey, record, recordJson });
        } catch (error) {
          if (!(error instanceof RowError)) throw error;
          malformed(row.position, error.message, text.where);
        }
      }
      await insert(inputs, []);
    };

    /** Worker results of one batch, in row order: the same counting and reporting as processBatch. */
    const insertWorkerResults = async (batch: readonly InputText[], results: readonly ImportWorkerResult[]): Promise<void> => {
      const serialized: SerializedDatasetRecord[] = [];
      for (let index = 0; index < batch.length; index += 1) {
        fileReport.rows += 1;
        const result = results[index];
        if (result === undefined) throw new Error('import worker returned too few results');
        const input = batch[index] as InputText;
        if (input.invalidUtf8 === true) malformed(input.position, parseRow(input.text, input.position, true).error ?? 'invalid UTF-8', input.where);
        else if ('error' in result) malformed(input.position, result.error, input.where);
        else serialized.push(result);
      }
      await insert([], serialized);
    };

    const pool = poolFor();
    const inFlight: { batch: InputText[]; results: Promise<ImportWorkerResult[]> }[] = [];
    try {
      if (pool === null) {
        for (const batch of buffered) await processBatch(batch);
        for await (const batch of { [Symbol.asyncIterator]: () => rows }) await processBatch(batch);
      } else {
        const submit = async (batch: InputText[]): Promise<void> => {
          const results = pool.serialize(
            rowFormat,
            batch.map((row) => row.text),
          );
          // Avoid an unhandled rejection while it waits; the error surfaces when it is awaited.
          results.catch(() => undefined);
          inFlight.push({ batch, results });
          if (inFlight.length >= pool.size * BATCHES_IN_FLIGHT_PER_WORKER) await drainOne();
        };
        const drainOne = async (): Promise<void> => {
          const head = inFlight.shift();
          if (head !== undefined) await insertWorkerResults(head.batch, await head.results);
        };
        for (const batch of buffered) await submit(batch);
        for await (const batch of { [Symbol.asyncIterator]: () => rows }) await submit(batch);
        while (inFlight.length > 0) await drainOne();
      }
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
  report.datasetRecords = await options.store.countRecords(datasetId);
  return report;
}
