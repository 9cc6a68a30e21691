/**
 * Golden output: a release and an export of the test fixtures (the planted store and the dataset
 * fixtures in every source format), run through the `wildchat` program with a fixed --now, must
 * stay byte-identical across refactors. Only the sha256 of each output file is committed.
 *
 * When a change is meant to alter the output, run with GOLDEN_UPDATE=1 to print the new hashes,
 * check the diff of the files by hand, and paste them below in the same commit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createProgram } from '../../src/cli/create-program.ts';
import { lmsysRow, openAiRows, shareGptRows, toJsonLines, wildChat1MRow, wildChat48MRow, wildChatV1Row } from '../../src/dataset/dataset-test-fixtures.ts';
import { ACCEPTED_TERMS, NOW, plantConversations } from './planted-store.ts';

const GOLDEN: Record<string, string> = {
  'release-collected-parquet/full/data/train-00000-of-00001.parquet': '50d232944962a2e89cf2afc287b218f471aab90b47dd74da323250d57abc45bd',
  'release-collected-parquet/full/README.md': '94578fd9f283b4c2ee862bde44e3141f1cd8911a50e4e76bd42ef5241982e3cb',
  'release-collected-parquet/manifest.json': 'e3587ea51faa827942457492d55e800becab4ed0340fb4ea516cdec6e730c187',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': '6b2f8a6f67efc3f6961047cbf13f94ddd65e94466c9d87266da4c71d436ff3a9',
  'release-collected-parquet/non-toxic/README.md': 'aad4ae40f466e95adb27d966bb844657a650b5e06c95b22017e2e09c38137c57',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '8260e08854e35c5d2078851b9561dc403a3789b57f0109fcd454629ee11c7d3c',
  'release-collected-jsonl/full/README.md': '103b28c85c18cef93fe5c1a54c0e7250f30bc53f3dbe4e5791db03bd8f9673de',
  'release-collected-jsonl/manifest.json': '29ccc70aab201b3854882bcd7f28ece4fcf37934d93d7c068ead52ba8230cdf1',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '5f3686833db3b936f096bbdf28f59a5ab79c48f6757b0fb00408a49dc0034198',
  'release-collected-jsonl/non-toxic/README.md': 'c3ac55acc0ce68b5a2acee2c2ddf2f5b0791c308e9ebb1eae5419adf7c565f13',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': 'ebdf91b6fa29f90a0e708d8782daf8ea16bf859bf653080beb815dc3e4ba4f00',
  'release-wildchat-parquet/full/README.md': '11a358a5d821377bb6f3d61be43a2e04f2eeb395a0e15e31d802da82ca969dde',
  'release-wildchat-parquet/manifest.json': 'fde697583f2985f179f228d46df7f4629094c9879f843166b3a359e4fd7b0cfa',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': 'ebdf91b6fa29f90a0e708d8782daf8ea16bf859bf653080beb815dc3e4ba4f00',
  'release-wildchat-parquet/non-toxic/README.md': 'a575d6569e04a5ea7c61eef48eea35941cdca33f01b98bcaea121d97c5d06fe5',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/full/README.md': 'f2d1ecff7f3a92c9add67273eef709feb4bc231b85b92470d732e0fc6e565118',
  'release-lmsys-jsonl/manifest.json': 'b14794dec4ed8df0bb84b062b0de35624c91933fad74f0625c976d68ee8028b1',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/non-toxic/README.md': '96396a5248b7ffd8eeb9fe362e391da5f0fb6efbaad2c86ffba2200af31089ce',
  'export-collected-jsonl/data/train-00000-of-00001.jsonl': '1f5a72e6407d286157520bc8dc0e06ea965ad32444e598a24420f7e6ee150195',
  'export-collected-jsonl/README.md': '39320701dfb971379e5518763a5e8c228c9d052bb109c160a8ece194e1896cde',
  'export-collected-parquet/data/train-00000-of-00001.parquet': 'd5ac09f29f10a482778f785a43ffeb0147f83ee5853c175afd7f78ef9fe457b7',
  'export-collected-parquet/README.md': '6516fcf13b1e9b07c30973b609e028dd004b97eed9e266808a758ebd9de33025',
  'export-wildchat-parquet/data/train-00000-of-00001.parquet': 'c33aedcfdb6a9c38c079d53bf66510b2f7834d5b7a46af8915c30d0cfd2b783c',
  'export-wildchat-parquet/README.md': '0b81992c6a6d50d0a21576c2d5b735500f28dc3443de1df9fc120e8bee5dca58',
  'export-lmsys-parquet/data/train-00000-of-00001.parquet': '8b5a3b98e0bae19826e1c7779bf93427cae5143e7dd3d8a98f6ee55fca38667b',
  'export-lmsys-parquet/README.md': 'a2b86d70109879bfe9d0c0fc7a89bb21cad49f7957dd10581bd5492edec159bc',
  'export-sharegpt-parquet/data/train-00000-of-00001.parquet': '799acb1b812020eb64c52d786a70346e7e91b0725a4323a50f60e1513fb788cc',
  'export-sharegpt-parquet/README.md': 'a021973e4781f340e0fa456af2539b1ae001c0cb946f3d677a5ab44fd669f0bf',
  'export-openai-parquet/data/train-00000-of-00001.parquet': 'd02afae475b9118ec6f7b188e752c0fa36bc7ea7d89a554feb842ca5c10e2324',
  'export-openai-parquet/README.md': 'd7025ba423357430d9ffa337ba84cd4686c2c2ba5a80601f9ba5e4f4bf494227',
  'export-wildchat-jsonl-gzip/data/train-00000-of-00001.jsonl.gz': '75e98897d97bf5be6955acf92d15f7b11b78399ffd3377a35f7ec705267b7f87',
  'export-wildchat-jsonl-gzip/README.md': '71aacda4205b87f98e82d992d9100d99240d3a06df7a919c23400954738b91a7',
};

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-golden-'));
const dataDir = path.join(directory, 'data');
after(() => fs.rmSync(directory, { recursive: true, force: true }));

/** Runs `wildchat ARGS` in this process with stdout and stderr captured (and dropped). */
async function wildchat(args: string[]): Promise<void> {
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeError = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await createProgram()
      .exitOverride()
      .parseAsync(['node', 'wildchat', ...args]);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeError;
  }
}

