/**
 * One measured run for bench/stats.bench.ts, in its own process so that its peak RSS is the
 * command's alone: `stats` or `report` over the given folder, or `floor`: only decoding every
 * conversation list, on the stats job's own DuckDB settings (the same-run baseline: DuckDB reads a
 * list of structs whole, so this is the least any statistic that needs the messages can cost);
 * prints one JSON line.
 */
import '../src/resources/provide-data-packages.ts';
import { openStatsSource, statsFilesForPath } from '../src/dataset/analytics-source.ts';
import { runReportJob } from '../src/jobs/report-job.ts';
import { runStatsJob } from '../src/jobs/stats-job.ts';

const [mode, folder, out] = process.argv.slice(2);
if ((mode !== 'stats' && mode !== 'report' && mode !== 'floor') || folder === undefined)
  throw new Error('usage: stats-child.ts stats|report|floor FOLDER [OUT]');
const started = process.hrtime.bigint();
const config = { inputs: [folder], dataDir: folder, groupBy: null, k: 10, tokenizer: 'dataset' as const };

async function decodeFloor(): Promise<number> {
  const source = await openStatsSource(statsFilesForPath(folder ?? ''));
  try {
    return Number((await source.connection.runAndReadAll('SELECT count(*), sum(len(conversation)) FROM stats_source')).getRows()[0]?.[0] ?? 0);
  } finally {
    source.close();
  }
}

const conversations =
  mode === 'floor'
    ? await decodeFloor()
    : ((mode === 'stats' ? await runStatsJob(config) : (await runReportJob({ ...config, out: out ?? `${folder}.html` })).document).datasets[0]?.tableOne[0]?.row
        .conversations.value ?? null);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMegabytes: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, conversations })}\n`,
);
