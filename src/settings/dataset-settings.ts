import type { Setting } from './setting.ts';

/** Settings of the dataset commands `wildchat export` and `wildchat import` (owned by src/dataset). */
export const datasetSettings = [
  { key: 'dataset', commands: ['export', 'import'], type: 'string', defaultValue: null, env: ['WILDCHAT_DATASET'], help: 'Name of an imported dataset. import: the dataset to add to (required; created when new). export: the dataset to export (default: our collected conversations).' },
  { key: 'format', commands: ['export', 'import'], type: 'string', defaultValue: null, choices: ['parquet', 'jsonl', 'wildchat', 'lmsys', 'sharegpt', 'openai'], env: ['WILDCHAT_FORMAT'], help: 'export: file format, parquet (default) or jsonl. import: source format, wildchat, lmsys, sharegpt or openai (detected from the rows when left out).' },
  { key: 'out', commands: ['export'], type: 'path', defaultValue: null, env: ['WILDCHAT_EXPORT_OUT'], help: 'Output folder (Hugging Face layout: data/train-0000i-of-0000n.* and README.md). Must not exist unless --overwrite.' },
  { key: 'schema', commands: ['export'], type: 'string', defaultValue: 'extended', choices: ['extended', 'wildchat-1m'], env: ['WILDCHAT_EXPORT_SCHEMA'], help: 'Columns to write: wildchat-1m is exactly the 14 WildChat-1M columns; extended adds ours (see docs/dataset-format.md).' },
  { key: 'gzip', commands: ['export'], type: 'boolean', defaultValue: 'false', env: ['WILDCHAT_EXPORT_GZIP'], help: 'With --format jsonl: write .jsonl.gz shards.' },
  { key: 'overwrite', commands: ['export'], type: 'boolean', defaultValue: 'false', env: ['WILDCHAT_EXPORT_OVERWRITE'], help: 'Replace an existing output folder (only once the new export is complete).' },
  { key: 'shardRows', commands: ['export'], type: 'integer', defaultValue: '250000', min: 1, unit: 'rows', env: ['WILDCHAT_EXPORT_SHARD_ROWS'], help: 'Largest number of conversations in one data file.' },
  { key: 'shardBytes', commands: ['export'], type: 'integer', defaultValue: '536870912', min: 1, unit: 'bytes', env: ['WILDCHAT_EXPORT_SHARD_BYTES'], help: 'A data file is closed once this much JSON text went into it (Parquet files come out several times smaller).' },
  { key: 'rowGroupSize', commands: ['export'], type: 'integer', defaultValue: '10000', min: 1, unit: 'rows', env: ['WILDCHAT_EXPORT_ROW_GROUP_SIZE'], help: 'Parquet row group size.' },
  { key: 'compression', commands: ['export'], type: 'string', defaultValue: 'zstd', choices: ['zstd', 'snappy'], env: ['WILDCHAT_EXPORT_COMPRESSION'], help: 'Parquet compression codec.' },
  { key: 'prettyName', commands: ['export'], type: 'string', defaultValue: null, env: ['WILDCHAT_EXPORT_PRETTY_NAME'], help: 'Title of the dataset card (default: the dataset name, or "Collected conversations").' },
  { key: 'license', commands: ['export'], type: 'string', defaultValue: 'odc-by', env: ['WILDCHAT_EXPORT_LICENSE'], help: 'Licence id written to the dataset card, as the Hugging Face Hub spells it (odc-by, cc-by-4.0, other ...).' },
  { key: 'attribution', commands: ['export'], type: 'list', defaultValue: null, env: ['WILDCHAT_EXPORT_ATTRIBUTION'], help: 'Extra attribution lines for the dataset card, comma-separated.' },
  { key: 'duckdbThreads', commands: ['export'], type: 'integer', defaultValue: '1', min: 1, unit: 'threads', env: ['WILDCHAT_DUCKDB_THREADS'], help: 'DuckDB threads for writing Parquet. 1 guarantees byte-identical output run to run.' },
  { key: 'duckdbMemoryLimit', commands: ['export'], type: 'string', defaultValue: '512MB', env: ['WILDCHAT_DUCKDB_MEMORY_LIMIT'], help: 'DuckDB memory limit while writing Parquet (it spills to a temp folder inside the output beyond it).' },
  { key: 'strict', commands: ['import'], type: 'boolean', defaultValue: 'false', env: ['WILDCHAT_IMPORT_STRICT'], help: 'Stop at the first malformed row instead of counting it and going on.' },
  { key: 'maxListedErrors', commands: ['import'], type: 'integer', defaultValue: '10', min: 0, unit: 'rows', env: ['WILDCHAT_IMPORT_MAX_LISTED_ERRORS'], help: 'How many malformed rows to list (position and reason); all are counted.' },
] as const satisfies readonly Setting[];
