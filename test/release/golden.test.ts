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
  'release-collected-parquet/full/data/train-00000-of-00001.parquet': '8aadd0b6d13a56058c34cb80342df386a3874f055ba030a1414ffe61693afe98',
  'release-collected-parquet/full/README.md': '132f9c2df44743ee0547e815b3e81aa16225b44dcb92f9b9b2146fef6343ac86',
  'release-collected-parquet/manifest.json': '517bf6ce3c42aea4acc94501cb67d267f9530e6ef1fb4536a8910c394bdbb0bb',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': '8f1be637016ce4c0053a913158be5e656c907fc90f77f385cb74ddc8a136faad',
  'release-collected-parquet/non-toxic/README.md': '0077d48680ae519ad7c5690e2232d55ce2be5f654f61038d47a816f030a5e9a6',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '3b23dae3f3c906fbd1e8de73f183ad6c86425200db0690eb62a867077b09a989',
  'release-collected-jsonl/full/README.md': 'a4901f04a92ab5a8c635defa8efcb0cab116f93e9fd2b85b8429a7c6954f6645',
  'release-collected-jsonl/manifest.json': '0256339ad7c9e6128314b43209a364a28a19c971e0707f251edf0c7abfc982f9',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '7e590ee7e59d7eea0186b0ac38993c287ba2ad12468030befa9c428429364129',
  'release-collected-jsonl/non-toxic/README.md': '49a03c08deace0a461b26486a5782b004231db607ed4f0fee4598e542894dc63',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': '8a155f5e93234499423740092194446915be325410344804dba4a0fc4a57b593',
  'release-wildchat-parquet/full/README.md': 'e774d6836a5c52910521924f6bce11ff00f2637ff30a458e6fca31757c132cb2',
  'release-wildchat-parquet/manifest.json': '177457ca896a5ef2cc7a27403e050aab100b9a2bb70184a30e782a15ac0975a7',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': '8a155f5e93234499423740092194446915be325410344804dba4a0fc4a57b593',
  'release-wildchat-parquet/non-toxic/README.md': '69f64ea8df18faae22fab9d7f14e30f16521b4a6367fbe20e2b9353c4a54ac13',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': 'f652ba0efe65a163262ca9de2807d2d03c26752e6fb04faf11b61019ea463d1f',
  'release-lmsys-jsonl/full/README.md': '8d88e983986e22f345feddee3b2097b7e95442eae19810677dd5c2c404e7ee4d',
  'release-lmsys-jsonl/manifest.json': 'c301c21f952eba5737a0f936780d14508433475102f0aee173f732d002285260',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': 'f652ba0efe65a163262ca9de2807d2d03c26752e6fb04faf11b61019ea463d1f',
  'release-lmsys-jsonl/non-toxic/README.md': '70d58371449c1f0f905c190c7c75fe65ca30644dea91e421eb3f823443ef1f7c',
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
