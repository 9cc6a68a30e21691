/**
 * The durability promise under the harshest stop: kill -9 in the middle of a streaming reply.
 * After a restart the earlier turn is intact and the cut-off turn keeps everything flushed before
 * the kill, marked interrupted.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TurnView } from '../../src/server/responses/turn-view.ts';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import { startUpstreamDouble, type UpstreamDouble } from '../doubles/upstream-double.ts';
import { startCliServer, type CliServer } from './cli-process.ts';
import { authHeaders, readSse, waitFor } from './server-harness.ts';

const SLOW_TEXT = Array.from({ length: 400 }, (_, index) => `w${index} `).join('');
const FLUSH_INTERVAL_MS = 100;

describe('kill -9 mid-stream, then restart (real CLI)', () => {
  let upstream: UpstreamDouble;
  let dataDir: string;
  let server: CliServer | null = null;

  before(async () => {
    upstream = await startUpstreamDouble({ models: ['double-small'] });
    upstream.setReply((request) => {
      const last = request.messages.at(-1)?.content;
      return last === 'write a very long answer' ? { text: SLOW_TEXT, chunkCount: 400, delayMs: 15 } : { text: 'A quick and complete answer.', chunkCount: 3 };
    });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
  });
  after(async () => {
    if (server !== null && server.child.exitCode === null && server.child.signalCode === null) await server.kill();
    await upstream.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const args = (): string[] => [
    '--data-dir',
    dataDir,
    '--upstream-url',
    upstream.baseUrl,
    '--models',
    'double-small',
    '--flush-interval-ms',
    String(FLUSH_INTERVAL_MS),
  ];

  test('the completed turn is intact and the partial reply is kept as interrupted', async () => {
    server = await startCliServer(args());
    const terms = (await (await fetch(`${server.url}/api/terms`)).json()) as { version: string };
    const consent = await fetch(`${server.url}/api/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accepted: true, termsVersion: terms.version }),
    });
    const { token } = (await consent.json()) as { token: string };
    const created = await fetch(`${server.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    const conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;

    const firstEvents = await readSse(
      await fetch(`${server.url}/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: authHeaders(token),
        body: JSON.stringify({ content: 'a short question', parentTurnId: null }),
      }),
    );
    const firstTurn = (JSON.parse(firstEvents.at(-1)?.data ?? '{}') as { turn: TurnView }).turn;
    assert.equal(firstTurn.status, 'complete');

    const response = await fetch(`${server.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ content: 'write a very long answer', parentTurnId: firstTurn.turnIdentifier }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        received += decoder.decode(value, { stream: true });
      }
    })();
    const secondId = await waitFor(() => Number(/"turnIdentifier":(\d+)/.exec(received)?.[1]) || undefined, 'the turn event');

    // Read the live database (WAL allows a reader beside the server) until a flush has landed.
    const reader2 = openSqliteStore({ path: path.join(dataDir, SQLITE_FILE_NAME), readonly: true });
    let flushedBeforeKill = '';
    try {
      flushedBeforeKill = await waitFor(
        async () => {
          const turn = await reader2.getTurn(secondId);
          return turn?.status === 'streaming' && turn.assistantContent.length > 40 ? turn.assistantContent : undefined;
        },
        'a progress flush',
        10_000,
      );
    } finally {
      await reader2.close();
    }
    await server.kill();
    const killedAt = Date.now();
    await pump;
    const deltas = received
      .split('\n\n')
      .filter((block) => block.startsWith('event: delta'))
      .map((block) => (JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { text: string }).text)
      .join('');
    assert.ok(deltas.length < SLOW_TEXT.length, 'the kill cut the reply short');

    // Restart: the new process marks the abandoned turn interrupted.
    const restartedAt = Date.now();
    server = await startCliServer(args());
    const conversation = (await (await fetch(`${server.url}/api/conversations/${conversationId}`, { headers: authHeaders(token) })).json()) as {
      turns: TurnView[];
    };
    const first = conversation.turns.find((turn) => turn.turnIdentifier === firstTurn.turnIdentifier);
    assert.deepEqual(first, firstTurn, 'the completed turn is intact');
    const second = conversation.turns.find((turn) => turn.turnIdentifier === secondId);
    assert.ok(second);
    assert.equal(second.status, 'interrupted');
    assert.equal(second.userContent, 'write a very long answer');
    assert.ok(second.assistantContent.startsWith(flushedBeforeKill), 'everything flushed before the kill is kept');
    assert.ok(deltas.startsWith(second.assistantContent), 'the stored text is what the client saw');
    assert.equal(await server.stop(), 0);
    server = null;

    const store = openStore(dataDir);
    try {
      const stored = await store.getTurn(secondId);
      assert.equal(stored?.status, 'interrupted');
      const completedAt = stored?.completedAt ?? Number.NaN;
      const firstTokenAt = stored?.firstTokenAt ?? Number.NaN;
      // The reply ended at its last flushed token, before the kill, not at the restart.
      assert.ok(completedAt >= firstTokenAt, `completedAt ${completedAt} is not before the first token ${firstTokenAt}`);
      assert.ok(completedAt <= killedAt, `completedAt ${completedAt} is after the kill at ${killedAt}`);
      assert.ok(completedAt < restartedAt);
    } finally {
      await store.close();
    }
  });
});