function hashes(folder: string, prefix: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else result[`${prefix}/${path.relative(folder, full).split(path.sep).join('/')}`] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(folder);
  return result;
}

const outputs: Record<string, string> = {};

/**
 * The store gives consents and conversations random UUIDs, which reach the conversation hashes;
 * for the golden run they are numbered instead (the store's code stays as it is).
 */
async function withNumberedUuids<T>(work: () => Promise<T>): Promise<T> {
  const crypto = createRequire(import.meta.url)('node:crypto') as { randomUUID: () => string };
  const original = crypto.randomUUID;
  let counter = 0;
  crypto.randomUUID = () => `00000000-0000-4000-8000-${(counter++).toString(16).padStart(12, '0')}`;
  syncBuiltinESMExports();
  try {
    return await work();
  } finally {
    crypto.randomUUID = original;
    syncBuiltinESMExports();
  }
}

before(async () => {
  await withNumberedUuids(() => plantConversations(dataDir));
  const files: [string, string, string][] = [
    ['wildchat-1m.jsonl', 'wildchat', toJsonLines([0, 1, 2, 3].map(wildChat1MRow))],
    ['wildchat-48m.jsonl', 'wildchat', toJsonLines([4, 5].map(wildChat48MRow))],
    ['wildchat-v1.jsonl', 'wildchat', toJsonLines([6, 7].map(wildChatV1Row))],
    ['lmsys.jsonl', 'lmsys', toJsonLines([0, 1, 2].map(lmsysRow))],
    ['sharegpt.jsonl', 'sharegpt', toJsonLines(shareGptRows())],
    ['openai.jsonl', 'openai', toJsonLines(openAiRows())],
  ];
  for (const [name, format, content] of files) {
    const file = path.join(directory, name);
    fs.writeFileSync(file, content);
    await wildchat(['import', file, '--dataset', `golden-${format}`, '--format', format, '--data-dir', dataDir]);
  }
  // A fixed release secret: the default (anonymised) profile is then deterministic too.
  const secretFile = path.join(directory, 'release-secret.hex');
  fs.writeFileSync(secretFile, `${'5e'.repeat(32)}\n`, { mode: 0o600 });
  const releaseFlags = [
    '--data-dir',
    dataDir,
    '--moderation',
    'local',
    '--now',
    NOW,
    '--accepted-terms-versions',
    ACCEPTED_TERMS,
    '--tokenizers',
    'o200k_base,llama2',
    '--workers',
    '0',
    '--release-secret-file',
    secretFile,
  ];
  const releases: [string, string[]][] = [
    ['release-collected-parquet', ['--since', '2026-09-01', '--dedup', 'drop']],
    ['release-collected-jsonl', ['--since', '2026-09-01', '--format', 'jsonl', '--dedup', 'keep', '--schema', 'wildchat-1m']],
    ['release-wildchat-parquet', ['--dataset', 'golden-wildchat']],
    ['release-lmsys-jsonl', ['--dataset', 'golden-lmsys', '--format', 'jsonl']],
  ];
  for (const [name, flags] of releases) {
    const out = path.join(directory, name);
    await wildchat(['release', '--out', out, ...releaseFlags, ...flags]);
    Object.assign(outputs, hashes(out, name));
  }
  const exports: [string, string[]][] = [
    ['export-collected-jsonl', ['--format', 'jsonl']],
    ['export-collected-parquet', ['--format', 'parquet']],
    ...['wildchat', 'lmsys', 'sharegpt', 'openai'].map((format): [string, string[]] => [`export-${format}-parquet`, ['--dataset', `golden-${format}`]]),
    ['export-wildchat-jsonl-gzip', ['--dataset', 'golden-wildchat', '--format', 'jsonl', '--gzip']],
  ];
  for (const [name, flags] of exports) {
    const out = path.join(directory, name);
    await wildchat(['export', '--out', out, '--data-dir', dataDir, ...flags]);
    Object.assign(outputs, hashes(out, name));
  }
});

test('release and export outputs of the fixtures are byte-identical to the golden hashes', () => {
  if (process.env.GOLDEN_UPDATE === '1') {
    process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
    return;
  }
  assert.ok(Object.keys(outputs).length > 20, 'every release and export wrote its files');
  assert.deepEqual(outputs, GOLDEN);
});
