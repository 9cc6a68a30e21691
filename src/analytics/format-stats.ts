/**
 * `wildchat stats` output: Table 1 with one column per input (and per group with --by), as an
 * aligned text table, Markdown or CSV; a missing figure prints "–" with a numbered note giving the
 * reason. JSON is the whole StatsDocument (docs/stats.md).
 */
import type { StatsDocument, TableOneColumn, TableOneRow } from './dataset-statistics.ts';
import type { Measure } from './measure.ts';

export type StatsFormat = 'table' | 'markdown' | 'json' | 'csv';
export const STATS_FORMATS: readonly StatsFormat[] = ['table', 'markdown', 'json', 'csv'];

export const TABLE_ONE_LABELS: readonly (readonly [keyof TableOneRow, string])[] = [
  ['conversations', '#conversations'],
  ['users', '#users (distinct hashed IPs)'],
  ['meanTurns', 'mean turns per conversation'],
  ['userTokensPerTurn', 'user tokens per turn (mean ± std)'],
  ['assistantTokensPerTurn', 'chatbot tokens per turn (mean ± std)'],
  ['languages', '#languages'],
];

function decimals(key: keyof TableOneRow): number {
  return key === 'conversations' || key === 'users' || key === 'languages' ? 0 : 2;
}

export function formatNumber(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatMeasure(measure: Measure, digits: number): string {
  if (measure.value === null) return '–';
  return measure.std === undefined ? formatNumber(measure.value, digits) : `${formatNumber(measure.value, digits)} ± ${formatNumber(measure.std, digits)}`;
}

export function formatShare(measure: Measure): string {
  return measure.value === null ? '–' : `${(measure.value * 100).toFixed(2)} %`;
}

export function columnTitle(column: TableOneColumn): string {
  return column.group === null ? column.dataset : `${column.dataset} · ${column.group}`;
}

interface Grid {
  header: string[];
  body: string[][];
  notes: string[];
}

function grid(document: StatsDocument): Grid {
  const columns = document.datasets.flatMap((dataset) => dataset.tableOne);
  // One note per reason, naming the columns it applies to (often all of them).
  const reasons: { reason: string; columns: string[] }[] = [];
  const body = TABLE_ONE_LABELS.map(([key, label]) => [
    label,
    ...columns.map((column) => {
      const measure = column.row[key];
      if (measure.value !== null) return formatMeasure(measure, decimals(key));
      let index = reasons.findIndex((entry) => entry.reason === measure.reason);
      if (index < 0) {
        reasons.push({ reason: measure.reason, columns: [] });
        index = reasons.length - 1;
      }
      const entry = reasons[index] as { reason: string; columns: string[] };
      if (!entry.columns.includes(columnTitle(column))) entry.columns.push(columnTitle(column));
      return `– [${index + 1}]`;
    }),
  ]);
  const notes = reasons.map((entry) =>
    columns.length === 1 || entry.columns.length < columns.length ? `${entry.columns.join(', ')}: ${entry.reason}` : entry.reason,
  );
  body.push(['tokenizer', ...columns.map((column) => document.datasets.find((dataset) => dataset.name === column.dataset)?.tokenizer.name ?? 'none')]);
  return { header: ['', ...columns.map(columnTitle)], body, notes };
}

function tokenizerLines(document: StatsDocument): string[] {
  return document.datasets.map((dataset) => `${dataset.name} — tokens: ${dataset.tokenizer.note}.`);
}

function textTable(document: StatsDocument): string {
  const { header, body, notes } = grid(document);
  const all = [header, ...body];
  const widths = header.map((_, index) => Math.max(...all.map((row) => [...(row[index] ?? '')].length)));
  const line = (row: string[]): string =>
    row
      .map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [
    'Table 1 (WildChat paper layout)',
    line(header),
    rule,
    ...body.map(line),
    '',
    ...notes.map((note, index) => `[${index + 1}] ${note}`),
    ...tokenizerLines(document),
  ].join('\n');
}

function escapeMarkdown(cell: string): string {
  return cell.replaceAll('|', '\\|');
}

function markdown(document: StatsDocument): string {
  const { header, body, notes } = grid(document);
  const row = (cells: string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [
    row(header),
    `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`,
    ...body.map(row),
    '',
    ...notes.map((note, index) => `[${index + 1}] ${escapeMarkdown(note)}  `),
    ...tokenizerLines(document).map((line) => `${line}  `),
  ].join('\n');
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV: one line per column and statistic, raw numbers (empty value + reason when missing). */
function csv(document: StatsDocument): string {
  const lines = ['dataset,group,statistic,value,std,tokenizer,missing_reason'];
  for (const dataset of document.datasets) {
    for (const column of dataset.tableOne) {
      for (const [key] of TABLE_ONE_LABELS) {
        const measure = column.row[key];
        lines.push(
          [
            dataset.name,
            column.group,
            key,
            measure.value,
            measure.value !== null ? (measure.std ?? null) : null,
            dataset.tokenizer.name,
            measure.value === null ? measure.reason : null,
          ]
            .map(csvCell)
            .join(','),
        );
      }
    }
  }
  return lines.join('\n');
}

export function formatStats(document: StatsDocument, format: StatsFormat): string {
  if (format === 'json') return JSON.stringify(document, null, 2);
  if (format === 'csv') return csv(document);
  if (format === 'markdown') return markdown(document);
  return textTable(document);
}
