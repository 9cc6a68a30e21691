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
  'release-collected-parquet/full/README.md': '32010d6cc1db3236d8c1502a1c8d08744ff7c38ab0b02b93c4b01975734c97e9',
  'release-collected-parquet/manifest.json': '43cd9e1f4154e6c683c0cd21598b1d412e9e66e7d56bf359a688f62e54a5d1dc',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': '6b2f8a6f67efc3f6961047cbf13f94ddd65e94466c9d87266da4c71d436ff3a9',
  'release-collected-parquet/non-toxic/README.md': '1a8fabf5a244016ee1de9bf795c6cb77905d836e8fb4b4f2ed622ad339fd7547',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '8260e08854e35c5d2078851b9561dc403a3789b57f0109fcd454629ee11c7d3c',
  'release-collected-jsonl/full/README.md': 'c2c58ef4a2d39b448897e0d03d7f428cee59397b578b59233399e8dbb02408cb',
  'release-collected-jsonl/manifest.json': 'ffa4180bcaf861f1a2135bc582cb8c12c5f0eee8674b2036deb06ef523e218da',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '5f3686833db3b936f096bbdf28f59a5ab79c48f6757b0fb00408a49dc0034198',
  'release-collected-jsonl/non-toxic/README.md': '3a05c76b26a6848bf96a3300dfdeda840b331bb4a6bf974cbe0b5a8f729d2e3e',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': 'ebdf91b6fa29f90a0e708d8782daf8ea16bf859bf653080beb815dc3e4ba4f00',
  'release-wildchat-parquet/full/README.md': 'c8af5c873d0a2ab22c4457eb3c12768f26310758a056f3d76374eef41916af86',
  'release-wildchat-parquet/manifest.json': '0ac2958d6bc4dc15114f59cd8c2d54130cbde00f520b71678d2be10ef2a9c1f9',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': 'ebdf91b6fa29f90a0e708d8782daf8ea16bf859bf653080beb815dc3e4ba4f00',
  'release-wildchat-parquet/non-toxic/README.md': '6a34a6ecf381b5578cd19f9bbe689b20a12bc13df48c94c075b2dc0fd88d16a1',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/full/README.md': '3aaa2c08667ac6d2cede7633e4dfa614cf6e10a2ff0ed6eda90be040255853dc',
  'release-lmsys-jsonl/manifest.json': '22d2db492896980d71dd68f19b633e4472591a6bfa4a50044b7a1740e0438353',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/non-toxic/README.md': 'f60641e8795f04aa8b7c6e27df3f54c18a498afa1a77c91a3392b97b5640683b',
  'export-collected-jsonl/data/train-00000-of-00001.jsonl': '1f5a72e6407d286157520bc8dc0e06ea965ad32444e598a24420f7e6ee150195',
  'export-collected-jsonl/README.md': '2eb6813a58bcb9e9dac5f973c15457d8cc5e28be537bba1ac9d0b81180b4b51e',
  'export-collected-parquet/data/train-00000-of-00001.parquet': 'd5ac09f29f10a482778f785a43ffeb0147f83ee5853c175afd7f78ef9fe457b7',
  'export-collected-parquet/README.md': 'b8febb4c68b9594fbf3bb7158d50f2dec99bd8a8497cfea40bc2acf188598398',
  'export-wildchat-parquet/data/train-00000-of-00001.parquet': 'c33aedcfdb6a9c38c079d53bf66510b2f7834d5b7a46af8915c30d0cfd2b783c',
  'export-wildchat-parquet/README.md': '6583acdf857141d7bd87e53d43925ad9329fc4aacdb3289ce45add239f9b5b5d',
  'export-lmsys-parquet/data/train-00000-of-00001.parquet': '8b5a3b98e0bae19826e1c7779bf93427cae5143e7dd3d8a98f6ee55fca38667b',
  'export-lmsys-parquet/README.md': 'bb0bf260f7b1d889bded6457102f26a13d621c94319ce4a09ddddbe0a2769bd0',
  'export-sharegpt-parquet/data/train-00000-of-00001.parquet': '799acb1b812020eb64c52d786a70346e7e91b0725a4323a50f60e1513fb788cc',
  'export-sharegpt-parquet/README.md': 'd0e99824b2b0e128fd06af7cc42375d07df9644c5da20a4d8664fbbe68f31dee',
  'export-openai-parquet/data/train-00000-of-00001.parquet': 'd02afae475b9118ec6f7b188e752c0fa36bc7ea7d89a554feb842ca5c10e2324',
  'export-openai-parquet/README.md': '10f778df517d3ce567887f49a2b8ed9b922ee9bdab3e3eb1ca68f30b77539229',
  'export-wildchat-jsonl-gzip/data/train-00000-of-00001.jsonl.gz': '75e98897d97bf5be6955acf92d15f7b11b78399ffd3377a35f7ec705267b7f87',
  'export-wildchat-jsonl-gzip/README.md': '10dc8dc234026fc3394556b26335f9faf54f516ec55642bfcfbd03c28d3d6611',
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
    await wildchat([
      'import',
      file,
      '--dataset',
      `golden-${format}`,
      '--format',
      format,
      '--data-dir',
      dataDir,
      ...(format === 'sharegpt' || format === 'openai' ? ['--license', 'other'] : []),
    ]);
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
