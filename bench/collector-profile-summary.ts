/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. a collector run with BENCH_CPU_PROF_DIR)
 * into the functions and files that cost the most self time, and the project functions whose
 * subtree (inclusive time) costs the most. Used to find where the collector spends its CPU.
 *
 *   node --import tsx bench/collector-profile-summary.ts <file.cpuprofile> [top=25] [skip-ms=0]
 *
 * skip-ms drops the profile's first milliseconds (start-up, lazy loading, the warm-up), so what is
 * left is the steady state.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { markdownTable } from './collector-report.ts';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export interface ProfileEntry {
  name: string;
  milliseconds: number;
  share: number;
}

export interface ProfileSummary {
  totalMilliseconds: number;
  idleMilliseconds: number;
  bySelfFunction: ProfileEntry[];
  bySelfFile: ProfileEntry[];
  /** Inclusive time of functions in this repository (src/, node_modules excluded). */
  byInclusiveProjectFunction: ProfileEntry[];
}

function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const withoutScheme = url.replace(/^file:\/\//, '');
  const modules = withoutScheme.lastIndexOf('node_modules/');
  if (modules !== -1) return withoutScheme.slice(modules);
  const source = withoutScheme.search(/\/(src|bench|test)\//);
  return source === -1 ? withoutScheme : withoutScheme.slice(source + 1);
}

export function summarizeProfile(raw: unknown, top = 25, skipMilliseconds = 0): ProfileSummary {
  const profile = profileSchema.parse(raw);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfTime = new Map<number, number>();
  let elapsed = 0;
  profile.samples.forEach((nodeId, index) => {
    elapsed += (profile.timeDeltas[index] ?? 0) / 1000;
    if (elapsed < skipMilliseconds) return;
    selfTime.set(nodeId, (selfTime.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  let total = 0;
  let idle = 0;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [nodeId, milliseconds] of selfTime) {
    const node = nodes.get(nodeId);
    if (node === undefined) continue;
    total += milliseconds;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idle += milliseconds;
      continue;
    }
    const file = shortUrl(frame.url);
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + milliseconds);
    byFile.set(file, (byFile.get(file) ?? 0) + milliseconds);
    // Each project function on the stack gets the sample once, however deep the recursion.
    const seen = new Set<string>();
    for (let current: number | undefined = nodeId; current !== undefined; current = parents.get(current)) {
      const ancestor = nodes.get(current)?.callFrame;
      if (ancestor === undefined || !/\/src\//.test(ancestor.url) || ancestor.url.includes('node_modules')) continue;
      const key = `${ancestor.functionName || '(anonymous)'} ${shortUrl(ancestor.url)}:${ancestor.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + milliseconds);
    }
  }
  const busy = total - idle;
  const ranked = (map: Map<string, number>): ProfileEntry[] =>
    [...map.entries()]
      .sort((left, right) => right[1] - left[1])
      .slice(0, top)
      .map(([name, milliseconds]) => ({ name, milliseconds, share: busy === 0 ? 0 : milliseconds / busy }));
  return {
    totalMilliseconds: total,
    idleMilliseconds: idle,
    bySelfFunction: ranked(byFunction),
    bySelfFile: ranked(byFile),
    byInclusiveProjectFunction: ranked(inclusive),
  };
}

export function renderProfileSummary(summary: ProfileSummary): string {
  const rows = (entries: ProfileEntry[]): string[][] =>
    entries.map((entry) => [entry.name, entry.milliseconds.toFixed(0), `${(entry.share * 100).toFixed(1)}%`]);
  return [
    `Profile: ${summary.totalMilliseconds.toFixed(0)} ms sampled, ${summary.idleMilliseconds.toFixed(0)} ms idle.`,
    '',
    'Self time by file:',
    markdownTable(['file', 'ms', 'of busy'], rows(summary.bySelfFile)),
    '',
    'Self time by function:',
    markdownTable(['function', 'ms', 'of busy'], rows(summary.bySelfFunction)),
    '',
    'Inclusive time of project functions:',
    markdownTable(['function', 'ms', 'of busy'], rows(summary.byInclusiveProjectFunction)),
  ].join('\n');
}

const entryPath = process.argv[1];
if (entryPath !== undefined && pathToFileURL(path.resolve(entryPath)).href === import.meta.url) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: collector-profile-summary.ts <file.cpuprofile> [top]');
  const top = Number(process.argv[3] ?? 25);
  const skip = Number(process.argv[4] ?? 0);
  process.stdout.write(`${renderProfileSummary(summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')), top, skip))}\n`);
}
