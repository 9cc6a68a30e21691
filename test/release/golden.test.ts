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
  'release-collected-parquet/full/README.md': '36bb5ff77d7110301a8f87aab4305d209c16105b67c7bf1e7f8051e9e3496a21',
  'release-collected-parquet/manifest.json': '0b5be02913d9fb124211b8fdff47294698e24d4283ca997d1b11e82bf733e28c',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': '6b2f8a6f67efc3f6961047cbf13f94ddd65e94466c9d87266da4c71d436ff3a9',
  'release-collected-parquet/non-toxic/README.md': 'e5333bc5dd3a27b6c17c5d9f24e7b98304db28173c056811c58c86cdae5d4a50',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '8260e08854e35c5d2078851b9561dc403a3789b57f0109fcd454629ee11c7d3c',
  'release-collected-jsonl/full/README.md': '305e1353b8a3c6c6563214c0a5080f07516bdc517fc26d5211bfc0029f5d2afc',
  'release-collected-jsonl/manifest.json': '7e507a609045d91c4a117ea51cc6d348a309b59322da3a8ba7be7dfe3f6104a8',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '5f3686833db3b936f096bbdf28f59a5ab79c48f6757b0fb00408a49dc0034198',
  'release-collected-jsonl/non-toxic/README.md': 'c79f3252301b6d6a87303ab824b73baf1004861fca1a1a10c97e1a48a510b0a9',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': 'ebdf91b6fa29f90a0e708d8782daf8ea16bf859bf653080beb815dc3e4ba4f00',
  'release-wildchat-parquet/full/README.md': '3515b4c804ef6c9b0d05d0f588da30b78708f48021dde7a7bd274f9abedfd997',
  'release-wildchat-parquet/manifest.json': '57798b253a0f2baf2fa2295e588a57a10047dc20ee73a488812e5db69d6f9784',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': 'ebdf91b6fa29f90a0e708d8782daf8ea16bf859bf653080beb815dc3e4ba4f00',
  'release-wildchat-parquet/non-toxic/README.md': '3d6490a65934e9842a6cee5aae54a3a1a27416924ebf4ca1c6381bebafcd981c',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/full/README.md': '46334f0e190dbff35117ff2987914d0d62a266e1c32dd743e39b63627ba7253e',
  'release-lmsys-jsonl/manifest.json': '47d171bae2cd340d75800d6e57a9b7c62cad2e554a397437dc25deaf9418c548',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/non-toxic/README.md': '3c238eb7eb2380007b0ae156aeb005bfc6907d51eff239a8d5e6e00e63ed6679',
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
