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
  'release-collected-parquet/full/data/train-00000-of-00001.parquet': 'a9fff9efdb4d971e909ea28da0ac5c710672ec14946152413929472112f11a95',
  'release-collected-parquet/full/README.md': '6f2c3e92f3c1788587a858f3616446d5c6e931a002a1cb2207f16fad9b876241',
  'release-collected-parquet/manifest.json': 'c5e36b23fb52060cd02d0314fb605a104876490a5deff995402a7e7afec99ec6',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': 'c4bf4b3e69c228878e221f3e471da89e28cb74180fcb1456d714802c45288fdc',
  'release-collected-parquet/non-toxic/README.md': '90945d462732f692bd25fa7bbcd4045ee5e7b2d8f002e17745edd4dc2ae8c8d1',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '3b23dae3f3c906fbd1e8de73f183ad6c86425200db0690eb62a867077b09a989',
  'release-collected-jsonl/full/README.md': '7cd07f9e2fb858589dd6146ecbae7dfe1095926ba32093c1a63f0be6739ded13',
  'release-collected-jsonl/manifest.json': '0b786d557efd45fba5c585a97ee2d7e53f88a85c1eca32b5c5a632db67f5264a',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '7e590ee7e59d7eea0186b0ac38993c287ba2ad12468030befa9c428429364129',
  'release-collected-jsonl/non-toxic/README.md': 'd25ef36faf13edcc4bb02db36bc412815c6a078af8054ab92482e48f49c603db',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': '051a433efba0acec60a4ee43accabf67fb8b6f1e6f95b2d10f3be23db0b9bb78',
  'release-wildchat-parquet/full/README.md': 'c4f4a46d16557b2de40de1370ef16dd5a525ae438a136e5ec1bafd983d50b506',
  'release-wildchat-parquet/manifest.json': 'dfe25f1b35e50fd64c1db03125234cd8906b22f129abd66b0176eaf4bc39d419',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': '051a433efba0acec60a4ee43accabf67fb8b6f1e6f95b2d10f3be23db0b9bb78',
  'release-wildchat-parquet/non-toxic/README.md': '37a234594f62d49f02306812972796631c10d1de7883fa026cbb41c06f38d249',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': '97b4152ec88b539e821939e464827802eb739396cf755a6ced3d7c3e8ada8fbd',
  'release-lmsys-jsonl/full/README.md': 'effd9ffa4673ea1c576ebbc831893531fd889646475b63ebadcf3c3734d96223',
  'release-lmsys-jsonl/manifest.json': '0810f60c1cfecb3e8e73b39a02ee92300b30106700eb5cb991303417b7aa9001',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '97b4152ec88b539e821939e464827802eb739396cf755a6ced3d7c3e8ada8fbd',
  'release-lmsys-jsonl/non-toxic/README.md': '613ed7f56c6408013904a24ab2f0f748cbea878f1d82ca37ffc3c31316d74171',
  'export-collected-jsonl/data/train-00000-of-00001.jsonl': '1f5a72e6407d286157520bc8dc0e06ea965ad32444e598a24420f7e6ee150195',
  'export-collected-jsonl/README.md': '1730304f9500906c19ed4b62a38f695354ac320d7871805b3f09a7a9e9fa4ca1',
  'export-collected-parquet/data/train-00000-of-00001.parquet': '060297b2388aeece1bff5cd2604920e7a80a9be3599552688cd077e59308ca4a',
  'export-collected-parquet/README.md': 'f9c9f9c44402d8865778fedef73aa38da9543fcdee2daa7d6910377a2629a47a',
  'export-wildchat-parquet/data/train-00000-of-00001.parquet': '314cc9e48eb0a5b872ba41c5f4087cff77bfb5a92aad8267ef64c93fda50c0ae',
  'export-wildchat-parquet/README.md': '611904521868f4dcc189af16dd77959821d0a3e388a5a0962cad774b07d66383',
  'export-lmsys-parquet/data/train-00000-of-00001.parquet': '2faa987a3d3ba198d3b921c807813edb77fc01a2828c5af0e7127ba1e69986ed',
  'export-lmsys-parquet/README.md': '69312e4678a079555a9642e72f921c591c936828173ec7ccbae9d6c32505ae51',
  'export-sharegpt-parquet/data/train-00000-of-00001.parquet': 'fa189e7caf8c22676e898017e5d42a0ca5e81dc64b9b29cfab8384f47c3ca548',
  'export-sharegpt-parquet/README.md': 'da4f1f5f2ae496f147c20372522eec5d38347206f311c61be38052f56a7e8a20',
  'export-openai-parquet/data/train-00000-of-00001.parquet': '846298184385c18dadf48d582c39eb0a792fd5b7f287f1e8de24da8507f8c569',
  'export-openai-parquet/README.md': 'dd4ab0746b7b42996f9c38d19f8ec92c60ffc00929ed65d73ff29eacf360e5d2',
  'export-wildchat-jsonl-gzip/data/train-00000-of-00001.jsonl.gz': '75e98897d97bf5be6955acf92d15f7b11b78399ffd3377a35f7ec705267b7f87',
  'export-wildchat-jsonl-gzip/README.md': '782df7253ef9faa35f41282a992f929d6c0940b2f78f81e2513fdf3433f970bc',
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
    await createProgram().exitOverride().parseAsync(['node', 'wildchat', ...args]);
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
  const releaseFlags = ['--data-dir', dataDir, '--moderation', 'local', '--now', NOW, '--accepted-terms-versions', ACCEPTED_TERMS, '--tokenizers', 'o200k_base,llama2', '--workers', '0'];
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
