/** The import, export and release jobs run from typed configs, without the CLI. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toJsonLines, wildChat1MRow } from '../dataset/dataset-test-fixtures.ts';
import { resolveExportConfig } from '../settings/resolve-export-config.ts';
import { resolveImportConfig } from '../settings/resolve-import-config.ts';
import { resolveReleaseConfig } from '../settings/resolve-release-config.ts';
import { runExportJob } from './export-job.ts';
import { runImportJob } from './import-job.ts';
import { JobError } from './job-error.ts';
import { runReleaseJob } from './release-job.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-jobs-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

test('import, export and release an imported dataset through the jobs', async () => {
  const dataDir = path.join(directory, 'data');
  const file = path.join(directory, 'rows.jsonl');
  fs.writeFileSync(file, toJsonLines([0, 1, 2].map(wildChat1MRow)));
  const imported = await runImportJob(resolveImportConfig([file], { dataset: 'sample', dataDir }, {}));
  assert.equal(imported.imported, 3);

  const exported = await runExportJob(resolveExportConfig({ dataset: 'sample', dataDir, out: path.join(directory, 'export'), format: 'jsonl' }, {}));
  assert.equal(exported.report.rows, 3);

  const config = resolveReleaseConfig(
    { dataset: 'sample', dataDir, out: path.join(directory, 'release'), format: 'jsonl', workers: '0', now: '2026-01-01' },
    {},
  );
  assert.deepEqual(config.variants, ['full', 'non-toxic']);
  const released = await runReleaseJob(config);
  assert.equal(released.upToDate, false);
  assert.equal(released.manifest?.variants.full?.rows, 3);
  assert.ok(fs.existsSync(path.join(directory, 'release', 'manifest.json')));
  const again = await runReleaseJob(config);
  assert.equal(again.upToDate, true);
  assert.equal(again.configHash, released.configHash);

  await assert.rejects(
    runReleaseJob({ ...config, output: { ...config.output, dataset: 'missing' } }),
    (error: unknown) => error instanceof JobError && /no dataset named missing/.test(error.message),
  );
});
