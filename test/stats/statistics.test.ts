import { after, before, describe, test } from 'node:test';
import { loadStatsTokenCounter } from '../../src/jobs/stats-job.ts';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatasetStatistics } from '../../src/analytics/dataset-statistics.ts';
import type { Measure } from '../../src/analytics/measure.ts';
import { formatMeasure } from '../../src/analytics/format-stats.ts';
import { openStatsSource, statsFilesForPath } from '../../src/dataset/analytics-source.ts';
import { computeStatistics, type StatisticsOptions } from '../../src/dataset/analytics-statistics.ts';
import { openDuckDb, sqlString } from '../../src/dataset/duckdb-session.ts';
import { countOpenAITokens } from '../../src/pipeline/tokens/token-counter.ts';
import type { ReleaseRecord } from '../../src/schema/release-record.ts';
import { fixtureRecords, referenceStats, writeRecords } from './stats-fixtures.ts';

function value(measure: Measure | undefined): number {
  assert.ok(measure !== undefined && measure.value !== null, `expected a value, got ${JSON.stringify(measure)}`);
  return measure.value;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);
}

async function statsOf(folder: string, options: Partial<StatisticsOptions> = {}): Promise<DatasetStatistics> {
  const source = await openStatsSource(statsFilesForPath(folder), { threads: 2 });
  try {
    return await computeStatistics(source, { groupBy: null, k: 3, tokenizer: 'auto', loadCounter: loadStatsTokenCounter, ...options });
  } finally {
    source.close();
  }
}

