/**
 * Tests that catch privacy bugs in what a release lets in (each one kills a mutation that survived
 * the earlier suite): the review window is measured from the last activity, not the creation, and a
 * conversation exactly at the boundary is released (">" not ">="); the withdrawal and the tombstone
 * each drop a conversation on their own; --until is applied; a re-run after the review window moved
 * past a conversation rebuilds instead of reporting "up to date".
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runReleaseCommand } from '../../src/cli/release-command.ts';
import { SILENT_PROGRESS } from '../../src/core/progress-sink.ts';
import { firstFailingFilter, type ConversationFacts, type ReleaseFilterOptions } from '../../src/release/release-filters.ts';
import { collectedRows } from '../../src/jobs/release-sources.ts';
import { filterOptions } from '../../src/release/run-release.ts';
import type { RequestContext } from '../../src/schema/raw-records.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { StoredConversation, Store } from '../../src/store/store.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T00:00:00Z');
const CUTOFF = NOW - 7 * DAY;

const request: RequestContext = { hashedIp: 'ab'.repeat(32), ipKeyId: 'k1', country: null, state: null, userAgent: null, acceptLanguage: null };

async function conversationWithActivity(store: Store, consentId: string, createdAt: number, lastActivityAt: number, text: string): Promise<string> {
  const conversation = await store.createConversation({ consentId, source: 'native', createdAt });
  const turn = await store.insertTurn({
    conversationId: conversation.id,
    consentId,
    parentTurnId: null,
    origin: 'send',
    contextMessages: null,
    userContent: text,
    request,
    modelRequested: 'm',
    params: {},
    receivedAt: lastActivityAt - 1000,
  });
  await store.completeTurn(turn.turnIdentifier, {
    assistantContent: `reply to ${text}`,
    status: 'complete',
    finishReason: 'stop',
    modelReported: 'm',
    upstreamId: null,
    upstreamCreated: null,
    systemFingerprint: null,
    usage: null,
    error: null,
    firstTokenAt: lastActivityAt - 500,
    completedAt: lastActivityAt,
    pathHash: null,
  });
  return conversation.id;
}

const directories: string[] = [];
after(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

async function plantedDataDir(plant: (store: Store, consentId: string) => Promise<void>): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-filters-'));
  directories.push(dataDir);
  const store = openStore(dataDir);
  const consent = await store.createConsent({ tokenHash: 'f'.repeat(64), termsVersion: 'v1', consentedAt: NOW - 90 * DAY, context: request });
  await plant(store, consent.id);
  await store.close();
  return dataDir;
}

async function releasedTexts(dataDir: string, options: Record<string, unknown>, clock?: () => number): Promise<{ texts: string[]; upToDate: boolean }> {
  const out = path.join(dataDir, 'out');
  const result = await runReleaseCommand(
    { out, dataDir, format: 'jsonl', moderation: 'local', workers: '0', variant: 'full', profile: 'wildchat-compatible', ...options },
    { env: {}, progress: SILENT_PROGRESS, stdout: () => undefined, ...(clock === undefined ? {} : { clock }) },
  );
  const folder = path.join(out, 'full', 'data');
  const texts = fs
    .readdirSync(folder)
    .flatMap((file) =>
      fs
        .readFileSync(path.join(folder, file), 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    )
    .map((line) => (JSON.parse(line) as { conversation: { content: string }[] }).conversation[0]?.content ?? '')
    .sort();
  return { texts, upToDate: result.upToDate };
}

describe('release filters that protect users', () => {
  test('review window: last activity decides, and exactly at the boundary is old enough', async () => {
    const dataDir = await plantedDataDir(async (store, consentId) => {
      await conversationWithActivity(store, consentId, NOW - 60 * DAY, NOW - 1 * DAY, 'old but active yesterday');
      await conversationWithActivity(store, consentId, NOW - 60 * DAY, CUTOFF, 'last active exactly at the boundary');
      await conversationWithActivity(store, consentId, NOW - 60 * DAY, CUTOFF + 1, 'last active one millisecond too late');
      await conversationWithActivity(store, consentId, NOW - 30 * DAY, NOW - 20 * DAY, 'quiet for twenty days');
    });
    const { texts } = await releasedTexts(dataDir, { now: new Date(NOW).toISOString(), reviewWindow: '7' });
    assert.deepEqual(texts, ['last active exactly at the boundary', 'quiet for twenty days']);
  });

  test('--until drops conversations created at or after it; --since keeps those at or after it', async () => {
    const until = Date.parse('2026-05-01T00:00:00Z');
    const dataDir = await plantedDataDir(async (store, consentId) => {
      await conversationWithActivity(store, consentId, until - 1, until - 1 + 1000, 'created just before until');
      await conversationWithActivity(store, consentId, until, until + 1000, 'created exactly at until');
      await conversationWithActivity(store, consentId, until + DAY, until + DAY + 1000, 'created after until');
    });
    const { texts } = await releasedTexts(dataDir, { now: new Date(NOW).toISOString(), reviewWindow: '0', until: '2026-05-01T00:00:00Z' });
    assert.deepEqual(texts, ['created just before until']);
    const since = await releasedTexts(dataDir, { now: new Date(NOW).toISOString(), reviewWindow: '0', since: '2026-05-01T00:00:00Z', force: true });
    assert.deepEqual(since.texts, ['created after until', 'created exactly at until']);
  });

  test('a re-run after the review window moved past a conversation rebuilds and releases it', async () => {
    const dataDir = await plantedDataDir(async (store, consentId) => {
      await conversationWithActivity(store, consentId, NOW - 3 * DAY, NOW - 3 * DAY + 1000, 'three days old');
    });
    const first = await releasedTexts(dataDir, { reviewWindow: '7' }, () => NOW);
    assert.deepEqual(first.texts, []);
    // The clock moves a day: the conversation is still in review, so nothing new.
    const same = await releasedTexts(dataDir, { reviewWindow: '7' }, () => NOW + DAY);
    assert.equal(same.upToDate, true);
    // Five days on it has left the window: the release must be rebuilt with it.
    const moved = await releasedTexts(dataDir, { reviewWindow: '7' }, () => NOW + 5 * DAY);
    assert.equal(moved.upToDate, false);
    assert.deepEqual(moved.texts, ['three days old']);
  });
});

describe('firstFailingFilter and the facts it is given', () => {
  const options: ReleaseFilterOptions = { acceptedTermsVersions: null, reviewCutoff: CUTOFF, since: null, until: null };
  const facts = (overrides: Partial<ConversationFacts>): ConversationFacts => ({
    consent: { termsVersion: 'v1', withdrawnAt: null },
    tombstoned: false,
    createdAt: NOW - 60 * DAY,
    lastActivityAt: NOW - 30 * DAY,
    sexualMinors: false,
    toxic: false,
    ...overrides,
  });

  test('a withdrawn consent alone drops the conversation, and so does a tombstone alone', () => {
    assert.equal(firstFailingFilter(facts({}), options, 'collected'), null);
    assert.equal(firstFailingFilter(facts({ consent: { termsVersion: 'v1', withdrawnAt: NOW - 40 * DAY } }), options, 'collected'), 'withdrawn');
    assert.equal(firstFailingFilter(facts({ tombstoned: true }), options, 'collected'), 'withdrawn');
  });

  test('the review window compares the last activity with ">" at the cutoff', () => {
    assert.equal(firstFailingFilter(facts({ createdAt: NOW - 60 * DAY, lastActivityAt: NOW - DAY }), options, 'collected'), 'review_window');
    assert.equal(firstFailingFilter(facts({ createdAt: NOW - DAY, lastActivityAt: CUTOFF }), options, 'collected'), null);
    assert.equal(firstFailingFilter(facts({ lastActivityAt: CUTOFF + 1 }), options, 'collected'), 'review_window');
  });

  test('filterOptions carries --until and --since through', () => {
    const config = { reviewWindowDays: 7, since: '2026-01-01T00:00:00.000Z', until: '2026-05-01T00:00:00.000Z', acceptedTermsVersions: null } as Parameters<
      typeof filterOptions
    >[0];
    const built = filterOptions(config, NOW);
    assert.equal(built.until, Date.parse('2026-05-01T00:00:00Z'));
    assert.equal(built.since, Date.parse('2026-01-01T00:00:00Z'));
    assert.equal(built.reviewCutoff, CUTOFF);
  });

  test('collected rows carry the tombstone, the withdrawal and the last activity of the conversation', () => {
    const turn = {
      turnIdentifier: 7,
      conversationId: 'c1',
      consentId: 's1',
      parentTurnId: null,
      origin: 'send',
      contextMessages: null,
      userContent: 'hi',
      request,
      modelRequested: 'm',
      params: {},
      receivedAt: NOW - 2 * DAY,
      assistantContent: 'hello',
      status: 'complete',
      finishReason: 'stop',
      modelReported: 'm',
      upstreamId: null,
      upstreamCreated: null,
      systemFingerprint: null,
      usage: null,
      error: null,
      firstTokenAt: null,
      completedAt: NOW - 2 * DAY + 5,
      pathHash: null,
    } as unknown as StoredConversation['turns'][number];
    const stored = {
      consent: { id: 's1', tokenHash: 'x', termsVersion: 'v1', consentedAt: NOW - 90 * DAY, context: request, withdrawnAt: NOW - DAY },
      conversation: { id: 'c1', consentId: 's1', title: null, systemPrompt: null, source: 'native', createdAt: NOW - 60 * DAY, updatedAt: NOW - 50 * DAY },
      turns: [turn],
    } as unknown as StoredConversation;
    const [row] = collectedRows(stored, 'kept', new Set(['c1']));
    assert.ok(row);
    assert.equal(row.facts.tombstoned, true);
    assert.equal(row.facts.consent?.withdrawnAt, NOW - DAY);
    assert.equal(row.facts.lastActivityAt, NOW - 2 * DAY + 5);
    assert.equal(row.facts.createdAt, NOW - 60 * DAY);
    const [untouched] = collectedRows({ ...stored, consent: { ...stored.consent, withdrawnAt: null } }, 'kept', new Set());
    assert.equal(untouched?.facts.tombstoned, false);
    assert.equal(untouched?.facts.consent?.withdrawnAt, null);
  });
});
