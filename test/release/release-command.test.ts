/**
 * End to end: planted conversations in a real SQLite store -> `wildchat release` (the CLI command
 * function, --moderation local, fixed --now) -> the files on disk, checked against the manifest.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runReleaseCommand, type ReleaseCommandResult } from '../../src/cli/release-command.ts';
import { conversationHash } from '../../src/core/conversation-hash.ts';
import { openDuckDb, sqlString } from '../../src/dataset/duckdb-session.ts';
import { SILENT_PROGRESS } from '../../src/core/progress-sink.ts';
import { releaseRecordSchema, type ReleaseRecord } from '../../src/schema/release-record.ts';
import { ACCEPTED_TERMS, NOW, plantConversations, type PlantedStore } from './planted-store.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
const dataDir = path.join(directory, 'data');
let planted: PlantedStore;
after(() => fs.rmSync(directory, { recursive: true, force: true }));

function release(out: string, extra: Record<string, unknown> = {}): Promise<ReleaseCommandResult> {
  return runReleaseCommand(
    // These tests check the pipeline against the stored ids; the anonymised profile has its own tests (release-privacy.test.ts).
    {
      out,
      dataDir,
      format: 'jsonl',
      moderation: 'local',
      now: NOW,
      since: '2026-09-01',
      acceptedTermsVersions: ACCEPTED_TERMS,
      dedup: 'drop',
      tokenizers: 'o200k_base,llama2',
      workers: '0',
      profile: 'wildchat-compatible',
      ...extra,
    },
    { env: {}, progress: SILENT_PROGRESS, stdout: () => undefined },
  );
}

function readRows(out: string, variant: string): ReleaseRecord[] {
  const dataFolder = path.join(out, variant, 'data');
  return fs
    .readdirSync(dataFolder)
    .sort()
    .flatMap((file) =>
      fs
        .readFileSync(path.join(dataFolder, file), 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    )
    .map((line) => releaseRecordSchema.parse(JSON.parse(line)));
}

function filesOf(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(folder, full), fs.readFileSync(full));
    }
  };
  walk(folder);
  return files;
}

describe('wildchat release on collected conversations', () => {
  let first: ReleaseCommandResult;
  const out = path.join(directory, 'release-1');

  before(async () => {
    planted = await plantConversations(dataDir);
    // Worker threads here, none in the other runs: the outputs must not depend on it.
    first = await release(out, { workers: '2', workersFrom: '0' });
  });

  test('the manifest counts every filter of every variant, in order', () => {
    const manifest = first.manifest;
    assert.ok(manifest !== null);
    const steps = (variant: 'full' | 'non-toxic') => manifest.variants[variant]?.filters.map((step) => [step.name, step.entering, step.leaving]);
    // 12 stored conversations (2 more were deleted before the run and never reach the pipeline).
    assert.deepEqual(steps('full'), [
      ['consent', 12, 11], // the draft terms version is not accepted
      ['withdrawn', 11, 11],
      ['review_window', 11, 10], // two days old at --now
      ['date_range', 10, 9], // created before --since
      ['turn_status', 9, 9], // every planted reply completed
      ['sexual_minors', 9, 8],
      ['duplicates', 8, 6], // the exact and the near copy of the soup conversation
    ]);
    assert.deepEqual(steps('non-toxic'), [
      ['consent', 12, 11],
      ['withdrawn', 11, 11],
      ['review_window', 11, 10],
      ['date_range', 10, 9],
      ['turn_status', 9, 9],
      ['sexual_minors', 9, 8],
      ['toxic', 8, 6], // the jailbreak with a toxic reply, and the insult
      ['duplicates', 6, 4],
    ]);
    assert.equal(manifest.input.conversations, 12);
    assert.equal(manifest.input.deleted_conversations, 2);
    assert.equal(manifest.now, '2026-11-20T00:00:00.000Z');
    assert.match(manifest.config_sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(Object.keys(manifest.stages), ['language', 'moderation', 'detoxify', 'tokens', 'pii-spans', 'jailbreak']);
    assert.equal(manifest.variants.full?.jailbreak_succeeded_rows, 1);
    assert.equal(manifest.variants.full?.users, 2);
  });

  test('the files hold exactly the rows the manifest reports, and non-toxic is a subset of full', () => {
    const full = readRows(out, 'full');
    const nonToxic = readRows(out, 'non-toxic');
    assert.equal(full.length, first.manifest?.variants.full?.rows);
    assert.equal(nonToxic.length, first.manifest?.variants['non-toxic']?.rows);
    assert.equal(full.length, 6);
    assert.equal(nonToxic.length, 4);
    const fullIds = new Set(full.map((row) => row.conversation_id));
    for (const row of nonToxic) {
      assert.ok(fullIds.has(row.conversation_id));
      assert.equal(row.toxic, false);
    }
    const ids = planted.ids;
    assert.deepEqual([...fullIds].sort(), [ids.pii, ids.secret, ids.jailbreak, ids.toxic, ids.duplicate1, ids.plain].sort());
    assert.deepEqual(new Set(nonToxic.map((row) => row.conversation_id)), new Set([ids.pii, ids.secret, ids.duplicate1, ids.plain]));
    assert.equal(first.manifest?.variants.full?.toxic_rows, full.filter((row) => row.toxic).length);
    assert.equal(first.manifest?.variants.full?.redacted_rows, full.filter((row) => row.redacted).length);
  });

  test('PII and secrets are redacted in user and assistant messages with WildChat placeholders', () => {
    const text = [...filesOf(out).values()].map((buffer) => buffer.toString('utf8')).join('\n');
    for (const leaked of [
      'Whitfield',
      'jonathan.whitfield@',
      '415 555 0132',
      'Okonkwo',
      'sk-proj-Ab3dEf6',
      'AKIAQWERTYUIOPASDF12',
      'hunter2',
      'later withdrew',
    ]) {
      assert.ok(!text.includes(leaked), `${leaked} must not appear in the release`);
    }
    const byId = new Map(readRows(out, 'full').map((row) => [row.conversation_id, row]));
    const pii = byId.get(planted.ids.pii) as ReleaseRecord;
    assert.equal(
      pii.conversation[0]?.content,
      'Hello, my name is <PRESIDIO_ANONYMIZED_PERSON>. Please email me at <PRESIDIO_ANONYMIZED_EMAIL_ADDRESS> or call <PRESIDIO_ANONYMIZED_PHONE_NUMBER> about the invoice.',
    );
    assert.equal(
      pii.conversation[1]?.content,
      'Sure. I will draft the reply to <PRESIDIO_ANONYMIZED_EMAIL_ADDRESS>. Best regards, <PRESIDIO_ANONYMIZED_PERSON>',
    );
    assert.deepEqual(
      pii.conversation.map((message) => message.redacted),
      [true, true],
    );
    assert.equal(pii.redacted, true);
    assert.deepEqual(
      pii.annotations?.message_pii_entity_counts.map((counts) => [counts.email_address, counts.phone_number, counts.person]),
      [
        [1, 1, 1],
        [1, 0, 1],
      ],
    );
    // conversation_hash is computed over the redacted text, as WildChat did.
    assert.equal(pii.conversation_hash, conversationHash(pii.conversation));

    const secret = byId.get(planted.ids.secret) as ReleaseRecord;
    assert.match(secret.conversation[0]?.content ?? '', /OPENAI_API_KEY=<TRUFFLEHOG_REDACTED_OPENAI> and it says 401\.$/);
    assert.equal(secret.conversation[1]?.content, 'Never share keys. Your AWS key <TRUFFLEHOG_REDACTED_AWS> is also visible; rotate it.');
    assert.equal(secret.annotations?.pii_entity_counts.secret, 2);

    const plain = byId.get(planted.ids.plain) as ReleaseRecord;
    assert.equal(plain.redacted, false);
    assert.deepEqual(
      plain.conversation.map((message) => message.content),
      ['Translate "good morning" to French.', 'Bonjour.', 'And to Spanish?', 'Buenos días.'],
    );
  });

  test('jailbreak, toxicity, language, tokens, users and duplicates are annotated', () => {
    const byId = new Map(readRows(out, 'full').map((row) => [row.conversation_id, row]));
    const jailbreak = byId.get(planted.ids.jailbreak) as ReleaseRecord;
    assert.equal(jailbreak.annotations?.jailbreak_family, 'dan');
    assert.equal(jailbreak.annotations?.jailbreak_tagged, true);
    assert.equal(jailbreak.annotations?.jailbreak_message_index, 0);
    assert.equal(jailbreak.annotations?.jailbreak_succeeded, true);
    assert.deepEqual(
      jailbreak.conversation.map((message) => message.toxic),
      [false, false, false, true],
    );
    assert.equal(jailbreak.toxic, true);
    assert.equal(jailbreak.annotations?.moderation_source, 'local-lexicon-v3');
    assert.equal(jailbreak.openai_moderation?.[3]?.flagged, true);
    assert.equal(jailbreak.detoxify_moderation, null);

    const toxic = byId.get(planted.ids.toxic) as ReleaseRecord;
    assert.deepEqual(
      toxic.conversation.map((message) => message.toxic),
      [true, false],
    );
    assert.equal(toxic.annotations?.jailbreak_succeeded, false);
    assert.equal(toxic.hashed_ip, 'ip-b');
    assert.equal(toxic.country, 'Canada');

    const plain = byId.get(planted.ids.plain) as ReleaseRecord;
    assert.deepEqual(
      plain.conversation.map((message) => message.language),
      ['English', 'French', 'English', 'Spanish'],
    );
    assert.equal(plain.language, 'English');
    assert.equal(plain.annotations?.language_code_switching, true);
    assert.equal(plain.annotations?.token_encoding, 'o200k_base');
    assert.equal(plain.annotations?.message_tokens.length, 4);
    assert.ok((plain.annotations?.message_tokens ?? []).every((count) => count > 0));
    assert.equal(
      plain.annotations?.conversation_tokens,
      (plain.annotations?.message_tokens ?? []).reduce((sum, count) => sum + count, 0),
    );
    assert.equal(plain.annotations?.message_tokens_llama2?.length, 4);

    const soup = byId.get(planted.ids.duplicate1) as ReleaseRecord;
    assert.equal(soup.annotations?.duplicate_conversation_cluster_size, 3);
    assert.equal(soup.annotations?.duplicate_conversation_exact, false);
    assert.equal(soup.annotations?.duplicate_first_turn_cluster_size, 3);
    assert.equal(plain.annotations?.duplicate_conversation_cluster_size, 1);
  });

  test('each dataset card summarises the manifest', () => {
    const card = fs.readFileSync(path.join(out, 'non-toxic', 'README.md'), 'utf8');
    assert.match(card, /## Release pipeline/);
    assert.match(card, /\| toxic \| yes \| 8 \| 6 \| 2 \|/);
    assert.match(card, /\| duplicates \| yes \| 6 \| 4 \| 2 \|/);
    assert.match(card, /Duplicate policy: drop \(near, conversation\)/);
  });

  test('a second run reads every annotation from the cache and writes byte-identical files', async () => {
    const second = await release(path.join(directory, 'release-2'));
    for (const counters of second.statistics.filter((item) => item.stage !== 'dedup' && item.stage !== 'assemble')) {
      assert.equal(counters.computed, 0, `${counters.stage} computed nothing`);
      assert.ok(counters.cached > 0, `${counters.stage} used the cache`);
    }
    assert.ok(first.statistics.some((counters) => counters.computed > 0));
    const before = filesOf(out);
    const after = filesOf(path.join(directory, 'release-2'));
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    for (const [name, content] of before) assert.ok(content.equals(after.get(name) as Buffer), `${name} differs between runs`);
  });

  test('--language-detector combined annotates languages afresh under its own stage version', async () => {
    const combinedOut = path.join(directory, 'release-combined');
    const combined = await release(combinedOut, { languageDetector: 'combined' });
    const language = combined.statistics.find((counters) => counters.stage === 'language');
    // The stage's cached annotations must not be reused for the other detector.
    assert.ok(language !== undefined && language.computed > 0 && language.cached === 0);
    assert.notEqual(combined.manifest?.stages.language, first.manifest?.stages.language);
    assert.notEqual(combined.manifest?.config_sha256, first.manifest?.config_sha256);
    const plain = readRows(combinedOut, 'full').find((row) => row.conversation_id === planted.ids.plain);
    assert.deepEqual(
      plain?.conversation.map((message) => message.language),
      ['English', 'French', 'English', 'Spanish'],
    );
  });

  test('a re-run with nothing new stops early; a changed config rebuilds', async () => {
    const again = await release(out);
    assert.equal(again.upToDate, true);
    assert.equal(again.manifest, null);
    const rebuilt = await release(out, { dedup: 'keep', variant: 'full' });
    assert.equal(rebuilt.upToDate, false);
    assert.equal(rebuilt.manifest?.variants.full?.rows, 8);
    assert.deepEqual(fs.readdirSync(out).sort(), ['full', 'manifest.json']);
  });

  test('Parquet output reads back through DuckDB with the annotations column', async () => {
    const parquetOut = path.join(directory, 'release-parquet');
    const result = await release(parquetOut, { format: 'parquet', variant: 'full' });
    assert.equal(result.manifest?.variants.full?.rows, 6);
    const session = await openDuckDb();
    try {
      const rows = (
        await session.connection.runAndReadAll(
          `SELECT conversation_id, annotations.jailbreak_family, annotations.jailbreak_succeeded, annotations.pii_entity_counts.secret, toxic ` +
            `FROM read_parquet(${sqlString(path.join(parquetOut, 'full', 'data', '*.parquet'))}) ORDER BY conversation_id`,
        )
      ).getRows();
      assert.equal(rows.length, 6);
      const jailbreak = rows.find((row) => row[0] === planted.ids.jailbreak);
      assert.deepEqual(jailbreak?.slice(1), ['dan', true, 0, true]);
      const secret = rows.find((row) => row[0] === planted.ids.secret);
      assert.deepEqual(secret?.slice(1), [null, false, 2, false]);
    } finally {
      session.close();
    }
  });

  test('bad options are refused with a message', async () => {
    await assert.rejects(release(path.join(directory, 'bad-1'), { dedup: 'sometimes' }), /--dedup: unknown dedup policy/);
    await assert.rejects(release(path.join(directory, 'bad-2'), { now: 'yesterday' }), /--now "yesterday" is not an ISO 8601 date/);
    await assert.rejects(release(path.join(directory, 'bad-3'), { format: 'sharegpt' }), /is an import format/);
    await assert.rejects(release(path.join(directory, 'bad-4'), { dataset: 'missing' }), /no dataset named missing/);
  });
});