describe('wildchat stats: every statistic against a TypeScript reference', () => {
  let root: string;
  let records: ReleaseRecord[];
  let parquet: string;
  let jsonl: string;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-test-'));
    records = fixtureRecords(240);
    parquet = await writeRecords(records, path.join(root, 'parquet-release'), 'parquet', 100);
    jsonl = await writeRecords(records, path.join(root, 'jsonl-release'), 'jsonl', 100);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('Table 1, distributions and safety from Parquet shards match the reference', async () => {
    const reference = referenceStats(records);
    const stats = await statsOf(parquet);
    const [column] = stats.tableOne;
    assert.ok(column);
    assert.equal(stats.tokenizer.name, 'llama2');
    assert.equal(stats.tokenizer.origin, 'dataset');
    assert.equal(value(column.row.conversations), reference.conversations);
    assert.equal(value(column.row.users), reference.users);
    close(value(column.row.meanTurns), reference.meanTurns, 'mean turns');
    close(value(column.row.userTokensPerTurn), reference.user.mean, 'user tokens mean');
    close(column.row.userTokensPerTurn.value === null ? NaN : (column.row.userTokensPerTurn.std ?? NaN), reference.user.std, 'user tokens std');
    close(value(column.row.assistantTokensPerTurn), reference.assistant.mean, 'assistant tokens mean');
    assert.equal(value(column.row.languages), reference.languages);
    close(value(stats.safety.userMessages.toxic), reference.userToxicShare, 'user toxic share');
    close(value(stats.safety.assistantMessages.toxic), reference.assistantToxicShare, 'assistant toxic share');
    close(value(stats.distributions.turns.multiTurnShare), reference.multiTurnShare, 'multi-turn share');
    close(value(stats.distributions.turns.overTenTurnsShare), reference.overTenShare, '>10 turns share');
    close(value(stats.safety.redactedShare), reference.redactedShare, 'redacted share');
    close(value(stats.safety.duplicateShare), reference.duplicateShare, 'duplicate share');
    assert.deepEqual(new Map((stats.distributions.models.items ?? []).map((item) => [item.value, item.count])), reference.models);
    assert.deepEqual(new Map((stats.distributions.usStates.items ?? []).map((item) => [item.value, item.count])), reference.usStates);
    const families = new Map(
      (stats.safety.jailbreaks.items ?? []).map((item) => [
        item.family,
        { occurrences: item.occurrences, users: value(item.users), succeeded: Math.round(value(item.successRate) * item.occurrences) },
      ]),
    );
    assert.deepEqual(families, reference.jailbreaks);
    assert.equal(
      stats.distributions.messageLengths.reduce((sum, bin) => sum + bin.user + bin.assistant, 0),
      records.reduce((sum, record) => sum + record.conversation.length, 0),
    );
    assert.ok(stats.safety.categories.items !== null && stats.safety.categories.items.length > 0);
    assert.ok(
      stats.safety.categories.items.every(
        (item) => !item.category.includes('_') || !stats.safety.categories.items?.some((other) => other.category === item.category.replace('_', '/')),
      ),
      'one spelling per category',
    );
    // Per-category counts of flagged messages, by role, straight from the records.
    const expectedCategories = new Map<string, { user: number; assistant: number }>();
    for (const record of records) {
      record.conversation.forEach((message, index) => {
        for (const [category, flagged] of Object.entries(record.openai_moderation?.[index]?.categories ?? {})) {
          const counts = expectedCategories.get(category) ?? { user: 0, assistant: 0 };
          if (flagged && message.role === 'user') counts.user += 1;
          if (flagged && message.role === 'assistant') counts.assistant += 1;
          expectedCategories.set(category, counts);
        }
      });
    }
    assert.ok(
      [...expectedCategories.values()].some((counts) => counts.user > 0 && counts.assistant > 0),
      'the fixture flags both roles',
    );
    for (const item of stats.safety.categories.items) {
      assert.deepEqual(
        { user: item.userMessages, assistant: item.assistantMessages },
        expectedCategories.get(item.category) ?? { user: 0, assistant: 0 },
        item.category,
      );
    }
  });

  test('the privacy gate shows a repeated prompt only when k distinct users sent it', async () => {
    const reference = referenceStats(records);
    for (const k of [1, 3, 10, 1000]) {
      const stats = await statsOf(parquet, { k });
      const shown = new Map((stats.safety.repeatedPrompts.items ?? []).map((item) => [item.prompt, item.users]));
      for (const [prompt, users] of shown) {
        assert.ok(users >= k, `${users} users < k = ${k}`);
        assert.equal(users, reference.promptUsers.get(prompt)?.size);
      }
      const expected = [...reference.promptUsers].filter(([, users]) => users.size >= k).length;
      assert.equal(shown.size, Math.min(expected, 25), `k = ${k}`);
    }
  });

  test('JSONL shards give the same figures as Parquet', async () => {
    const fromParquet = await statsOf(parquet);
    const fromJsonl = await statsOf(jsonl);
    // Same figures up to summation order (parallel scans add floats in another order).
    const rounded = (stats: DatasetStatistics): string[] =>
      stats.tableOne.flatMap((column) => Object.values(column.row).map((measure: Measure) => formatMeasure(measure, 6)));
    assert.deepEqual(rounded(fromJsonl), rounded(fromParquet));
    assert.deepEqual(fromJsonl.safety.userMessages, fromParquet.safety.userMessages);
    assert.deepEqual(fromJsonl.distributions.countries, fromParquet.distributions.countries);
  });

  test('tokens counted here (o200k_base) equal a direct count of every message', async () => {
    const sample = records.slice(0, 40);
    const folder = await writeRecords(
      sample.map((record) => ({ ...record, annotations: null })),
      path.join(root, 'unannotated'),
    );
    const stats = await statsOf(folder, { tokenizer: 'o200k_base' });
    const reference = referenceStats(sample, (record, index) => countOpenAITokens(record.conversation[index]?.content ?? ''));
    assert.equal(stats.tokenizer.origin, 'counted');
    assert.equal(stats.tokenizer.name, 'o200k_base');
    const [column] = stats.tableOne;
    close(value(column?.row.userTokensPerTurn), reference.user.mean, 'user mean');
    close(value(column?.row.assistantTokensPerTurn), reference.assistant.mean, 'assistant mean');
    const none = await statsOf(folder, { tokenizer: 'dataset' });
    assert.equal(none.tableOne[0]?.row.userTokensPerTurn.value, null);
    assert.match((none.tableOne[0]?.row.userTokensPerTurn as { reason: string }).reason, /carries no token counts/);
    // Unannotated rows: no jailbreak or PII figures, and they say why instead of printing 0.
    assert.equal(none.safety.jailbreaks.items, null);
    assert.match(none.safety.jailbreaks.reason ?? '', /wildchat release/);
  });

  test('--by model gives one column per model with the reference counts', async () => {
    const stats = await statsOf(parquet, { groupBy: 'model' });
    const reference = referenceStats(records);
    const counts = new Map(stats.tableOne.map((column) => [column.group, value(column.row.conversations)]));
    assert.deepEqual(counts, reference.models);
    for (const column of stats.tableOne) {
      const group = records.filter((record) => record.model === column.group);
      assert.equal(value(column.row.users), referenceStats(group).users, `users of ${column.group}`);
      close(value(column.row.userTokensPerTurn), referenceStats(group).user.mean, `tokens of ${column.group}`);
    }
  });

  test('an LMSYS-Chat-1M-shaped shard: users, countries and dates are "–" with a reason, never 0', async () => {
    const folder = path.join(root, 'lmsys', 'data');
    fs.mkdirSync(folder, { recursive: true });
    const rows = records.slice(0, 30).map((record, index) => ({
      conversation_id: `id-${index}`,
      model: record.model,
      conversation: record.conversation.map((message) => ({ content: message.content, role: message.role })),
      turn: record.turn,
      language: record.language,
      openai_moderation: record.conversation.map(() => ({
        categories: { harassment: index % 3 === 0, sexual: false },
        category_scores: { harassment: 0.5, sexual: 0.1 },
        flagged: index % 3 === 0,
      })),
      redacted: false,
    }));
    const jsonFile = path.join(root, 'lmsys.jsonl');
    fs.writeFileSync(jsonFile, rows.map((row) => JSON.stringify(row)).join('\n'));
    const session = await openDuckDb();
    await session.connection.run(
      `COPY (SELECT * FROM read_json(${sqlString(jsonFile)}, format = 'newline_delimited')) TO ${sqlString(path.join(folder, 'train-00000-of-00001.parquet'))} (FORMAT parquet)`,
    );
    session.close();
    const stats = await statsOf(path.join(root, 'lmsys'), { tokenizer: 'none' });
    const row = stats.tableOne[0]?.row;
    assert.equal(value(row?.conversations), 30);
    assert.equal(row?.users.value, null);
    assert.match((row?.users as { reason: string }).reason, /hashed_ip/);
    assert.equal(stats.distributions.countries.items, null);
    assert.equal(stats.distributions.activityByWeek.items, null);
    assert.equal(stats.safety.userMessages.toxic.value, null);
    const flagged = rows
      .filter((candidate, index) => index % 3 === 0)
      .reduce((sum, candidate) => sum + candidate.conversation.filter((message) => message.role === 'user').length, 0);
    const userMessages = rows.reduce((sum, candidate) => sum + candidate.conversation.filter((message) => message.role === 'user').length, 0);
    close(value(stats.safety.userMessages.moderationFlagged), flagged / userMessages, 'moderation flagged share');
    assert.equal(stats.safety.repeatedPrompts.items, null, 'no users: no prompt may be shown');
  });
});
