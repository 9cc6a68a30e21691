import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/open-sqlite-store.ts';
import type { DatasetStore } from '../../store/dataset-store.ts';
import { completedTurn, newTurn, seedConversation, requestContext } from '../../store/store-contract-fixtures.ts';
import { PII_COUNT_FIELDS, WILDCHAT_1M_COLUMNS, type ReleaseRecord } from '../../schema/release-record.ts';
import { normalizeConversationListRow } from '../import/normalize-wildchat.ts';
import { conversationHash } from '../../core/conversation-hash.ts';
import { openDuckDb, sqlString } from '../duckdb-session.ts';
import { formatReleaseTimestamp } from '../release-timestamp.ts';
import { lmsysRow, openAiRows, shareGptRows, toJsonLines, wildChat1MRow, wildChat48MRow, wildChatV1Row } from '../dataset-test-fixtures.ts';
import { importFiles } from '../import/import-files.ts';
import { exportDataset } from './export-dataset.ts';
import { collectedRecords, importedRecords, type CollectedSkips } from './record-sources.ts';

let directory: string;
let store: SqliteStore;
let datasets: DatasetStore;

before(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
  store = openSqliteStore({ path: ':memory:' });
  datasets = store.datasets;
});
after(async () => {
  await store.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function recordsOf(name: string): Promise<ReleaseRecord[]> {
  const info = await datasets.getDataset(name);
  assert.ok(info, `dataset ${name}`);
  const records: ReleaseRecord[] = [];
  for await (const batch of datasets.iterateRecords(info.id)) records.push(...batch);
  return records;
}

async function duckRows(sql: string): Promise<unknown[][]> {
  const session = await openDuckDb();
  try {
    return (await session.connection.runAndReadAll(sql)).getRows() as unknown[][];
  } finally {
    session.close();
  }
}

/** hyparquet values in release-record terms: int64 as number, timestamps as canonical text. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return formatReleaseTimestamp(value.getTime());
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

function files(folder: string): Map<string, Buffer> {
  const result = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      result.set(path.relative(folder, full), fs.readFileSync(full));
    }
  }
  return result;
}

describe('wildchat export', () => {
  test('collected conversations: one row per branch, WildChat-1M types read back by DuckDB and hyparquet', async () => {
    const { consent, conversation } = await seedConversation(store);
    const first = await completedTurn(store, conversation.id, consent.id, { receivedAt: 1_700_000_002_000 }, { completedAt: 1_700_000_003_000 });
    const second = await completedTurn(
      store,
      conversation.id,
      consent.id,
      {
        parentTurnId: first.turnIdentifier,
        userContent: 'And of Canada? 🍁',
        receivedAt: 1_700_000_010_000,
        request: requestContext({ country: 'Canada', state: 'Ontario' }),
      },
      { assistantContent: 'Ottawa.', completedAt: 1_700_000_011_500 },
    );
    const regenerated = await completedTurn(
      store,
      conversation.id,
      consent.id,
      {
        parentTurnId: first.turnIdentifier,
        origin: 'regenerate',
        userContent: 'And of Canada? 🍁',
        receivedAt: 1_700_000_020_000,
      },
      { assistantContent: 'The capital of Canada is Ottawa.', completedAt: 1_700_000_021_000 },
    );
    // Still streaming when the export runs: left out, and counted.
    await store.insertTurn(newTurn(conversation.id, consent.id, { parentTurnId: regenerated.turnIdentifier, receivedAt: 1_700_000_030_000 }));

    const skips: CollectedSkips = { inFlightTurns: 0, withdrawnConversations: 0 };
    const out = path.join(directory, 'collected');
    const report = await exportDataset({ records: collectedRecords(store, skips), outDir: out, prettyName: 'Collected test' });
    assert.equal(report.rows, 2);
    assert.equal(skips.inFlightTurns, 1);
    assert.deepEqual(fs.readdirSync(path.join(out, 'data')), ['train-00000-of-00001.parquet']);
    const glob = sqlString(path.join(out, 'data', '*.parquet'));

    const types = new Map((await duckRows(`DESCRIBE SELECT * FROM read_parquet(${glob})`)).map((row) => [String(row[0]), String(row[1])]));
    assert.equal(types.get('timestamp'), 'TIMESTAMP WITH TIME ZONE');
    assert.equal(types.get('turn'), 'BIGINT');
    assert.equal(
      types.get('conversation'),
      'STRUCT("content" VARCHAR, country VARCHAR, hashed_ip VARCHAR, "header" STRUCT("accept-language" VARCHAR, "user-agent" VARCHAR), "language" VARCHAR, redacted BOOLEAN, "role" VARCHAR, state VARCHAR, "timestamp" TIMESTAMP WITH TIME ZONE, toxic BOOLEAN, turn_identifier BIGINT)[]',
    );
    assert.equal(types.get('header'), 'STRUCT("accept-language" VARCHAR, "user-agent" VARCHAR)');
    assert.match(types.get('openai_moderation') ?? '', /^STRUCT\(categories STRUCT\(harassment BOOLEAN, "harassment\/threatening" BOOLEAN/);
    assert.equal(
      types.get('detoxify_moderation'),
      'STRUCT(identity_attack DOUBLE, insult DOUBLE, obscene DOUBLE, severe_toxicity DOUBLE, sexual_explicit DOUBLE, threat DOUBLE, toxicity DOUBLE)[]',
    );

    const rows = await duckRows(
      `SELECT branch.kept, branch.shared_messages, len(conversation), conversation[4].content, conversation[1].hashed_ip, conversation[2].hashed_ip, ` +
        `conversation[2].timestamp::VARCHAR, conversation[1].timestamp IS NULL, country, consent_terms_version, turn FROM read_parquet(${glob}) ORDER BY branch.index`,
    );
    assert.deepEqual(
      rows.map((row) => row.map((value) => (typeof value === 'bigint' ? Number(value) : value))),
      [
        [false, 2, 4, 'Ottawa.', 'a3f1c2d4e5b6a7f8', null, '2023-11-14 22:13:23+00', true, 'Germany', '2026-11-01', 2],
        [true, 4, 4, 'The capital of Canada is Ottawa.', 'a3f1c2d4e5b6a7f8', null, '2023-11-14 22:13:23+00', true, 'Germany', '2026-11-01', 2],
      ],
    );

    // Second, independent reader: every field of every row equals the record we exported.
    const expected: ReleaseRecord[] = [];
    for await (const batch of collectedRecords(store, { inFlightTurns: 0, withdrawnConversations: 0 })) expected.push(...batch);
    const file = await asyncBufferFromFile(path.join(out, 'data', 'train-00000-of-00001.parquet'));
    const read = (await parquetReadObjects({ file, compressors })).map(plain) as Record<string, unknown>[];
    assert.equal(read.length, expected.length);
    read.forEach((row, index) => {
      const record = expected[index] as ReleaseRecord;
      for (const key of Object.keys(record) as (keyof ReleaseRecord)[]) {
        const value = key === 'extra' ? (record.extra === null ? null : JSON.stringify(record.extra)) : record[key];
        assert.deepEqual(row[key], value, `row ${index} field ${key}`);
      }
    });
    assert.equal(
      expected[1]?.conversation_hash,
      conversationHash([
        { content: 'What is the capital of Australia?', role: 'user' },
        { content: 'The capital of Australia is Canberra.', role: 'assistant' },
        { content: 'And of Canada? 🍁', role: 'user' },
        { content: 'The capital of Canada is Ottawa.', role: 'assistant' },
      ]),
    );
    assert.equal(second.turnIdentifier < regenerated.turnIdentifier, true);

    const card = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
    assert.match(card, /^---\npretty_name: "Collected test"\nlicense: odc-by\n/);
    assert.match(card, /path: data\/train-\*\.parquet/);
    assert.match(card, /- name: conversation\n {4}list:\n {4}- name: content\n {6}dtype: string/);
    assert.match(card, /dtype: timestamp\[us, tz=UTC\]/);
    assert.match(card, /Date range: 2023-11-14 to 2023-11-14 \(UTC\)/);
    assert.match(card, /\| gpt-4o-mini-2024-07-18 \| 2 \|/);
    assert.match(card, /DB-IP Lite/);

    // --schema wildchat-1m: exactly the 14 columns, in order.
    const strict = path.join(directory, 'collected-1m');
    await exportDataset({ records: collectedRecords(store, skips), outDir: strict, prettyName: 'Strict', schema: 'wildchat-1m' });
    const strictColumns = (await duckRows(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path.join(strict, 'data', '*.parquet'))})`)).map((row) => row[0]);
    assert.deepEqual(strictColumns, [...WILDCHAT_1M_COLUMNS]);
  });

  test('import -> export -> import gives the same records, for every format, through Parquet and JSONL.gz', async () => {
    const inputs: [string, string][] = [
      ['share.jsonl', toJsonLines(shareGptRows())],
      ['wc1m.jsonl', toJsonLines([wildChat1MRow(1), wildChat1MRow(2), wildChat1MRow(3)])],
      ['wc48m.json', JSON.stringify([wildChat48MRow(4), wildChat48MRow(5)])],
      ['wcv1.jsonl', toJsonLines([wildChatV1Row(6)])],
      ['lmsys.jsonl', toJsonLines([lmsysRow(7), lmsysRow(8)])],
      ['openai.jsonl', toJsonLines(openAiRows())],
    ];
    const paths = inputs.map(([name, content]) => {
      const file = path.join(directory, name);
      fs.writeFileSync(file, content);
      return file;
    });
    const first = await importFiles({ files: paths, dataset: 'roundtrip', store: datasets, license: 'other' });
    assert.deepEqual(
      first.files.map((file) => file.format),
      ['sharegpt', 'wildchat', 'wildchat', 'wildchat', 'lmsys', 'openai'],
    );
    assert.equal(first.imported, 13);
    const original = await recordsOf('roundtrip');
    const info = await datasets.getDataset('roundtrip');
    assert.ok(info);

    for (const [format, gzip] of [
      ['parquet', false],
      ['jsonl', true],
    ] as const) {
      const out = path.join(directory, `roundtrip-${format}`);
      const report = await exportDataset({ records: importedRecords(datasets, info.id), outDir: out, prettyName: 'Round trip', format, gzip, shardRows: 5 });
      assert.deepEqual(
        report.shards.map((shard) => [path.basename(shard.file), shard.rows]),
        [
          [`train-00000-of-00003.${format === 'parquet' ? 'parquet' : 'jsonl.gz'}`, 5],
          [`train-00001-of-00003.${format === 'parquet' ? 'parquet' : 'jsonl.gz'}`, 5],
          [`train-00002-of-00003.${format === 'parquet' ? 'parquet' : 'jsonl.gz'}`, 3],
        ],
      );
      const back = await importFiles({
        files: report.shards.map((shard) => path.join(out, shard.file)),
        dataset: `back-${format}`,
        store: datasets,
        license: 'other',
      });
      assert.equal(back.malformed, 0);
      assert.deepEqual(await recordsOf(`back-${format}`), original, `round trip through ${format}`);
    }
  });

  test('deterministic: the same input gives byte-identical files', async () => {
    const info = await datasets.getDataset('roundtrip');
    assert.ok(info);
    const one = path.join(directory, 'det-1');
    const two = path.join(directory, 'det-2');
    await exportDataset({ records: importedRecords(datasets, info.id), outDir: one, prettyName: 'Det', shardRows: 4 });
    await exportDataset({ records: importedRecords(datasets, info.id), outDir: two, prettyName: 'Det', shardRows: 4 });
    const left = files(one);
    const right = files(two);
    assert.deepEqual([...left.keys()].sort(), [...right.keys()].sort());
    for (const [name, content] of left) assert.ok(content.equals(right.get(name) as Buffer), `${name} differs`);
  });

  test("a record larger than the JSON reader's smallest buffer (multi-byte text) is written whole", async () => {
    // 600,000 three-byte characters: 1.8 MB of UTF-8, beyond the 1 MiB a shard of short rows asks DuckDB for.
    const content = '\u4f60'.repeat(600_000);
    const small = normalizeConversationListRow(wildChat1MRow(1), 'wildchat');
    const large = { ...small, conversation: small.conversation.map((message, index) => (index === 0 ? { ...message, content } : message)) };
    async function* records(): AsyncGenerator<ReleaseRecord[]> {
      yield [small];
      yield [large];
    }
    const out = path.join(directory, 'large-record');
    const report = await exportDataset({ records: records(), outDir: out, prettyName: 'Large', shardRows: 1 });
    assert.equal(report.shards.length, 2);
    const session = await openDuckDb();
    try {
      const lengths: number[] = [];
      for (const shard of report.shards) {
        const result = await session.connection.runAndReadAll(
          `SELECT length(conversation[1].content) FROM read_parquet(${sqlString(path.join(out, shard.file))})`,
        );
        lengths.push(Number(result.getRows()[0]?.[0]));
      }
      // DuckDB counts code points.
      assert.deepEqual(lengths, [[...(small.conversation[0]?.content ?? '')].length, 600_000]);
    } finally {
      session.close();
    }
  });

  test('atomic: a failing export leaves neither the folder nor its temp; an existing folder is kept without --overwrite', async () => {
    const info = await datasets.getDataset('roundtrip');
    assert.ok(info);
    async function* failing(): AsyncGenerator<ReleaseRecord[]> {
      yield* importedRecords(datasets, info!.id, 2);
      throw new Error('source went away');
    }
    const out = path.join(directory, 'atomic');
    await assert.rejects(exportDataset({ records: failing(), outDir: out, prettyName: 'Atomic', shardRows: 2 }), /source went away/);
    assert.deepEqual(
      fs.readdirSync(directory).filter((name) => name.startsWith('atomic')),
      [],
    );

    const controller = new AbortController();
    async function* abortingMidway(): AsyncGenerator<ReleaseRecord[]> {
      let batches = 0;
      for await (const batch of importedRecords(datasets, info!.id, 2)) {
        batches += 1;
        if (batches === 3) controller.abort();
        yield batch;
      }
    }
    await assert.rejects(
      exportDataset({ records: abortingMidway(), outDir: out, prettyName: 'Atomic', shardRows: 2, signal: controller.signal }),
      /interrupted/,
    );
    assert.deepEqual(
      fs.readdirSync(directory).filter((name) => name.startsWith('atomic')),
      [],
    );

    const existing = path.join(directory, 'det-1');
    await assert.rejects(exportDataset({ records: importedRecords(datasets, info.id), outDir: existing, prettyName: 'X' }), /already exists/);
    await exportDataset({ records: importedRecords(datasets, info.id), outDir: existing, prettyName: 'Replaced', overwrite: true });
    assert.match(fs.readFileSync(path.join(existing, 'README.md'), 'utf8'), /pretty_name: "Replaced"/);
    assert.deepEqual(
      fs.readdirSync(directory).filter((name) => name.startsWith('det-1.')),
      [],
    );
  });

  test('release annotations survive Parquet and come back through import', async () => {
    const counts = Object.fromEntries(PII_COUNT_FIELDS.map((field, index) => [field, index % 3])) as Record<(typeof PII_COUNT_FIELDS)[number], number>;
    const record: ReleaseRecord = {
      ...normalizeConversationListRow(wildChat1MRow(9), 'wildchat'),
      annotations: {
        moderation_source: 'local-lexicon-v1',
        detoxify_source: null,
        language_code_switching: true,
        token_encoding: 'o200k_base',
        message_language_confidence: [0.98, 0.5, 1, 0.75],
        message_language_unsure: [false, true, false, false],
        message_tokens: [3, 4, 0, 5],
        conversation_tokens: 12,
        message_tokens_llama2: null,
        conversation_tokens_llama2: null,
        message_pii_entity_counts: [counts, counts, counts, counts],
        pii_entity_counts: counts,
        pii_common_entities_kept: 1,
        jailbreak_family: 'dan',
        jailbreak_score: 0.75,
        jailbreak_tagged: true,
        jailbreak_succeeded: false,
        jailbreak_message_index: 0,
        duplicate_conversation_cluster: 'c1',
        duplicate_conversation_cluster_size: 1,
        duplicate_conversation_exact: false,
        duplicate_first_turn_cluster: 'f1',
        duplicate_first_turn_cluster_size: 2,
        duplicate_first_turn_exact: true,
      },
    };
    async function* one(): AsyncGenerator<ReleaseRecord[]> {
      yield [record];
    }
    const out = path.join(directory, 'annotated');
    const report = await exportDataset({ records: one(), outDir: out, prettyName: 'Annotated' });
    const back = await importFiles({ files: [path.join(out, report.shards[0]?.file ?? '')], dataset: 'annotated-back', store: datasets, license: 'other' });
    assert.deepEqual(back.errors, []);
    assert.deepEqual(await recordsOf('annotated-back'), [record]);
  });
});
