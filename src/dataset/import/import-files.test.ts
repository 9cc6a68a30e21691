import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetStore } from '../../store/dataset-store.ts';
import { openSqliteStore, sqliteDatabaseOf, type SqliteStore } from '../../store/sqlite/open-sqlite-store.ts';
import type { ReleaseRecord } from '../../schema/release-record.ts';
import { releaseRecordSchema } from '../../schema/release-record.ts';
import { conversationHash } from '../../core/conversation-hash.ts';
import { lmsysRow, openAiRows, shareGptRows, toJsonLines, wildChat1MRow, wildChat48MRow, wildChatV1Row } from '../dataset-test-fixtures.ts';
import { importFiles, ImportError } from './import-files.ts';
import { openDuckDb, sqlString } from '../duckdb-session.ts';

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

function write(name: string, content: string | Buffer): string {
  const file = path.join(directory, name);
  fs.writeFileSync(file, content);
  return file;
}

async function recordsOf(name: string, batchSize = 2): Promise<ReleaseRecord[]> {
  const info = await datasets.getDataset(name);
  assert.ok(info);
  const records: ReleaseRecord[] = [];
  for await (const batch of datasets.iterateRecords(info.id, { batchSize })) records.push(...batch);
  return records;
}

describe('wildchat import', () => {
  test('ShareGPT: detected, roles mapped, chunks starting with the model kept, system prompt split off', async () => {
    const file = write('share.jsonl', toJsonLines(shareGptRows()));
    const detected: string[] = [];
    const report = await importFiles({
      files: [file],
      dataset: 'share',
      store: datasets,
      license: 'other',
      onFormat: (_file, format) => detected.push(format),
    });
    assert.deepEqual(detected, ['sharegpt']);
    assert.equal(report.imported, 3);
    assert.equal(report.malformed, 0);
    const records = await recordsOf('share');
    assert.deepEqual(
      records.map((record) => record.conversation.map((message) => message.role)),
      [
        ['user', 'assistant'],
        ['assistant', 'user', 'assistant'],
        ['user', 'assistant'],
      ],
    );
    assert.deepEqual(
      records.map((record) => record.turn),
      [1, 1, 1],
    );
    assert.equal(records[2]?.system_prompt, 'You are terse.');
    assert.deepEqual(records[1]?.extra, { sharegpt_chunk: { share_id: 'abc123', index: 1 } });
    // Unknown fields (a top-level "lang", the "chatgpt" speaker name) are kept.
    assert.equal(records[2]?.extra?.lang, 'en');
    assert.deepEqual(records[2]?.extra?.messages, [null, { from: 'chatgpt' }]);
    assert.equal(
      records[0]?.conversation_hash,
      conversationHash([
        { content: 'Write a haiku about rain', role: 'user' },
        { content: 'Soft rain on the roof', role: 'assistant' },
      ]),
    );
    for (const record of records) releaseRecordSchema.parse(record);
  });

  test('WildChat-1M JSON array, gzip: every field kept, hash kept, moderation {} for empty content', async () => {
    const rows = [wildChat1MRow(1), wildChat1MRow(2), wildChat1MRow(3)];
    const file = write('wildchat.json.gz', gzipSync(JSON.stringify(rows, null, 2)));
    const report = await importFiles({ files: [file], dataset: 'wc', store: datasets, license: 'other' });
    assert.equal(report.files[0]?.format, 'wildchat');
    assert.equal(report.files[0]?.container, 'json-array');
    assert.equal(report.files[0]?.gzip, true);
    assert.equal(report.imported, 3);
    const [record] = await recordsOf('wc');
    assert.ok(record);
    releaseRecordSchema.parse(record);
    const source = rows[0] as Record<string, unknown>;
    assert.equal(record.conversation_hash, source.conversation_hash);
    assert.equal(record.timestamp, '2023-04-09T00:01:53Z');
    assert.deepEqual(record.conversation, source.conversation);
    assert.deepEqual(record.openai_moderation, source.openai_moderation);
    assert.deepEqual(record.openai_moderation?.[2], {});
    assert.deepEqual(record.detoxify_moderation, source.detoxify_moderation);
    assert.deepEqual(record.header, source.header);
    assert.equal(record.toxic, false);
    assert.equal(record.extra, null);
    assert.equal(record.turn_details, null);
  });

  test('WildChat-4.8M per-message fields go to turn_details; usage details to extra', async () => {
    const file = write('wc48.jsonl', toJsonLines([wildChat48MRow(5)]));
    await importFiles({ files: [file], dataset: 'wc48', store: datasets, license: 'other' });
    const [record] = await recordsOf('wc48');
    assert.ok(record);
    assert.equal(record.timestamp, '2025-01-02T03:04:05Z');
    assert.equal(record.turn_details?.[1]?.openai_id, 'chatcmpl-5');
    assert.equal(record.turn_details?.[1]?.total_tokens, 50);
    assert.equal(record.turn_details?.[1]?.token_counter, 42);
    assert.equal(record.turn_details?.[0]?.openai_id, null);
    const messages = record.extra?.messages as unknown[];
    assert.deepEqual(messages[1], { usage_details: { completion_tokens_details: { reasoning_tokens: 0 }, prompt_tokens_details: { cached_tokens: 0 } } });
    assert.deepEqual(record.openai_moderation?.[0]?.category_applied_input_types, { harassment: ['text'], illicit: ['text'] });
  });

  test('WildChat v1 (epoch seconds) and LMSYS-Chat-1M are told apart', async () => {
    const v1 = write('v1.jsonl', toJsonLines([wildChatV1Row(1), wildChatV1Row(2)]));
    const lmsys = write('lmsys.jsonl', toJsonLines([lmsysRow(1), lmsysRow(2), lmsysRow(3)]));
    const report = await importFiles({ files: [v1, lmsys], dataset: 'mixed', store: datasets, license: 'other' });
    assert.deepEqual(
      report.files.map((file) => file.format),
      ['wildchat', 'lmsys'],
    );
    const records = await recordsOf('mixed');
    assert.equal(records.length, 5);
    assert.equal(records[0]?.conversation_id, 'v1-1');
    assert.equal(records[0]?.timestamp, '2023-04-09T00:26:41Z');
    assert.equal(records[2]?.source, 'lmsys');
    assert.equal(records[2]?.redacted, true);
    assert.deepEqual(
      records[2]?.conversation.map((message) => message.role),
      ['user', 'assistant', 'user', 'assistant'],
    );
    assert.equal(records[2]?.conversation[3]?.content, '');
  });

  test('OpenAI messages: system prompt, content parts joined and kept', async () => {
    const file = write('openai.jsonl', toJsonLines(openAiRows()));
    const report = await importFiles({ files: [file], dataset: 'oa', store: datasets, license: 'other' });
    assert.equal(report.files[0]?.format, 'openai');
    const records = await recordsOf('oa');
    assert.equal(records[0]?.system_prompt, 'Be brief.');
    assert.deepEqual(
      records[0]?.conversation.map((message) => message.role),
      ['user', 'assistant'],
    );
    assert.equal(records[1]?.conversation[0]?.content, 'Describe this.');
    assert.equal(records[1]?.model, 'gpt-4o-mini');
    assert.deepEqual(records[1]?.extra?.metadata, { split: 'train' });
    assert.deepEqual((records[1]?.extra?.messages as unknown[])[1], { tool_calls: [] });
  });

  test('invalid UTF-8 in a JSON array item is a bad row with its item, line, byte offset and field (plain and gzip, workers or not)', async () => {
    // A pretty-printed ShareGPT array whose second item holds a lone 0xFF byte inside a message value.
    const [first, second, third] = shareGptRows();
    const marker = 'INVALID-BYTE-HERE';
    const secondWithMarker = {
      ...second,
      conversations: [
        { from: 'human', value: 'fine' },
        { from: 'gpt', value: `bad ${marker} value` },
      ],
    };
    const text = JSON.stringify([first, secondWithMarker, third], null, 2);
    const at = Buffer.from(text, 'utf8').indexOf(marker);
    const bytes = Buffer.concat([Buffer.from(text, 'utf8').subarray(0, at), Buffer.from([0xff]), Buffer.from(text, 'utf8').subarray(at + marker.length)]);
    // Items of the pretty-printed array start with a line "  {"; the second one is the bad item.
    const secondIndex = text.indexOf('\n  {', text.indexOf('\n  {') + 1) + '\n  '.length;
    const secondStart = Buffer.byteLength(text.slice(0, secondIndex), 'utf8');
    const secondLine = text.slice(0, secondIndex).split('\n').length;
    for (const [name, content] of [
      ['array.json', bytes],
      ['array.json.gz', gzipSync(bytes)],
    ] as const) {
      for (const workers of [0, 2]) {
        const dataset = `array-${name}-${workers}`;
        const report = await importFiles({ files: [write(name, content)], dataset, store: datasets, license: 'other', workers });
        assert.equal(report.files[0]?.container, 'json-array');
        assert.equal(report.imported, 2);
        assert.deepEqual(
          report.errors.map((error) => [error.position, error.reason]),
          [[`item 2 (line ${secondLine}, byte ${secondStart})`, 'conversations.1.value: invalid UTF-8']],
        );
        const records = await recordsOf(dataset);
        assert.ok(records.every((record) => record.conversation.every((message) => !message.content.includes('\ufffd'))));
      }
    }
    await assert.rejects(
      importFiles({ files: [write('array.json', bytes)], dataset: 'array-strict', store: datasets, license: 'other', strict: true }),
      (error: unknown) =>
        error instanceof ImportError &&
        error.message === `array.json item 2 (line ${secondLine}, byte ${secondStart}): conversations.1.value: invalid UTF-8 (stopped: --strict)`,
    );
    assert.equal(await datasets.getDataset('array-strict'), null, 'nothing partial is left by --strict');
  });

  test('invalid UTF-8 and unknown roles are bad rows with line and field, in every format; --strict stops on them', async () => {
    const good = JSON.stringify(wildChat1MRow(0));
    const invalid = Buffer.from(JSON.stringify(wildChat1MRow(1)).replace('"content":"', '"content":"\u0000MARK'), 'utf8');
    const at = invalid.indexOf('\u0000MARK');
    const broken = Buffer.concat([invalid.subarray(0, at), Buffer.from([0xff, 0xfe]), invalid.subarray(at + '\u0000MARK'.length)]);
    const martian = JSON.stringify({ ...wildChat1MRow(2), conversation: [{ ...(wildChat1MRow(2).conversation as object[])[0], role: 'martian' }] });
    const file = write('encoding.jsonl', Buffer.concat([Buffer.from(`${good}\n`), broken, Buffer.from(`\n${martian}\n`)]));
    for (const workers of [0, 2]) {
      const report = await importFiles({ files: [file], dataset: `encoding-${workers}`, store: datasets, format: 'wildchat', workers });
      assert.equal(report.imported, 1);
      assert.deepEqual(
        report.errors.map((error) => [error.position, error.reason]),
        [
          ['line 2', 'conversation.0.content: invalid UTF-8'],
          ['line 3', 'conversation.0.role: unknown role (expected user, assistant, system, developer, tool, function)'],
        ],
      );
    }
    const stored = [];
    for await (const batch of datasets.iterateRecords((await datasets.getDataset('encoding-0'))!.id)) stored.push(...batch);
    assert.ok(stored.every((record) => record.conversation.every((message) => !message.content.includes('\ufffd') && message.role !== 'martian')));
    await assert.rejects(
      importFiles({ files: [file], dataset: 'encoding-strict', store: datasets, format: 'wildchat', strict: true }),
      (error: unknown) =>
        error instanceof ImportError && /encoding\.jsonl line 2: conversation\.0\.content: invalid UTF-8 \(stopped: --strict\)/.test(error.message),
    );

    assert.equal(await datasets.getDataset('encoding-strict'), null, 'a dataset --strict created is removed when it stops');

    const share = write(
      'martian-share.jsonl',
      toJsonLines([
        {
          id: 's',
          conversations: [
            { from: 'system', value: 'Be brief.' },
            { from: 'human', value: 'Hi' },
            { from: 'martian', value: 'Ack' },
          ],
        },
      ]),
    );
    const shareReport = await importFiles({ files: [share], dataset: 'martian-share', store: datasets, license: 'other', format: 'sharegpt' });
    assert.equal(shareReport.errors[0]?.reason, 'conversations.2.from: unknown role (expected user, assistant, system, developer, tool, function)');
    const openai = write(
      'martian-openai.jsonl',
      toJsonLines([
        {
          messages: [
            { role: 'user', content: 'Hi' },
            { role: 'martian', content: 'Ack' },
          ],
        },
      ]),
    );
    const openaiReport = await importFiles({ files: [openai], dataset: 'martian-openai', store: datasets, license: 'other', format: 'openai' });
    assert.equal(openaiReport.errors[0]?.reason, 'messages.1.role: unknown role (expected user, assistant, system, developer, tool, function)');
  });

  test('malformed rows are counted with their position and reason; the import goes on; --strict stops', async () => {
    const lines = [
      JSON.stringify(shareGptRows()[0]),
      '{"id": "broken", "conversations": [',
      JSON.stringify({ id: 'x', conversations: [{ from: 'human', value: 42 }] }),
      '',
      JSON.stringify({ id: 'empty', conversations: [] }),
      JSON.stringify(shareGptRows()[1]),
    ];
    const file = write('bad.jsonl', lines.join('\n'));
    const report = await importFiles({ files: [file], dataset: 'bad', store: datasets, license: 'other', format: 'sharegpt' });
    assert.equal(report.imported, 2);
    assert.equal(report.malformed, 3);
    assert.deepEqual(
      report.errors.map((error) => error.position),
      ['line 2', 'line 3', 'line 5'],
    );
    assert.equal(report.errors[0]?.reason, 'not valid JSON');
    assert.match(report.errors[1]?.reason ?? '', /conversations\.0\.value: expected string/);
    assert.match(report.errors[2]?.reason ?? '', /no messages/);
    await assert.rejects(
      importFiles({ files: [file], dataset: 'bad-strict', store: datasets, license: 'other', format: 'sharegpt', strict: true }),
      (error: unknown) => {
        assert.ok(error instanceof ImportError);
        assert.match(error.message, /line 2: not valid JSON/);
        return true;
      },
    );
  });

  test('re-importing the same file adds nothing', async () => {
    const file = write('again.jsonl', toJsonLines([lmsysRow(7), lmsysRow(8)]));
    const first = await importFiles({ files: [file], dataset: 'again', store: datasets, license: 'other' });
    const second = await importFiles({ files: [file], dataset: 'again', store: datasets, license: 'other' });
    assert.equal(first.imported, 2);
    assert.equal(second.imported, 0);
    assert.equal(second.duplicates, 2);
    assert.equal(second.datasetRecords, 2);
  });

  test('worker threads store the same rows, keys and errors as the main thread, and dedup against it', async () => {
    const rows: string[] = [];
    for (let index = 0; index < 1500; index += 1) {
      if (index === 700) rows.push('{"conversation": [');
      else if (index === 1200) rows.push(JSON.stringify({ conversation: [{ role: 'user', content: 7 }] }));
      else rows.push(JSON.stringify(index % 3 === 0 ? wildChat48MRow(index) : index % 3 === 1 ? wildChat1MRow(index) : lmsysRow(index)));
    }
    const file = write('workers.jsonl', rows.join('\n'));
    const stored = (name: string) =>
      sqliteDatabaseOf(store)
        .prepare(
          'SELECT r.id, hex(r.row_key) AS row_key, r.conversation_hash, r.model, r.language, r.timestamp, r.turn, r.record FROM dataset_records r JOIN datasets d ON d.id = r.dataset_id WHERE d.name = ? ORDER BY r.id',
        )
        .all(name)
        .map((row) => ({ ...(row as Record<string, unknown>), id: undefined }));
    const main = await importFiles({ files: [file], dataset: 'on-main', store: datasets, license: 'other', format: 'wildchat', workers: 0 });
    const pooled = await importFiles({ files: [file], dataset: 'in-workers', store: datasets, license: 'other', format: 'wildchat', workers: 2 });
    assert.equal(main.imported, 1498);
    assert.deepEqual({ ...pooled, dataset: 'on-main' }, main);
    assert.deepEqual(
      pooled.errors.map((error) => [error.position, error.reason]),
      [
        ['line 701', 'not valid JSON'],
        ['line 1201', 'conversation.0.content: expected string'],
      ],
    );
    assert.deepEqual(stored('in-workers'), stored('on-main'));
    const again = await importFiles({ files: [file], dataset: 'on-main', store: datasets, license: 'other', format: 'wildchat', workers: 2 });
    assert.equal(again.imported, 0);
    assert.equal(again.duplicates, 1498);
    await assert.rejects(
      importFiles({ files: [file], dataset: 'strict-workers', store: datasets, license: 'other', format: 'wildchat', workers: 2, strict: true }),
      /line 701: not valid JSON/,
    );
    // A dataset the stopped run created is removed, as on the main thread.
    assert.equal(await datasets.getDataset('strict-workers'), null);
  });

  test('a missing file is named in the error', async () => {
    await assert.rejects(
      importFiles({ files: [path.join(directory, 'absent.jsonl')], dataset: 'absent', store: datasets, license: 'other' }),
      /absent\.jsonl: cannot read \(ENOENT\)/,
    );
    assert.equal(await datasets.getDataset('absent'), null, 'a failed import leaves no empty dataset behind');
  });

  test('an undetectable file is refused with a hint', async () => {
    const file = write('unknown.jsonl', toJsonLines([{ text: 'hello' }]));
    await assert.rejects(importFiles({ files: [file], dataset: 'unknown', store: datasets, license: 'other' }), /could not detect the format.*--format/);
  });

  test('Parquet written by another tool (timestamp without zone, float32 scores, LMSYS-style columns) is read as is', async () => {
    const file = path.join(directory, 'foreign.parquet');
    const session = await openDuckDb();
    try {
      await session.connection.run(
        `COPY (SELECT 'abc' || i::VARCHAR AS conversation_id, 'gpt-4' AS model, TIMESTAMP '2025-01-02 03:04:05' + INTERVAL (i) SECOND AS timestamp, ` +
          `[{'content': 'q' || i::VARCHAR, 'role': 'user'}, {'content': 'a', 'role': 'assistant'}] AS conversation, 1::BIGINT AS turn, ` +
          `[{'toxicity': 0.25::FLOAT, 'insult': 0.5::FLOAT}, {'toxicity': NULL::FLOAT, 'insult': NULL::FLOAT}] AS detoxify_moderation ` +
          `FROM range(3) t(i)) TO ${sqlString(file)} (FORMAT parquet)`,
      );
    } finally {
      session.close();
    }
    const report = await importFiles({ files: [file], dataset: 'foreign', store: datasets, license: 'other' });
    assert.equal(report.files[0]?.container, 'parquet');
    assert.equal(report.files[0]?.format, 'wildchat');
    assert.deepEqual(report.errors, []);
    const records = await recordsOf('foreign');
    assert.equal(records.length, 3);
    assert.equal(records[1]?.timestamp, '2025-01-02T03:04:06Z');
    assert.equal(records[1]?.conversation_id, 'abc1');
    assert.deepEqual(records[1]?.detoxify_moderation, [{ toxicity: 0.25, insult: 0.5 }, {}]);
    assert.equal(records[1]?.conversation[0]?.content, 'q1');
  });

  test('Parquet read in row ranges gives the rows, order and bad-row positions that the same rows give as JSONL', async () => {
    // 6,500 rows in groups of 2,048 (DuckDB's smallest): read as rows 1-6,144 and 6,145-6,500.
    const parquet = path.join(directory, 'ranges.parquet');
    const jsonl = path.join(directory, 'ranges.jsonl');
    const rows =
      `SELECT 'c' || i::VARCHAR AS conversation_id, 'gpt-4' AS model, ` +
      `[{'content': 'question ' || i::VARCHAR, 'role': CASE WHEN i IN (3000, 6499) THEN 'narrator' ELSE 'user' END}, ` +
      `{'content': 'answer', 'role': 'assistant'}] AS conversation FROM range(6500) t(i) ORDER BY i`;
    const session = await openDuckDb();
    try {
      await session.connection.run(`COPY (${rows}) TO ${sqlString(parquet)} (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
      await session.connection.run(`COPY (${rows}) TO ${sqlString(jsonl)} (FORMAT json)`);
    } finally {
      session.close();
    }
    const fromParquet = await importFiles({ files: [parquet], dataset: 'ranges-parquet', store: datasets, license: 'other', maxListedErrors: 5 });
    const fromJsonl = await importFiles({ files: [jsonl], dataset: 'ranges-jsonl', store: datasets, license: 'other', maxListedErrors: 5 });
    assert.equal(fromParquet.files[0]?.container, 'parquet');
    assert.equal(fromParquet.files[0]?.rows, 6500);
    assert.equal(fromParquet.imported, 6498);
    assert.deepEqual(
      fromParquet.errors.map((error) => [error.position, error.reason]),
      [
        ['row 3001', 'conversation.0.role: unknown role (expected user, assistant, system, developer, tool, function)'],
        ['row 6500', 'conversation.0.role: unknown role (expected user, assistant, system, developer, tool, function)'],
      ],
    );
    assert.deepEqual(
      fromJsonl.errors.map((error) => [error.position.replace('line', 'row'), error.reason]),
      fromParquet.errors.map((error) => [error.position, error.reason]),
    );
    const parquetRecords = await recordsOf('ranges-parquet', 1000);
    assert.deepEqual(parquetRecords, await recordsOf('ranges-jsonl', 1000));
    // Row 6,144 ends the first read; c3000 was the bad row.
    assert.deepEqual(
      parquetRecords.slice(6141, 6145).map((record) => record.conversation_id),
      ['c6142', 'c6143', 'c6144', 'c6145'],
    );
  });
});
