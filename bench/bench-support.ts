/** Small helpers shared by the benchmarks: sizes from the environment, timing, memory, output. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Conversations per benchmark: WILDCHAT_BENCH_SIZE (default 100,000; use 1000000 for the full targets). */
export function benchSize(fallback = 100_000): number {
  const raw = process.env.WILDCHAT_BENCH_SIZE;
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error('WILDCHAT_BENCH_SIZE must be a positive whole number');
  return value;
}

/** A scratch folder for one benchmark (under bench/.out unless WILDCHAT_BENCH_DIR is set), removed by the caller. */
export function scratchDirectory(name: string): string {
  const base = process.env.WILDCHAT_BENCH_DIR ?? path.join(os.tmpdir(), 'wildchat-bench');
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `${name}-`));
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMegabytes(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** CPU seconds (user + system, all threads) used by this process so far. */
export function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

export function seconds(startNanoseconds: bigint): number {
  return Number(process.hrtime.bigint() - startNanoseconds) / 1e9;
}

export function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** e.g. '<= 60 s'; shown next to the figure. */
  target?: string;
  /** Whether the target is met (undefined when there is none). */
  met?: boolean;
}

export function printFigures(title: string, figures: readonly BenchFigure[]): void {
  process.stdout.write(`\n${title}\n`);
  for (const figure of figures) {
    const value = figure.value >= 100 ? Math.round(figure.value).toLocaleString('en-US') : figure.value.toFixed(2);
    const target = figure.target === undefined ? '' : `  (target ${figure.target}: ${figure.met === true ? 'met' : 'NOT met'})`;
    process.stdout.write(`  ${figure.name}: ${value} ${figure.unit}${target}\n`);
  }
}
