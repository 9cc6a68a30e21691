import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { releaseSummary } from '../cli/release-command.ts';
import { resolveReleaseConfig } from '../settings/resolve-release-config.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { completedTurn, seedConversation } from '../store/store-contract-fixtures.ts';
import { runReleaseJob } from './release-job.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-turn-status-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

interface Released {
  conversation: { role: string; content: string }[];
  turn: number;
  extra: string | null;
}

function releasedRows(outDir: string): Released[] {
  const folder = path.join(outDir, 'full');
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) => fs.readFileSync(path.join(folder, file), 'utf8').split('\n'))
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Released);
}

/** One conversation whose turns end as given: [status, reply text]. */
async function conversationWith(
  store: Store,
  createdAt: number,
  replies: readonly [status: 'complete' | 'interrupted' | 'upstream_error' | 'stopped', text: string][],
) {
  const { consent, conversation } = await seedConversation(store, createdAt);
  let parentTurnId: number | null = null;
  for (const [index, [status, assistantContent]] of replies.entries()) {
    const at = createdAt + index * 100;
    const turn = await completedTurn(
      store,
      conversation.id,
      consent.id,
      { receivedAt: at + 10, parentTurnId, userContent: `Question ${createdAt} number ${index}` },
      { completedAt: at + 20, status, assistantContent, error: status === 'upstream_error' ? { code: 'upstream_5xx', message: 'upstream failed' } : null },
    );
    parentTurnId = turn.turnIdentifier;
  }
}

async function seed(dataDir: string): Promise<void> {
  const store = openStore(dataDir);
  await conversationWith(store, 1_700_000_001_000, [
    ['complete', 'First answer.'],
    ['interrupted', 'A reply cut by a rest'],
    ['upstream_error', ''],
  ]);
  // Nothing but an upstream error: no turn is left after the policy drops it.
  await conversationWith(store, 1_700_000_002_000, [['upstream_error', '']]);
  // An empty reply that completed normally.
  await conversationWith(store, 1_700_000_003_000, [
    ['complete', 'Fine.'],
    ['complete', ''],
  ]);
  await store.close();
}

test('the default turn status policy drops failed and empty turns, marks interrupted ones and counts them all', async () => {
  const dataDir = path.join(directory, 'default');
  await seed(dataDir);
  const outDir = path.join(dataDir, 'release');
  const config = resolveReleaseConfig({ dataDir, out: outDir, format: 'jsonl', workers: '0', now: '2026-01-01' }, {});
  const result = await runReleaseJob(config);
  const manifest = result.manifest;
  assert.ok(manifest !== null);
  assert.deepEqual(manifest.turn_status, {
    completed: { keep: 2, drop: 0, mark: 0 },
    interrupted: { keep: 0, drop: 0, mark: 1 },
    'upstream-error': { keep: 0, drop: 2, mark: 0 },
    empty: { keep: 0, drop: 1, mark: 0 },
  });
  const step = manifest.variants.full?.filters.find((filter) => filter.name === 'turn_status');
  assert.deepEqual(step && { applies: step.applies, dropped: step.dropped }, { applies: true, dropped: 1 });
  assert.equal(manifest.variants.full?.rows, 2);

  const rows = releasedRows(outDir).sort((a, b) => b.turn - a.turn);
  assert.deepEqual(
    rows.map((row) => row.conversation.map((message) => message.content)),
    [
      ['Question 1700000001000 number 0', 'First answer.', 'Question 1700000001000 number 1', 'A reply cut by a rest'],
      ['Question 1700000003000 number 0', 'Fine.'],
    ],
  );
  assert.deepEqual(
    rows.map((row) => row.turn),
    [2, 1],
  );
  assert.deepEqual(JSON.parse(rows[0]?.extra ?? 'null'), { marked_turns: [{ message_index: 3, status: 'interrupted' }] });
  assert.equal(rows[1]?.extra, null);

  const summary = releaseSummary(manifest, result.statistics, config.variants, outDir).join('\n');
  assert.match(summary, /turn_status 1/);
  assert.match(summary, /turns by how the reply ended: completed 2 kept, interrupted 1 marked, upstream-error 2 dropped, empty 1 dropped/);
  assert.match(fs.readFileSync(path.join(outDir, 'full', 'README.md'), 'utf8'), /interrupted=mark/);
});

test('--turn-status keep releases every turn as collected; a bad policy is a clear setting error', async () => {
  const dataDir = path.join(directory, 'keep');
  await seed(dataDir);
  const outDir = path.join(dataDir, 'release');
  const policy = 'interrupted=keep,upstream-error=keep,empty=keep';
  const result = await runReleaseJob(resolveReleaseConfig({ dataDir, out: outDir, format: 'jsonl', workers: '0', now: '2026-01-01', turnStatus: policy }, {}));
  assert.equal(result.manifest?.variants.full?.rows, 3);
  assert.equal(result.manifest?.turn_status?.['upstream-error'].keep, 2);
  assert.ok(releasedRows(outDir).every((row) => row.extra === null));
  assert.equal(resolveReleaseConfig({ dataDir, out: outDir }, { WILDCHAT_RELEASE_TURN_STATUS: 'empty=drop' }).turnStatus.empty, 'drop');
  assert.throws(() => resolveReleaseConfig({ dataDir, out: outDir, turnStatus: 'failed=drop' }, {}), /--turn-status: unknown turn class "failed"/);
  assert.throws(() => resolveReleaseConfig({ dataDir, out: outDir, turnStatus: 'empty=hide' }, {}), /unknown action "hide"/);
});
