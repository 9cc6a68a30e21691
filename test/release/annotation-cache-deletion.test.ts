/**
 * After DELETE /api/me nothing derived from the deleted text survives in the data folder: the
 * annotation cache never held a plain SHA-256 of any text (keys are HMAC'd with the data folder's
 * secret), and the deleted messages' entries — digests and values such as PII offsets and language —
 * are gone from every byte of every file, WAL included.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runReleaseCommand } from '../../src/cli/release-command.ts';
import { SILENT_PROGRESS } from '../../src/core/progress-sink.ts';
import { storedKeyOfText } from '../../src/pipeline/runner/keyed-annotation-cache.ts';
import { loadOrCreateAnnotationCacheKey } from '../../src/privacy/annotation-cache-key.ts';
import { authHeaders, readSse, startHarness, type Harness } from '../server/server-harness.ts';

const SECRET_TEXT = 'Please write to amelia.quartermaine@example.org or call +44 20 7946 0958 about my visa appeal, reference QX-4471.';

function dataFolderBytes(dataDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dataDir, { recursive: true }) as string[]) {
    const full = path.join(dataDir, entry);
    if (fs.statSync(full).isFile() && !entry.startsWith('releases')) files.set(entry, fs.readFileSync(full));
  }
  return files;
}

function cacheRows(dataDir: string): { key: string; value: string }[] {
  const database = new Database(path.join(dataDir, fs.readdirSync(dataDir).find((name) => name.endsWith('.db') || name.endsWith('.sqlite')) ?? 'wildchat.db'), {
    readonly: true,
  });
  try {
    return database.prepare('SELECT key, value FROM annotation_cache').all() as { key: string; value: string }[];
  } finally {
    database.close();
  }
}

describe('the annotation cache after DELETE /api/me', () => {
  let harness: Harness;
  let token: string;
  let texts: string[];

  before(async () => {
    harness = await startHarness();
    token = await harness.consent({ 'x-forwarded-for': '81.2.69.160' });
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    const conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
    await readSse(
      await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: authHeaders(token),
        body: JSON.stringify({ content: SECRET_TEXT, parentTurnId: null }),
      }),
    );
    const other = await harness.consent({ 'x-forwarded-for': '203.0.113.9' });
    await (
      await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: authHeaders(other),
        body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: 'A different user asks about tide tables in Brittany.' }] }),
      })
    ).json();
    const turns = [];
    for await (const batch of harness.store.iterateConversations())
      for (const stored of batch) if (stored.conversation.id === conversationId) turns.push(...stored.turns);
    texts = turns.flatMap((turn) => [turn.userContent, turn.assistantContent]);
    assert.ok(texts.some((text) => text.includes('amelia')));
    await runReleaseCommand(
      {
        out: path.join(harness.dataDir, 'releases', 'r1'),
        dataDir: harness.dataDir,
        format: 'jsonl',
        moderation: 'local',
        reviewWindow: '0',
        now: '2099-01-01T00:00:00Z',
        workers: '0',
        variant: 'full',
      },
      { env: {}, progress: SILENT_PROGRESS, stdout: () => undefined },
    );
  });
  after(() => harness.close());

  test('the cache holds keyed digests only, never a plain SHA-256 of a text', () => {
    const rows = cacheRows(harness.dataDir);
    assert.ok(rows.length > 0, 'the release filled the cache');
    const { secret } = loadOrCreateAnnotationCacheKey(harness.dataDir);
    const keyed = new Set(texts.map((text) => storedKeyOfText(secret, text)));
    assert.ok(
      rows.some((row) => keyed.has(row.key)),
      'the deleted texts were cached (under keyed digests)',
    );
    for (const [file, bytes] of dataFolderBytes(harness.dataDir)) {
      for (const text of texts)
        assert.equal(bytes.includes(Buffer.from(createHash('sha256').update(text, 'utf8').digest('hex'))), false, `${file} holds a plain SHA-256`);
    }
  });

  test('after deletion no digest, PII offset or other cached value of the deleted texts is in any byte of the data folder', async () => {
    const { secret } = loadOrCreateAnnotationCacheKey(harness.dataDir);
    const keyed = new Set(texts.map((text) => storedKeyOfText(secret, text)));
    const before = cacheRows(harness.dataDir);
    const derivedValues = before.filter((row) => keyed.has(row.key)).map((row) => row.value);
    // Values that say something about the deleted text in particular (offsets, counts), not "en" or "{}".
    const specific = derivedValues.filter((value) => value.length >= 24 && !before.some((row) => !keyed.has(row.key) && row.value === value));
    assert.ok(
      specific.some((value) => /start|offset|\[\d+,\s*\d+\]/.test(value)),
      'PII offsets were cached for the deleted text',
    );
    const othersBefore = before.filter((row) => !keyed.has(row.key)).length;

    const deleted = await fetch(`${harness.url}/api/me`, { method: 'DELETE', headers: authHeaders(token) });
    assert.equal(deleted.status, 200);

    const after = cacheRows(harness.dataDir);
    assert.equal(after.filter((row) => keyed.has(row.key)).length, 0);
    assert.equal(after.length, othersBefore, 'other users’ entries stay');
    const needles = [...keyed, ...texts.map((text) => createHash('sha256').update(text, 'utf8').digest('hex')), ...specific, 'amelia.quartermaine'];
    for (const [file, bytes] of dataFolderBytes(harness.dataDir)) {
      for (const needle of needles) assert.equal(bytes.includes(Buffer.from(needle, 'utf8')), false, `${file} still holds ${needle.slice(0, 20)}…`);
    }
  });
});
