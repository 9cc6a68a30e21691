/**
 * Shared reporting for the collection benchmarks: percentiles, aligned text tables for the terminal,
 * the machine description, and appending a dated section to bench/RESULTS.md (appended, never
 * rewritten, since other benchmarks add their own sections to the same file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type BenchScale = 'small' | 'full';

export function benchScale(): BenchScale {
  const value = process.env.BENCH_SCALE ?? 'small';
  if (value !== 'small' && value !== 'full') throw new Error(`BENCH_SCALE must be small or full, not ${JSON.stringify(value)}`);
  return value;
}

/** Nearest-rank percentile of unsorted values; NaN for an empty list. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    count: values.length,
    p50: percentile(values, 0.5),
    p90: percentile(values, 0.9),
    p99: percentile(values, 0.99),
    // A loop, not Math.max(...values): a long run has more samples than the call stack takes arguments.
    max: values.reduce((largest, value) => Math.max(largest, value), values.length === 0 ? Number.NaN : Number.NEGATIVE_INFINITY),
  };
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** A Markdown table whose columns are padded, so it reads well in a terminal too. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memory: string;
  node: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverage: number;
  /** Scheduling priority of this process (negative: favoured over other work on a shared machine). */
  nice: number;
  /** Linux scheduler autogroup priority of this session, which is what counts between sessions when autogroups are on. */
  autogroupNice: number | null;
}

export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('model name'));
    if (line !== undefined) cpuModel = line.split(':').slice(1).join(':').trim();
  } catch {
    // Not Linux: os.cpus() already gave a model name.
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: os.availableParallelism(),
    cpuModel,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB`,
    node: process.version,
    loadAverage: os.loadavg()[0] ?? 0,
    nice: os.getPriority(),
    autogroupNice: readAutogroupNice(),
  };
}

function readAutogroupNice(): number | null {
  try {
    if (fs.readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() !== '1') return null;
    const match = /nice (-?\d+)/.exec(fs.readFileSync('/proc/self/autogroup', 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null;
  }
}

export function describeMachine(machine: MachineInfo): string {
  return `${machine.date} · ${machine.cpus} CPUs (nproc) · ${machine.cpuModel} · ${machine.memory} RAM · Node ${machine.node} · load average ${machine.loadAverage.toFixed(2)} at start${machine.nice === 0 ? '' : ` · run at nice ${machine.nice}`}${machine.autogroupNice === null || machine.autogroupNice === 0 ? '' : ` (scheduler autogroup nice ${machine.autogroupNice})`}`;
}

const resultsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');

/** Appends one section; creates the file with a title when it does not exist yet. */
export function appendResults(section: string): void {
  try {
    fs.writeFileSync(resultsFile, '# Benchmark results\n\nEach run appends a dated section (newest last). `npm run bench` writes here.\n', { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  fs.appendFileSync(resultsFile, `\n${section.trim()}\n`);
}

/** BENCH_APPEND_RESULTS=0 keeps a trial run out of RESULTS.md. */
export function appendByDefault(): boolean {
  return process.env.BENCH_APPEND_RESULTS !== '0';
}

export function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}
