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
  'release-collected-parquet/full/data/train-00000-of-00001.parquet': '803e14056ba0fe81bf4d01f0be6cf74a6229362955c7992ecbd483defd06e53a',
  'release-collected-parquet/full/README.md': 'ea797379619f4085d4303f646b293b5a75f9c67bf219465c22d58749f8251abb',
  'release-collected-parquet/manifest.json': '2329abc2b95b4797df04e5c22323364fd381a09fca163adda80e48e3916ebd70',
  'release-collected-parquet/non-toxic/data/train-00000-of-00001.parquet': '16386843a5e7ec44f6a19f33f1e6c721565d789dcee5f79ab454873999e2f116',
  'release-collected-parquet/non-toxic/README.md': 'ecadcdea78d930d700e99356189519867ae70969f9a50c51bf0d0f71e1f28e6e',
  'release-collected-jsonl/full/data/train-00000-of-00001.jsonl': '487b7de913e542d23d7cae6a8da6854c91a6286411334583f6b45bcfaebeaede',
  'release-collected-jsonl/full/README.md': '15c1f0e819566b6519cdf81dc1d3e593a132af6d7458878e6828d20d170d7ed7',
  'release-collected-jsonl/manifest.json': 'bd094126e910f322a35dcd746428d476e2aa341a76744f37aa69e6770e02e089',
  'release-collected-jsonl/non-toxic/data/train-00000-of-00001.jsonl': '5f3686833db3b936f096bbdf28f59a5ab79c48f6757b0fb00408a49dc0034198',
  'release-collected-jsonl/non-toxic/README.md': '85149af9eac77b975792ec4c8427e637bb1e63645c993341ee083edb0e4d94f6',
  'release-wildchat-parquet/full/data/train-00000-of-00001.parquet': '4499d1d968c46c3f321e1c5cdf763e42dcd208485e556193bb3cb6454bb1b17b',
  'release-wildchat-parquet/full/README.md': 'db8f6dbbc2be1cfba89f50f0e7c3797dcdd99b1dc07c4baa392240d42af164fc',
  'release-wildchat-parquet/manifest.json': 'da368b397c1d289d03f80183ae326525fb96b2b62c37db70a1cdb4bf1cf7f760',
  'release-wildchat-parquet/non-toxic/data/train-00000-of-00001.parquet': '4499d1d968c46c3f321e1c5cdf763e42dcd208485e556193bb3cb6454bb1b17b',
  'release-wildchat-parquet/non-toxic/README.md': 'e292b6d2881cf0fe245f80c53ed09f1e4cfe9a13e18f78248dca0d9008509773',
  'release-lmsys-jsonl/full/data/train-00000-of-00001.jsonl': 'fc9900fde464951b7f087055ffda496279567de85593c03040413a01835c14cd',
  'release-lmsys-jsonl/full/README.md': '17acb02f72f24f90555623d8fb5826d10a0579697caa72446bc836d59b331f33',
  'release-lmsys-jsonl/manifest.json': '609adac387efcc33848b38c3dc237041b17691e82d9af59b14739e280644cd87',
  'release-lmsys-jsonl/non-toxic/data/train-00000-of-00001.jsonl': 'fc9900fde464951b7f087055ffda496279567de85593c03040413a01835c14cd',
  'release-lmsys-jsonl/non-toxic/README.md': '03ae2bd0097901d377eafc52e76bb584e9f538c6d7a74fe7bc4f4ca61cb075bd',
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
