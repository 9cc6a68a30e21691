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
  'release-collected-parquet/full/data/train-00000-of-00001.parquet': 'b87c4427cc77ae269b7d9e06aec0743b2075933e808898c7a23a1b75598f8cb1',
  'release-collected-parquet/full/README.md': 'd26d3f74da8f4b871bad145e778e99fd809c7f2e29b54c03bc61b26e1f40d222',
  'release-collected-parquet/manifest.json': '08d43be693f553c03fa00926306694adf144d329567b096bcfaf07cd37af7f4e',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': 'cf979550a10c6e0990d833e0efbb1ccb5261f0f110b401239558ea49f15ed93e',
  'release-collected-parquet/non-toxic/README.md': '4ae87cd1942496825225f69ff9d9d9616ce673ca3f6785b3a183f7cfe1cb685f',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '3295bdb666a3e4838f681a246c7abf10e9a9a0fc6a1460b630e6ab8032f544ca',
  'release-collected-jsonl/full/README.md': '203c6ecbc4b530a5b8caa642545b1f56fa6c846718a0c80cfa001bc289cd6e84',
  'release-collected-jsonl/manifest.json': '2ef6ae2eb4a87c437a1d3afcc43886af217d32ef2a01d1e81ade7bd8c2e7b834',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '10ec77fa7729130fab1bd930cad9c1189fc17c140a604dead925af9940d2ff10',
  'release-collected-jsonl/non-toxic/README.md': '10e0f4093f6e5fe17cec4073a4d2b5120b3b180ba01951c1f997ca2efc06c0fb',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': '8a155f5e93234499423740092194446915be325410344804dba4a0fc4a57b593',
  'release-wildchat-parquet/full/README.md': 'de0923c0a37358175cba72d89611aa13cb529f4abb63916c86d492aade81bc56',
  'release-wildchat-parquet/manifest.json': '62ab1884d546ff94c3bc749fa2e7a51fbe836dcee022a2b217f7882ff1cc4e9a',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': '8a155f5e93234499423740092194446915be325410344804dba4a0fc4a57b593',
  'release-wildchat-parquet/non-toxic/README.md': '3ca9ee091c5803aab15961427aee62e2647d50ceddf4d722c52896e2bb0e0164',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': 'f652ba0efe65a163262ca9de2807d2d03c26752e6fb04faf11b61019ea463d1f',
  'release-lmsys-jsonl/full/README.md': 'cbf74c0fae892c9e7b9270910fdbf68eafcf77fa69afe08731f55ed3b3cd5dc6',
  'release-lmsys-jsonl/manifest.json': 'de6d7db20fdb08e381df9785eda4f7aad91a1bf91e49fef42c23503ed1372de5',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': 'f652ba0efe65a163262ca9de2807d2d03c26752e6fb04faf11b61019ea463d1f',
  'release-lmsys-jsonl/non-toxic/README.md': '226ca80c9b90cf7aa22c449b462c7d0eb72e80f730a1de0c614629f21e56b361',
  'export-collected-jsonl/data/train-00000-of-00001.jsonl': '1f5a72e6407d286157520bc8dc0e06ea965ad32444e598a24420f7e6ee150195',
  'export-collected-jsonl/README.md': '1a2879669046fd811dd0a2cea83397274a61ec24a11d98c6df53683db146cbab',
  'export-collected-parquet/data/train-00000-of-00001.parquet': '03a5a008ac0633497c1085499a65020d2dfdeecf94c947122374fc46091e4d0d',
  'export-collected-parquet/README.md': '2c0aaccb642f1999f3ecaa8547c88ebb22e3c50cac3791cad15f93d40bbf3ea9',
  'export-wildchat-parquet/data/train-00000-of-00001.parquet': 'f0643756cf082c0237ad2dbba95c0ea73428de3af77fe5c226e23ca8593d5a37',
  'export-wildchat-parquet/README.md': 'da06491865c5ab853be5e1b1135fa20c8eef0cc2078b61eccb17d16067182aa5',
  'export-lmsys-parquet/data/train-00000-of-00001.parquet': 'fd89eec79be419e9aa595ca3d25a0d3321bdb288287e0a1e87674972ea20f420',
  'export-lmsys-parquet/README.md': '1e5ac2779a8331771d8e20ee8fcbab3134edcdc68dc48abaeb228e40c47283fc',
  'export-sharegpt-parquet/data/train-00000-of-00001.parquet': '2f6ce8b58382272b7962bf1f2457a5adacdfe09ed9b322c0cdd5a928b2ae4446',
  'export-sharegpt-parquet/README.md': '8393dcb79b07a294c86b27e6dea5ad8c87a43c149ec6289fad8390b33fce0911',
  'export-openai-parquet/data/train-00000-of-00001.parquet': '59f03c98cdda210d1cca8f057dc7cdb3f11417712fab7d0db408b222a15b506c',
  'export-openai-parquet/README.md': '4fda9a1a249c5c6360053b4fcbbe544b38a35aa7589468a9d00abd07414b4bbc',
  'export-wildchat-jsonl-gzip/data/train-00000-of-00001.jsonl.gz': '75e98897d97bf5be6955acf92d15f7b11b78399ffd3377a35f7ec705267b7f87',
  'export-wildchat-jsonl-gzip/README.md': '3acd3a3b28553535a6dd3bdfdaa9d434a647589bbad249e5a2e59fdf41156adb',
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
  // A fixed release secret: the default (anonymised) profile is then deterministic too.
  const secretFile = path.join(directory, 'release-secret.hex');
  fs.writeFileSync(secretFile, `${'5e'.repeat(32)}\n`, { mode: 0o600 });
  const releaseFlags = ['--data-dir', dataDir, '--moderation', 'local', '--now', NOW, '--accepted-terms-versions', ACCEPTED_TERMS, '--tokenizers', 'o200k_base,llama2', '--workers', '0', '--release-secret-file', secretFile];
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
