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
  'release-collected-parquet/full/data/train-00000-of-00001.parquet': 'ff9561ec350a0d7a4f82c00848ea27dfe708490921b3a64eb2ab99b69bc6c5b0',
  'release-collected-parquet/full/README.md': 'c22f1d135e44e05517257496e6a35cda2083840770663cffd31b6e6f16b60928',
  'release-collected-parquet/manifest.json': 'cad8965c1940112175de7afd85dda13ce328c4f2010c7b3545381235cf8c413f',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': 'cb4fa00c6e2fa6213f487dbbd8046df54b5874556e72e0bdae92ec7189984230',
  'release-collected-parquet/non-toxic/README.md': 'f67bb8bf123c927abe23d81d59715f01ac3c21426763b36b3af4532b0f297097',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '3295bdb666a3e4838f681a246c7abf10e9a9a0fc6a1460b630e6ab8032f544ca',
  'release-collected-jsonl/full/README.md': 'b3649c0271e11e107399070aa246c595cc7fd019aee7ed501411d3246d4bac01',
  'release-collected-jsonl/manifest.json': 'b3e3a0966dfd719c83403afedfc42bbbbc63b28bec65ea44716c01803b15983f',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '10ec77fa7729130fab1bd930cad9c1189fc17c140a604dead925af9940d2ff10',
  'release-collected-jsonl/non-toxic/README.md': '10f90242a6acb6ae9f48f931fc826571a11c4956aa6a9ff6b1ec7fadbd77af0e',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': '6500deb2e20de77c9656a9cfa30df88d0f7de7c2c99a16b62623847cccd31071',
  'release-wildchat-parquet/full/README.md': 'a4f19af73fa8fa9bf1ddd7fef75eb482b1b992dc01ddb49458d8b527cd2caaf0',
  'release-wildchat-parquet/manifest.json': '665db64a41cc246dab2bcf324238f28c8554d1527942540712f8b295e8fa2c71',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': '6500deb2e20de77c9656a9cfa30df88d0f7de7c2c99a16b62623847cccd31071',
  'release-wildchat-parquet/non-toxic/README.md': '9c480f445f46d30985086d109c5d6871f2448bc086b02700bb1f83b3113a9310',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/full/README.md': '2931b3902e4685ef34b33495ed7499afa1b30d7af70e40913367ef357d36a0ab',
  'release-lmsys-jsonl/manifest.json': '576fb044338a10048024ab955c698b82c263b0b7ea833031c116ab0a45324cf6',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': 'ac5c726abedf2cf63242e735684488ba8ba5d2f9dc7c476b8ddf7ecd85521fc2',
  'release-lmsys-jsonl/non-toxic/README.md': '868154578d6d7e5b1e6fff89a92d20d1505bec59a6d09ced53e185649cd6b0bb',
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
