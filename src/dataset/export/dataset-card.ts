/**
 * README.md of an exported dataset in Hugging Face layout: YAML front matter (pretty name,
 * licence, `configs` pointing at data/train-*, `dataset_info.features` with the exact column
 * types) and a body with counts, date range, models, languages and attributions. Everything comes
 * from the data and the options, never from the clock, so the card is reproducible.
 */
import { RELEASE_SCHEMA_VERSION } from '../../schema/release-record.ts';
import { rankedEntries, type DatasetStatistics } from './dataset-statistics.ts';
import { COLUMN_DESCRIPTIONS } from './column-descriptions.ts';
import { EXPORT_COLUMNS, hfFeaturesYaml, type ExportSchema } from './release-columns.ts';

export interface DatasetCardOptions {
  prettyName: string;
  /** SPDX-like id the Hub understands, e.g. 'odc-by', 'cc-by-4.0', 'other'. */
  license: string;
  schema: ExportSchema;
  format: 'parquet' | 'jsonl';
  /** Glob of the data files relative to the card, e.g. 'data/train-*.parquet'. */
  dataFilesGlob: string;
  /** Total bytes of the data files. */
  dataBytes: number;
  /** Extra attribution lines given by the operator. */
  attributions: readonly string[];
}

const SOURCE_ATTRIBUTIONS: Record<string, string> = {
  collected:
    'Conversations collected with the wildchat platform from users who gave explicit consent to the terms versions listed above. IP addresses are replaced by keyed hashes and never released.',
  wildchat: 'Conversations from WildChat (Zhao et al., "WildChat: 1M ChatGPT Interaction Logs in the Wild", ICLR 2024), released by AI2 under ODC-BY.',
  lmsys: 'Conversations from LMSYS-Chat-1M (Zheng et al., 2023), under the LMSYS-Chat-1M Dataset License Agreement.',
  sharegpt: 'Conversations shared by their users through ShareGPT; use follows the terms of the source collection.',
  openai: 'Conversations from a file in the OpenAI chat messages format; attribution follows that file.',
};

const LICENSE_NOTES: Record<string, string> = {
  'odc-by': ' (Open Data Commons Attribution License)',
  other: ' (see the attributions below for the terms of the source)',
};

const GEO_ATTRIBUTION =
  'Country and state of collected conversations come from an IP geolocation database (by default DB-IP Lite, https://db-ip.com, CC BY 4.0).';

function sizeCategory(rows: number): string {
  const bounds: [number, string][] = [
    [1e3, 'n<1K'],
    [1e4, '1K<n<10K'],
    [1e5, '10K<n<100K'],
    [1e6, '100K<n<1M'],
    [1e7, '1M<n<10M'],
    [1e8, '10M<n<100M'],
  ];
  for (const [bound, label] of bounds) if (rows < bound) return label;
  return '100M<n<1B';
}

function yamlString(value: string): string {
  return JSON.stringify(value);
}

function day(epochMilliseconds: number): string {
  return new Date(epochMilliseconds).toISOString().slice(0, 10);
}

function table(header: [string, string], rows: [string, number][], total: number): string[] {
  if (rows.length === 0) return ['_none_'];
  return [
    `| ${header[0]} | ${header[1]} | share |`,
    '|---|---:|---:|',
    ...rows.map(([key, count]) => `| ${key.replaceAll('|', '\\|')} | ${count.toLocaleString('en-US')} | ${((100 * count) / Math.max(total, 1)).toFixed(1)}% |`),
  ];
}

export function renderDatasetCard(statistics: DatasetStatistics, options: DatasetCardOptions): string {
  const front = [
    '---',
    `pretty_name: ${yamlString(options.prettyName)}`,
    `license: ${options.license}`,
    'task_categories:',
    '- text-generation',
    'tags:',
    '- conversations',
    '- chat-logs',
    'size_categories:',
    `- ${sizeCategory(statistics.rows)}`,
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    `    path: ${options.dataFilesGlob}`,
    'dataset_info:',
    '  features:',
    ...hfFeaturesYaml(EXPORT_COLUMNS[options.schema], '  '),
    '  splits:',
    '  - name: train',
    `    num_examples: ${statistics.rows}`,
    `  download_size: ${options.dataBytes}`,
    '---',
  ];

  const range =
    statistics.firstTimestamp === null || statistics.lastTimestamp === null
      ? 'no timestamps'
      : `${day(statistics.firstTimestamp)} to ${day(statistics.lastTimestamp)} (UTC)`;
  const sources = rankedEntries(statistics.sources, 20);
  const attributions = sources.map(([source]) => SOURCE_ATTRIBUTIONS[source]).filter((line): line is string => line !== undefined);
  if (statistics.sources.has('collected') && statistics.countries.size > 0) attributions.push(GEO_ATTRIBUTION);
  attributions.push(...options.attributions);

  const body = [
    '',
    `# ${options.prettyName}`,
    '',
    `Conversations between people and chatbots, in the ${options.schema === 'wildchat-1m' ? 'WildChat-1M schema (exactly its 14 columns)' : 'WildChat-1M schema plus the extended columns of wildchat'} ` +
      `(release record schema version ${RELEASE_SCHEMA_VERSION}; every column is described under [Columns](#columns), in full in docs/dataset-format.md of the wildchat project). ` +
      `Load it with \`datasets.load_dataset("<path or repo>")\`, pandas or DuckDB (\`SELECT * FROM '${options.dataFilesGlob}'\`).`,
    '',
    '## Counts',
    '',
    '| | |',
    '|---|---:|',
    `| conversations (rows) | ${statistics.rows.toLocaleString('en-US')} |`,
    `| messages | ${statistics.messages.toLocaleString('en-US')} |`,
    `| user turns | ${statistics.userTurns.toLocaleString('en-US')} |`,
    `| mean turns per conversation | ${(statistics.userTurns / Math.max(statistics.rows, 1)).toFixed(2)} |`,
    `| toxic conversations | ${statistics.toxic.toLocaleString('en-US')} |`,
    `| redacted conversations | ${statistics.redacted.toLocaleString('en-US')} |`,
    `| rows that are alternative branches (regenerated/edited) | ${statistics.otherBranches.toLocaleString('en-US')} |`,
    '',
    `Date range: ${range}. Format: ${options.format === 'parquet' ? 'Parquet (ZSTD)' : 'JSON Lines'}, ${options.dataBytes.toLocaleString('en-US')} bytes of data files.`,
    '',
    '## Models',
    '',
    ...table(['model', 'conversations'], rankedEntries(statistics.models, 30), statistics.rows),
    '',
    '## Languages',
    '',
    ...table(['language', 'conversations'], rankedEntries(statistics.languages, 30), statistics.rows),
    '',
    '## Sources',
    '',
    ...table(['source', 'conversations'], sources, statistics.rows),
    '',
  ];
  if (statistics.termsVersions.size > 0) {
    body.push('## Consent terms versions', '', ...table(['terms version', 'conversations'], rankedEntries(statistics.termsVersions, 20), statistics.rows), '');
  }
  body.push(
    '## Columns',
    '',
    '| column | holds |',
    '|---|---|',
    ...EXPORT_COLUMNS[options.schema].map((column) => `| \`${column.name}\` | ${COLUMN_DESCRIPTIONS[column.name] ?? ''} |`),
    '',
  );
  body.push('## Licence', '', `\`${options.license}\`${LICENSE_NOTES[options.license] ?? ''}.`, '');
  body.push('## Attributions', '', ...attributions.map((line) => `- ${line}`), '');
  return [...front, ...body].join('\n');
}
