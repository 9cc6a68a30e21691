/**
 * One measured run for bench/stats.bench.ts, in its own process so that its peak RSS is the
 * command's alone: `stats` or `report` over the given folder; prints one JSON line.
 */
import '../src/resources/provide-data-packages.ts';
import { runReportJob } from '../src/jobs/report-job.ts';
import { runStatsJob } from '../src/jobs/stats-job.ts';

const [mode, folder, out] = process.argv.slice(2);
if ((mode !== 'stats' && mode !== 'report') || folder === undefined) throw new Error('usage: stats-child.ts stats|report FOLDER [OUT]');
const started = process.hrtime.bigint();
const config = { inputs: [folder], dataDir: folder, groupBy: null, k: 10, tokenizer: 'dataset' as const };
const document = mode === 'stats' ? await runStatsJob(config) : (await runReportJob({ ...config, out: out ?? `${folder}.html` })).document;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMegabytes: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, conversations: document.datasets[0]?.tableOne[0]?.row.conversations.value ?? null })}\n`,
);
