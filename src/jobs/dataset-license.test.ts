import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shareGptRows, toJsonLines, wildChat1MRow } from '../dataset/dataset-test-fixtures.ts';
import { resolveExportConfig } from '../settings/resolve-export-config.ts';
import { resolveImportConfig } from '../settings/resolve-import-config.ts';
import { resolveReleaseConfig } from '../settings/resolve-release-config.ts';
import { listDatasetsJob } from './datasets-job.ts';
import { runExportJob } from './export-job.ts';
import { runImportJob } from './import-job.ts';
import { JobError } from './job-error.ts';
import { runReleaseJob } from './release-job.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-license-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

const shareFile = path.join(directory, 'share.jsonl');
fs.writeFileSync(shareFile, toJsonLines(shareGptRows()));
const wildchatFile = path.join(directory, 'wildchat.jsonl');
fs.writeFileSync(wildchatFile, toJsonLines([0, 1].map(wildChat1MRow)));

function cardLicence(folder: string): string | undefined {
  return /^license: (.*)$/m.exec(fs.readFileSync(path.join(folder, 'README.md'), 'utf8'))?.[1];
}

test('an import whose licence is unknown fails with a clear error and leaves no dataset', async () => {
  const dataDir = path.join(directory, 'unknown');
  await assert.rejects(
    runImportJob(resolveImportConfig([shareFile], { dataset: 'share', dataDir }, {})),
    (error: unknown) => error instanceof JobError && /share\.jsonl: the licence of sharegpt data is not known; pass --license/.test(error.message),
  );
  assert.deepEqual(await listDatasetsJob({ dataDir, databaseUrl: null }), []);
});

test('the licence is recorded per dataset, shown by datasets, and stated by its export and release cards', async () => {
  const dataDir = path.join(directory, 'recorded');
  await runImportJob(resolveImportConfig([shareFile], { dataset: 'share', dataDir, license: 'cc-by-4.0' }, {}));
  await runImportJob(resolveImportConfig([wildchatFile], { dataset: 'wc', dataDir }, {}));
  // A later file needs no --license once the dataset has one; a different one is refused.
  await runImportJob(resolveImportConfig([shareFile], { dataset: 'share', dataDir }, {}));
  await assert.rejects(
    runImportJob(resolveImportConfig([shareFile], { dataset: 'share', dataDir, license: 'mit' }, {})),
    /recorded under licence cc-by-4\.0, not mit/,
  );
  assert.deepEqual(
    (await listDatasetsJob({ dataDir, databaseUrl: null })).map((item) => [item.name, item.license]),
    [
      ['share', 'cc-by-4.0'],
      ['wc', 'odc-by'],
    ],
  );

  const exported = path.join(directory, 'share-export');
  await runExportJob(resolveExportConfig({ dataset: 'share', dataDir, out: exported, format: 'jsonl' }, {}));
  assert.equal(cardLicence(exported), 'cc-by-4.0');

  const released = path.join(directory, 'share-release');
  await runReleaseJob(resolveReleaseConfig({ dataset: 'share', dataDir, out: released, format: 'jsonl', workers: '0', variant: 'full' }, {}));
  const card = fs.readFileSync(path.join(released, 'full', 'README.md'), 'utf8');
  assert.equal(cardLicence(path.join(released, 'full')), 'cc-by-4.0');
  assert.match(card, /\[Columns\]\(#columns\)/);
  assert.match(card, /^## Columns$/m);
  assert.match(card, /^\| `conversation_hash` \| first 32 hex of SHA-256/m);
  assert.match(card, /come from the local backend: offline lexicons and rules, a heuristic/);

  const wcExport = path.join(directory, 'wc-export');
  await runExportJob(resolveExportConfig({ dataset: 'wc', dataDir, out: wcExport, format: 'jsonl' }, {}));
  assert.equal(cardLicence(wcExport), 'odc-by');
});
