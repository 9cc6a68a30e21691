/**
 * The per-stage summary `wildchat release` prints counts each message once (pass 1; pass 2 only
 * reads back what pass 1 stored) and shows a stage that is off as off.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runReleaseCommand } from '../../src/cli/release-command.ts';
import { SILENT_PROGRESS } from '../../src/core/progress-sink.ts';
import { openStore } from '../../src/store/open-store.ts';
import { completedTurn, seedConversation } from '../../src/store/store-contract-fixtures.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-summary-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

test('a fresh 4-message release: every stage saw 4 messages, computed 4, cached 0; detoxify is off', async () => {
  const dataDir = path.join(directory, 'data');
  const store = openStore(dataDir);
  try {
    const { consent, conversation } = await seedConversation(store);
    const first = await completedTurn(
      store,
      conversation.id,
      consent.id,
      { userContent: 'What is the capital of Australia?' },
      { assistantContent: 'The capital of Australia is Canberra.' },
    );
    await completedTurn(
      store,
      conversation.id,
      consent.id,
      { parentTurnId: first.turnIdentifier, userContent: 'And of New Zealand?' },
      { assistantContent: 'Wellington is the capital of New Zealand.' },
    );
  } finally {
    await store.close();
  }
  const printed: string[] = [];
  const run = () =>
    runReleaseCommand(
      { out: path.join(directory, 'release'), dataDir, format: 'jsonl', moderation: 'local', now: '2030-01-01', workers: '0' },
      { env: {}, progress: SILENT_PROGRESS, stdout: (text) => printed.push(text) },
    );
  const result = await run();
  const lines = printed.join('').split('\n');
  for (const stage of ['language', 'moderation', 'tokens', 'pii-spans']) {
    assert.ok(
      lines.some((line) => line.startsWith(`  ${stage}: 4 messages, 4 computed, 0 cached,`)),
      `${stage} line in:\n${lines.join('\n')}`,
    );
  }
  assert.ok(
    lines.some((line) => line.startsWith('  jailbreak: 2 messages, 2 computed, 0 cached,')),
    'jailbreak reads the two user messages',
  );
  assert.ok(lines.includes('  detoxify: off'));
  const language = result.statistics.find((counters) => counters.stage === 'language');
  assert.deepEqual([language?.messages, language?.computed, language?.cached], [4, 4, 0]);

  printed.length = 0;
  await runReleaseCommand(
    { out: path.join(directory, 'release'), dataDir, format: 'jsonl', moderation: 'local', now: '2030-01-01', workers: '0', force: true },
    { env: {}, progress: SILENT_PROGRESS, stdout: (text) => printed.push(text) },
  );
  assert.ok(printed.join('').includes('  language: 4 messages, 0 computed, 4 cached,'), 'a re-run finds the same 4 in the cache');
});
