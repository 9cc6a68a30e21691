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
  'release-collected-parquet/full/data/train-00000-of-00001.parquet': '9b1aa4131e027ca808090b232e5b660beec6b30fe1d774a1b5a5ed25f5a4a4fe',
  'release-collected-parquet/full/README.md': '9f5ab8cf887fbf2a8b522177b65038e583cddd31830433ba7c3895a639186876',
  'release-collected-parquet/manifest.json': '8d4b0872240da0af5362b266241f73af7f580475241ff903d3bffc8d9dacd452',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': '97dca5276903c00cf13e649d365680b9232c386b4dce9d4918299fa6a6c8c569',
  'release-collected-parquet/non-toxic/README.md': 'fa82cc6eb26730b19c5550d87990e4f25e31c78359d5a30dd81fe51a0664187e',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '3295bdb666a3e4838f681a246c7abf10e9a9a0fc6a1460b630e6ab8032f544ca',
  'release-collected-jsonl/full/README.md': 'e5c426f00570c8470661936edb96f5c649f056b5138d8ec367ee3e4e7edbe63c',
  'release-collected-jsonl/manifest.json': '43c73a1968b87ec2acda51b2a7edae07cb8df163b5e7147dfb02893fe307c0a1',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '10ec77fa7729130fab1bd930cad9c1189fc17c140a604dead925af9940d2ff10',
  'release-collected-jsonl/non-toxic/README.md': 'e500e1b89f1c8cdf8cb75ed7e01dbabdcc35d08e0ab21604f10e2cb82e827ed7',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': 'f5cbad506f02e0b66c408c514c0e2092a20487bb0b1f69fc4046b47c74af468c',
  'release-wildchat-parquet/full/README.md': '87ac1e19e31ebe217e5dd3c87c9deb90d96b1e5605cd3b20a1b2dd0e03f8aab1',
  'release-wildchat-parquet/manifest.json': '24ffc652174ca32658a1d25a0a83d8701e38253833b6b3651945b1cb1bf17a2b',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': 'f5cbad506f02e0b66c408c514c0e2092a20487bb0b1f69fc4046b47c74af468c',
  'release-wildchat-parquet/non-toxic/README.md': '459244fd0e8f51d70114103b0bbf657f6d3c8c404fc81a218358347f1fc68d0b',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': '7ba87fcc2b016e721329fc41bfb526f9011ef9f8a46267d9f3341d5ebcd49cd1',
  'release-lmsys-jsonl/full/README.md': '56c0987e33918e293591493097128462bc097ca707532dc16ffff93581d1ad07',
  'release-lmsys-jsonl/manifest.json': '3829621706cec36e07cabf6b7ed8fe01e5daa748009dfb75855d8ee4bce91cc3',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '7ba87fcc2b016e721329fc41bfb526f9011ef9f8a46267d9f3341d5ebcd49cd1',
  'release-lmsys-jsonl/non-toxic/README.md': 'f7755d53e6084c9ab9d5915d0e0307cf402cae1c0a99063de7074957503cf7a1',
  'export-collected-jsonl/data/train-00000-of-00001.jsonl': '1f5a72e6407d286157520bc8dc0e06ea965ad32444e598a24420f7e6ee150195',
  'export-collected-jsonl/README.md': '546c93b2f05f984ee19d57b3cee5fb95042bcfe86f228677bd4ed4b1b5e9f03a',
  'export-collected-parquet/data/train-00000-of-00001.parquet': '3e555f58537c08438ba31022ca4a9824856280b3dd04804efaeb5843ab35bc78',
  'export-collected-parquet/README.md': '1001d357e9020700ea4ed44f2ca45208939e8e5e908a23d3278dfd2776787510',
  'export-wildchat-parquet/data/train-00000-of-00001.parquet': 'f313cccd3b5e4bdd6d2a6cad1c45b79c8c28e6473f3484f1f0d8b6fc03b3dedf',
  'export-wildchat-parquet/README.md': '5941bd768db39f90d6ff8d8b0db220a324d1034ecb8539c01c3ca14bb34cc557',
  'export-lmsys-parquet/data/train-00000-of-00001.parquet': '8fb1380590fecd7df0a3a9af66775f7870e6dbe58a5f16434c9b36c9bf4ec2d7',
  'export-lmsys-parquet/README.md': '936cb90fad01ed6a5475250a79e21c9d39e0dd1350361b446017c1df5b6391bd',
  'export-sharegpt-parquet/data/train-00000-of-00001.parquet': '02d7ec0a2cbfc198d5088cfa418359f6f014b48ed9427fdd8108291386b6e06e',
  'export-sharegpt-parquet/README.md': '528921ca8d1aa0dfaaea7cbc97aa21ac83a923839788fc31c6b34d6a4f40183a',
  'export-openai-parquet/data/train-00000-of-00001.parquet': '77a858e2e0173e2424e67d1c0223a8f7109617b9451c619f2562302fd59d398d',
  'export-openai-parquet/README.md': 'b23b1c7588bf66836ec5ea201bea3679471f2bf38dc91de1470d7945581f602e',
  'export-wildchat-jsonl-gzip/data/train-00000-of-00001.jsonl.gz': '75e98897d97bf5be6955acf92d15f7b11b78399ffd3377a35f7ec705267b7f87',
  'export-wildchat-jsonl-gzip/README.md': 'fb0d2f28b82e2e9fc0161d609c2433aee4449ef294035c5ba39b89f09f8f4255',
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
