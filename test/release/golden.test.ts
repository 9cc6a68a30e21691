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
  'release-collected-parquet/full/README.md': '250e44bfe7df28bd878ad04ad88457831ef964ddfb05a44c29e3e06c509758ed',
  'release-collected-parquet/manifest.json': 'c722ac4ae0b9f910924e8e43b95e3246452a41e8260d7985d2d9dc5d09ac34d9',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': '6b2f8a6f67efc3f6961047cbf13f94ddd65e94466c9d87266da4c71d436ff3a9',
  'release-collected-parquet/non-toxic/README.md': 'efa78c05a19025ce7b82740d5c421fc679d2953a48572af75dbae754440eef95',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '8260e08854e35c5d2078851b9561dc403a3789b57f0109fcd454629ee11c7d3c',
  'release-collected-jsonl/full/README.md': '61eb447ff608070407928aac76403431832c774abf2ad80cae9ba69d53b98246',
  'release-collected-jsonl/manifest.json': '2c33f83d32318c4bac28ee75a6cc504264a2e6e31a1e4c9773d98eba4a57b96e',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '5f3686833db3b936f096bbdf28f59a5ab79c48f6757b0fb00408a49dc0034198',
  'release-collected-jsonl/non-toxic/README.md': '991f31be21cf9bec100d0c4e89b18a79f8a05996783955199cb6f481e1a361f9',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': 'ebdf91b6fa29f90a0e708d8782daf8ea16bf859bf653080beb815dc3e4ba4f00',
  'release-wildchat-parquet/full/README.md': '94354b5376fc9d67e1b18600021560b5145687b130e0dcfce026bdcd8d83315e',
  'release-wildchat-parquet/manifest.json': 'c0804ce440270d9d8f626718cc710b2f512123be14cd002dc579708e2d0dab52',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': 'ebdf91b6fa29f90a0e708d8782daf8ea16bf859bf653080beb815dc3e4ba4f00',
  'release-wildchat-parquet/non-toxic/README.md': 'c512503c974986eb87133310f0fd202a87833773b1e8f5de96d0f9cc0b442ecf',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/full/README.md': 'ca61d67ece4e5d70b7ab5f03a40bcc9fc62951bb1cb0b783b97a728605a04289',
  'release-lmsys-jsonl/manifest.json': 'cd2dd93aba1b6e2351dd84e0ca69e5591e572334eab7ea5bac2e69ea93a5336c',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/non-toxic/README.md': '1f65f141017f30d5c566e2427bf573d82c25ae893182a3a509f49309f8614bd8',
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
