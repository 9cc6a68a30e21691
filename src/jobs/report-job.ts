/**
 * `wildchat report`: the statistics of every input (as `wildchat stats`) rendered into one
 * self-contained HTML file, written atomically (temp file + rename).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { StatsDocument } from '../analytics/dataset-statistics.ts';
import { renderReportHtml } from '../analytics/report-html.ts';
import { runStatsJob, type StatsJobConfig } from './stats-job.ts';

export interface ReportJobConfig extends StatsJobConfig {
  out: string;
  /** Fixed time for reproducible files (tests); default now. */
  generatedAt?: string;
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    const manifest = require(`${name}/package.json`) as { version?: string };
    return manifest.version ?? '?';
  } catch {
    return '?';
  }
}

function versions(): string {
  const require = createRequire(import.meta.url);
  const own = (require('../../package.json') as { version?: string }).version ?? '?';
  return `wildchat ${own}, @observablehq/plot ${packageVersion('@observablehq/plot')}, @duckdb/node-api ${packageVersion('@duckdb/node-api')}, Node ${process.versions.node}`;
}

export interface ReportResult {
  document: StatsDocument;
  out: string;
  bytes: number;
}

export async function runReportJob(config: ReportJobConfig): Promise<ReportResult> {
  const document = await runStatsJob(config);
  const html = renderReportHtml(document, { versions: versions(), generatedAt: config.generatedAt ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
  const out = path.resolve(config.out);
  await fs.promises.mkdir(path.dirname(out), { recursive: true });
  const temporary = `${out}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await fs.promises.writeFile(temporary, html);
    await fs.promises.rename(temporary, out);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  return { document, out, bytes: Buffer.byteLength(html) };
}
