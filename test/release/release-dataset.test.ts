/**
 * `wildchat release --dataset NAME`: the same stages over an imported WildChat-format dataset.
 * Consent, withdrawal and review-window filters do not apply there, and the manifest says so.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runReleaseCommand, type ReleaseCommandResult } from '../../src/cli/release-command.ts';
import { wildChat1MRow, toJsonLines } from '../../src/dataset/dataset-test-fixtures.ts';
import { importFiles } from '../../src/dataset/import/import-files.ts';
import { SILENT_PROGRESS } from '../../src/core/progress-sink.ts';
import { releaseRecordSchema, type ReleaseRecord } from '../../src/schema/release-record.ts';
import { openStore } from '../../src/store/open-store.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
const dataDir = path.join(directory, 'data');
after(() => fs.rmSync(directory, { recursive: true, force: true }));

type Row = ReturnType<typeof wildChat1MRow> & { conversation: { content: string }[] };

function withContents(index: number, user: string, assistant: string): Row {
  const row = wildChat1MRow(index) as Row;
  row.conversation = row.conversation.slice(0, 2);
  (row.conversation[0] as { content: string }).content = user;
  (row.conversation[1] as { content: string }).content = assistant;
  row.turn = 1;
  row.openai_moderation = (row.openai_moderation as unknown[]).slice(0, 2);
  row.detoxify_moderation = (row.detoxify_moderation as unknown[]).slice(0, 2);
  return row;
}

function release(out: string, extra: Record<string, unknown> = {}): Promise<ReleaseCommandResult> {
  return runReleaseCommand(
    { out, dataDir, dataset: 'wildchat-sample', format: 'jsonl', moderation: 'local', dedup: 'drop', dedupLevel: 'exact', workers: '0', ...extra },
    { env: {}, progress: SILENT_PROGRESS, stdout: () => undefined },
  );
}

function readRows(out: string, variant: string): ReleaseRecord[] {
  const folder = path.join(out, variant, 'data');
  return fs
    .readdirSync(folder)
    .flatMap((file) =>
      fs
        .readFileSync(path.join(folder, file), 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    )
    .map((line) => releaseRecordSchema.parse(JSON.parse(line)));
}

describe('wildchat release on an imported dataset', () => {
  before(async () => {
    const rows = [
      withContents(0, 'Please forward this to my colleague, email: priya.raman@protonmail.com, before Friday.', 'I will forward it.'),
      withContents(1, 'shut up you worthless piece of shit', 'I am sorry you feel that way.'),
      withContents(2, 'What is the boiling point of water at sea level?', 'It is 100 degrees Celsius.'),
      withContents(3, 'What is the boiling point of water at sea level?', 'It is 100 degrees Celsius.'),
    ];
    const file = path.join(directory, 'sample.jsonl');
    fs.writeFileSync(file, toJsonLines(rows));
    const store = openStore(dataDir);
    try {
      const report = await importFiles({ files: [file], dataset: 'wildchat-sample', format: 'wildchat', store: store.datasets });
      assert.equal(report.imported, 4);
    } finally {
      await store.close();
    }
  });

  test('consent filters do not apply, the others count exactly, and our annotations replace the source ones', async () => {
    const out = path.join(directory, 'release-local');
    const result = await release(out);
    const manifest = result.manifest;
    assert.ok(manifest !== null);
    assert.equal(manifest.input.kind, 'imported');
    assert.equal(manifest.input.source, 'dataset:wildchat-sample');
    assert.equal(manifest.input.deleted_conversations, null);
    assert.deepEqual(
      manifest.filters.map((filter) => [filter.name, filter.applies]),
      [
        ['consent', false],
        ['withdrawn', false],
        ['review_window', false],
        ['date_range', true],
        ['turn_status', false], // turn statuses exist only in collected logs
        ['sexual_minors', true],
        ['duplicates', true],
        ['toxic', true],
      ],
    );
    assert.deepEqual(
      manifest.variants.full?.filters.map((step) => [step.name, step.applies, step.entering, step.leaving]),
      [
        ['consent', false, 4, 4],
        ['withdrawn', false, 4, 4],
        ['review_window', false, 4, 4],
        ['date_range', true, 4, 4],
        ['turn_status', false, 4, 4],
        ['sexual_minors', true, 4, 4],
        ['duplicates', true, 4, 3],
      ],
    );
    assert.deepEqual(
      manifest.variants['non-toxic']?.filters.slice(-2).map((step) => [step.name, step.entering, step.leaving]),
      [
        ['toxic', 4, 3],
        ['duplicates', 3, 2],
      ],
    );

    const full = readRows(out, 'full');
    assert.equal(full.length, 3);
    const [email, insult, water] = full as [ReleaseRecord, ReleaseRecord, ReleaseRecord];
    assert.equal(email.conversation[0]?.content, 'Please forward this to my colleague, email: <PRESIDIO_ANONYMIZED_EMAIL_ADDRESS>, before Friday.');
    assert.equal(email.redacted, true);
    // The source flagged row 0 (violence); local moderation does not, and it is what the release uses.
    assert.equal(email.toxic, false);
    assert.equal(email.annotations?.moderation_source, 'local-lexicon-v3');
    assert.equal(insult.toxic, true);
    assert.equal(water.annotations?.duplicate_conversation_cluster_size, 2);
    // Fields the source brought and no stage changes are kept.
    assert.equal(water.hashed_ip, 'ab'.repeat(32));
    assert.equal(water.state, 'Stockholm');
    assert.equal(water.model, 'gpt-4-0314');
    assert.equal(water.source, 'wildchat');
    assert.deepEqual(
      readRows(out, 'non-toxic').map((row) => row.conversation[0]?.content),
      [email.conversation[0]?.content, water.conversation[0]?.content],
    );
  });

  test('with --moderation none the source moderation and its toxic flags are kept', async () => {
    const out = path.join(directory, 'release-none');
    const result = await release(out, { moderation: 'none', variant: 'full' });
    const full = readRows(out, 'full');
    // wildChat1MRow flags rows 0 and 3 (violence) in its openai_moderation.
    assert.deepEqual(
      full.map((row) => row.toxic),
      [true, false, false],
    );
    assert.equal(full[0]?.openai_moderation?.[1]?.flagged, true);
    assert.equal(full[0]?.annotations?.moderation_source, 'wildchat');
    assert.equal(result.manifest?.variants.full?.toxic_rows, 1);
  });
});
