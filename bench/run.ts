/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so each reports its own peak
 * memory), one after the other, and prints their figures. Each bench file runs itself when
 * executed directly.
 *
 *   npm run bench                                  # default sizes (100,000 conversations for dataset benches)
 *   WILDCHAT_BENCH_SIZE=1000000 npm run bench      # the full 1M targets of bench/RESULTS.md
 *   npm run bench -- dataset-export                # only benches whose file name contains the word
 *   BENCH_SCALE=full npm run bench -- collector    # collection-server benches at full size (default small, ~2 min)
 *   BENCH_APPEND_RESULTS=0 npm run bench -- collector   # a trial run that leaves bench/RESULTS.md alone
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDirectory = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(benchDirectory)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

let failures = 0;
for (const name of files) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', path.join(benchDirectory, '../src/resources/provide-data-packages.ts'), path.join(benchDirectory, name)],
    { stdio: 'inherit', env: process.env },
  );
  if (result.status !== 0) {
    failures += 1;
    process.stdout.write(`${name} failed (exit ${result.status ?? result.signal})\n`);
  }
}
process.exitCode = failures === 0 ? 0 : 1;
