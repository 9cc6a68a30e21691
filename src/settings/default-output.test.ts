import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveExportConfig } from './resolve-export-config.ts';
import { resolveReleaseConfig } from './resolve-release-config.ts';
import { resolveReportConfig } from './resolve-study-config.ts';

const dataDir = path.join(path.sep, 'srv', 'wildchat-data');

test('without --out, export, release and report write under the data folder, never the working directory', () => {
  assert.equal(resolveExportConfig({ dataDir }, {}).outDir, path.join(dataDir, 'out', 'export', 'collected'));
  assert.equal(resolveExportConfig({ dataDir, dataset: 'sharegpt' }, {}).outDir, path.join(dataDir, 'out', 'export', 'sharegpt'));
  assert.equal(resolveReleaseConfig({ dataDir }, {}).output.outDir, path.join(dataDir, 'out', 'release', 'collected'));
  assert.equal(resolveReleaseConfig({ dataDir, dataset: 'wildchat-1m' }, {}).output.outDir, path.join(dataDir, 'out', 'release', 'wildchat-1m'));
  assert.equal(resolveReportConfig({ dataDir, datasets: ['collected'] }, {}).out, path.join(dataDir, 'out', 'report.html'));
  // The default data folder is relative to the working directory, and so is what lies under it.
  assert.equal(
    resolveReleaseConfig({}, {}, { cwd: path.join(path.sep, 'home', 'me') }).output.outDir,
    path.join(path.sep, 'home', 'me', 'wildchat-data', 'out', 'release', 'collected'),
  );
  assert.equal(resolveReleaseConfig({ dataDir, out: path.join(path.sep, 'tmp', 'r') }, {}).output.outDir, path.join(path.sep, 'tmp', 'r'));
});
