/**
 * ONNX Runtime is 290 MB of native code: loading the release job (as the CLI does for every
 * release) must not load it unless a model backend is chosen. onnxruntime-node is CommonJS, so
 * it shows in the require cache; the second test shows the probe does see it when it is loaded.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

test('importing the release job and the embedding backend module does not load onnxruntime-node', () => {
  const script = [
    "import { createRequire } from 'node:module';",
    "await import('./src/jobs/release-job.ts');",
    "await import('./src/embedding/onnx-embedding-backend.ts');",
    'const loaded = Object.keys(createRequire(import.meta.url).cache);',
    'console.log(JSON.stringify(loaded.filter((file) => /onnxruntime/.test(file))));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null'), []);
});

test('the probe would see onnxruntime-node once a model is loaded', () => {
  const script = [
    "import { createRequire } from 'node:module';",
    "const { loadOnnxRuntime } = await import('./src/models/onnx-runtime.ts');",
    'await loadOnnxRuntime();',
    'const loaded = Object.keys(createRequire(import.meta.url).cache);',
    'console.log(JSON.stringify(loaded.some((file) => /onnxruntime-node/.test(file))));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim().split('\n').at(-1), 'true');
});
