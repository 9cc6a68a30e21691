/**
 * `npm run eval`: every quality evaluation, one after another, each in its own process (they load
 * large models and word lists; separate processes keep their memory apart). Each writes its own
 * section of docs/quality.md. Evaluations that need ../shared/data skip with a message without it.
 * Pass names to run a subset: `npm run eval -- pii language`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const evaluations: Record<string, string> = {
  pii: 'eval/pii/run.ts',
  language: 'eval/language/run.ts',
  toxicity: 'eval/toxicity/run.ts',
  jailbreak: 'eval/jailbreak/run.ts',
  'dataset-import': 'eval/dataset-import.eval.ts',
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in evaluations));
if (unknown.length > 0) {
  console.error(`unknown evaluation(s): ${unknown.join(', ')}; choose from ${Object.keys(evaluations).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const [name, file] of Object.entries(evaluations)) {
  if (requested.length > 0 && !requested.includes(name)) continue;
  console.log(`\n== eval: ${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', './src/resources/provide-data-packages.ts', file], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed += 1;
    console.error(`eval ${name} failed with exit code ${result.status ?? 'signal'}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
