import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashConsentToken } from '../../src/server/requests/consent-token.ts';
import type { TurnView } from '../../src/server/responses/turn-view.ts';
import { completedTurn } from '../../src/store/store-contract-fixtures.ts';
import { authHeaders, readSse, startHarness, waitFor, type Harness, type SseEvent } from './server-harness.ts';

interface ConversationBody {
  conversation: { id: string; title: string | null; turnCount: number; lastModel: string | null };
}

describe('native conversation API', () => {
  let harness: Harness;
  let token: string;
  const clientHeaders = { 'x-forwarded-for': '81.2.69.142', 'user-agent': 'TestBrowser/2.0', 'accept-language': 'fr-FR' };

  before(async () => {
    harness = await startHarness();
    token = await harness.consent(clientHeaders);
  });
  after(async () => {
    await harness.close();
  });

  async function createConversation(title?: string): Promise<string> {
    const response = await fetch(`${harness.url}/api/conversations`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify(title === undefined ? {} : { title }),
    });
    assert.equal(response.status, 201);
    const body = (await response.json()) as ConversationBody;
    assert.equal(body.conversation.turnCount, 0);
    return body.conversation.id;
  }

  function send(conversationId: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
    return fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(token, clientHeaders),
      body: JSON.stringify(body),
      ...(signal === undefined ? {} : { signal }),
    });
  }

  function finalTurn(events: SseEvent[]): TurnView {
    const done = events.find((event) => event.event === 'done');
    assert.ok(done, 'the stream ends with a done event');
    return (JSON.parse(done.data) as { turn: TurnView }).turn;
  }

  test('send streams turn, deltas and done, and stores the turn with every field', async () => {
    harness.upstream.setReply({ text: 'Bonjour, comment puis-je aider ?', chunkCount: 5 });
    const conversationId = await createConversation('Greeting');
    const response = await send(conversationId, { content: 'Salut !', parentTurnId: null, model: 'double-large', params: { temperature: 0.5, top_p: 0.9 } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = await readSse(response);
    assert.equal(events[0]?.event, 'turn');
    const first = (JSON.parse(events[0]?.data ?? '{}') as { turn: TurnView }).turn;
    assert.equal(first.userContent, 'Salut !');
    assert.equal(first.parentTurnId, null);
    const deltas = events.filter((event) => event.event === 'delta').map((event) => (JSON.parse(event.data) as { text: string }).text);
    assert.equal(deltas.join(''), 'Bonjour, comment puis-je aider ?');
    const done = finalTurn(events);
    assert.equal(done.status, 'complete');
    assert.equal(done.assistantContent, 'Bonjour, comment puis-je aider ?');
    assert.equal(done.turnIdentifier, first.turnIdentifier);

    const stored = await harness.store.getTurn(done.turnIdentifier);
    assert.ok(stored);
    assert.equal(stored.conversationId, conversationId);
    assert.equal(stored.origin, 'send');
    assert.equal(stored.userContent, 'Salut !');
    assert.equal(stored.assistantContent, 'Bonjour, comment puis-je aider ?');
    assert.equal(stored.status, 'complete');
    assert.equal(stored.finishReason, 'stop');
    assert.equal(stored.modelRequested, 'double-large');
    assert.equal(stored.modelReported, 'double-large');
    assert.ok(stored.upstreamId);
    assert.ok(stored.usage && typeof stored.usage.completion_tokens === 'number');
    // max_tokens is the server-side default (--max-tokens-default), recorded as it was forwarded.
    assert.deepEqual(stored.params, { temperature: 0.5, top_p: 0.9, max_tokens: 2048 });
    assert.equal(stored.error, null);
    assert.ok(stored.firstTokenAt !== null && stored.firstTokenAt >= stored.receivedAt);
    assert.ok(stored.completedAt !== null && stored.completedAt >= stored.firstTokenAt);
    assert.match(stored.pathHash ?? '', /^[0-9a-f]{64}$/);
    assert.match(stored.request.hashedIp, /^[0-9a-f]{64}$/);
    assert.equal(stored.request.country, 'United Kingdom');
    assert.equal(stored.request.userAgent, 'TestBrowser/2.0');
    assert.equal(stored.request.acceptLanguage, 'fr-FR');

    const upstreamBody = harness.upstream.requests.at(-1)?.body as { model: string; messages: unknown[]; temperature: number };
    assert.equal(upstreamBody.model, 'double-large');
    assert.equal(upstreamBody.temperature, 0.5);
    assert.deepEqual(upstreamBody.messages, [{ role: 'user', content: 'Salut !' }]);
    harness.upstream.setReply(null);
  });

  test('follow-ups send the path as history; regenerate and edit become sibling branches', async () => {
    const conversationId = await createConversation();
    const first = finalTurn(await readSse(await send(conversationId, { content: 'one', parentTurnId: null })));
    const second = finalTurn(await readSse(await send(conversationId, { content: 'two', parentTurnId: first.turnIdentifier })));
    assert.equal(second.parentTurnId, first.turnIdentifier);
    const history = (harness.upstream.requests.at(-1)?.body as { messages: unknown[] }).messages;
    assert.deepEqual(history, [
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'Echo: one' },
      { role: 'user', content: 'two' },
    ]);

    const regenerated = finalTurn(
      await readSse(
        await fetch(`${harness.url}/api/conversations/${conversationId}/turns/${second.turnIdentifier}/regenerate`, {
          method: 'POST',
          headers: authHeaders(token),
          body: '{}',
        }),
      ),
    );
    assert.equal(regenerated.origin, 'regenerate');
    assert.equal(regenerated.parentTurnId, first.turnIdentifier);
    assert.equal(regenerated.userContent, 'two');
    assert.notEqual(regenerated.turnIdentifier, second.turnIdentifier);

    const edited = finalTurn(
      await readSse(await send(conversationId, { content: 'two, edited', parentTurnId: first.turnIdentifier, editOf: second.turnIdentifier })),
    );
    assert.equal(edited.origin, 'edit');
    assert.equal(edited.parentTurnId, first.turnIdentifier);

    const badEdit = await send(conversationId, { content: 'x', parentTurnId: null, editOf: second.turnIdentifier });
    assert.equal(badEdit.status, 400);

    const conversation = (await (await fetch(`${harness.url}/api/conversations/${conversationId}`, { headers: authHeaders(token) })).json()) as {
      conversation: { turnCount: number };
      turns: TurnView[];
    };
    assert.equal(conversation.turns.length, 4);
    assert.equal(conversation.conversation.turnCount, 4);
    const siblings = conversation.turns.filter((turn) => turn.parentTurnId === first.turnIdentifier);
    assert.equal(siblings.length, 3);
    // Nothing was overwritten: the original second turn is intact.
    assert.equal(conversation.turns.find((turn) => turn.turnIdentifier === second.turnIdentifier)?.assistantContent, 'Echo: two');
  });

  test('list, rename and delete (with a tombstone)', async () => {
    const conversationId = await createConversation('Old title');
    finalTurn(await readSse(await send(conversationId, { content: 'to be deleted', parentTurnId: null })));
    const listed = (await (await fetch(`${harness.url}/api/conversations?limit=50`, { headers: authHeaders(token) })).json()) as {
      conversations: { id: string }[];
    };
    assert.equal(listed.conversations[0]?.id, conversationId, 'most recently updated first');

    const renamed = await fetch(`${harness.url}/api/conversations/${conversationId}`, {
      method: 'PATCH',
      headers: authHeaders(token),
      body: JSON.stringify({ title: 'New title' }),
    });
    assert.equal(renamed.status, 200);
    assert.equal(((await renamed.json()) as ConversationBody).conversation.title, 'New title');

    const deleted = await fetch(`${harness.url}/api/conversations/${conversationId}`, { method: 'DELETE', headers: authHeaders(token) });
    assert.equal(deleted.status, 204);
    assert.equal((await fetch(`${harness.url}/api/conversations/${conversationId}`, { headers: authHeaders(token) })).status, 404);
    assert.equal(await harness.store.getConversation(conversationId), null);
    const tombstones = await harness.store.listTombstones();
    assert.ok(tombstones.some((tombstone) => tombstone.conversationId === conversationId && tombstone.reason === 'user_deleted_conversation'));
  });

  test("another consent cannot see, send to or stop someone else's conversation", async () => {
    const conversationId = await createConversation();
    const turn = finalTurn(await readSse(await send(conversationId, { content: 'mine', parentTurnId: null })));
    const otherToken = await harness.consent();
    assert.equal((await fetch(`${harness.url}/api/conversations/${conversationId}`, { headers: authHeaders(otherToken) })).status, 404);
    const otherSend = await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(otherToken),
      body: JSON.stringify({ content: 'theirs', parentTurnId: null }),
    });
    assert.equal(otherSend.status, 404);
    const otherStop = await fetch(`${harness.url}/api/turns/${turn.turnIdentifier}/stop`, { method: 'POST', headers: authHeaders(otherToken) });
    assert.equal(otherStop.status, 404);
  });

  test('stop mid-stream ends the stream as stopped and closes the upstream request', async () => {
    harness.upstream.setReply({ text: 'word '.repeat(200), chunkCount: 200, delayMs: 10 });
    const conversationId = await createConversation();
    const response = await send(conversationId, { content: 'long answer please', parentTurnId: null });
    assert.equal(response.status, 200);
    const outcomeIndex = harness.upstream.streamOutcomes.length - 1;
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let turnIdentifier: number | null = null;
    while (!text.includes('event: delta')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const match = /"turnIdentifier":(\d+)/.exec(text);
      if (match?.[1] !== undefined) turnIdentifier = Number(match[1]);
    }
    assert.ok(turnIdentifier !== null);
    const stop = await fetch(`${harness.url}/api/turns/${turnIdentifier}/stop`, { method: 'POST', headers: authHeaders(token) });
    assert.deepEqual(await stop.json(), { stopped: true });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const done = (JSON.parse(/event: done\ndata: (.*)\n/.exec(text)?.[1] ?? '{}') as { turn: TurnView }).turn;
    assert.equal(done.status, 'stopped');
    assert.ok(done.assistantContent.length > 0 && done.assistantContent.length < 'word '.repeat(200).length);
    const stored = await harness.store.getTurn(turnIdentifier);
    assert.equal(stored?.status, 'stopped');
    assert.equal(stored?.assistantContent, done.assistantContent);
    await waitFor(() => harness.upstream.streamOutcomes[outcomeIndex] === 'client_closed', 'the upstream stream to be closed by us');
    // Stopping a finished turn is not an error.
    const again = await fetch(`${harness.url}/api/turns/${turnIdentifier}/stop`, { method: 'POST', headers: authHeaders(token) });
    assert.deepEqual(await again.json(), { stopped: false });
    harness.upstream.setReply(null);
  });

  test('the partial reply is flushed to the store while streaming; a client disconnect records client_aborted', async () => {
    harness.upstream.setReply({ text: 'slow '.repeat(100), chunkCount: 100, delayMs: 20 });
    const conversationId = await createConversation();
    const controller = new AbortController();
    const response = await send(conversationId, { content: 'stream slowly', parentTurnId: null }, controller.signal);
    const outcomeIndex = harness.upstream.streamOutcomes.length - 1;
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    const turnIdentifier = Number(/"turnIdentifier":(\d+)/.exec(new TextDecoder().decode(value))?.[1]);
    assert.ok(turnIdentifier > 0);
    const flushed = await waitFor(async () => {
      const turn = await harness.store.getTurn(turnIdentifier);
      return turn?.status === 'streaming' && turn.assistantContent.length > 0 ? turn : undefined;
    }, 'a progress flush');
    assert.ok('slow '.repeat(100).startsWith(flushed.assistantContent));
    assert.ok(flushed.firstTokenAt !== null);

    controller.abort();
    const aborted = await waitFor(async () => {
      const turn = await harness.store.getTurn(turnIdentifier);
      return turn?.status === 'client_aborted' ? turn : undefined;
    }, 'the turn to be recorded as client_aborted');
    assert.ok(aborted.assistantContent.length >= flushed.assistantContent.length);
    assert.ok(aborted.completedAt !== null);
    await waitFor(() => harness.upstream.streamOutcomes[outcomeIndex] === 'client_closed', 'the upstream stream to be closed');
    harness.upstream.setReply(null);
  });

  test('refusals before anything is stored: empty, too long, unknown parent, unfinished parent, bad params', async () => {
    const conversationId = await createConversation();
    const turnsBefore = (await harness.store.listTurns(conversationId)).length;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ content: '   \n\t ', parentTurnId: null }, 400, 'empty_message'],
      [{ content: 'x'.repeat(32001), parentTurnId: null }, 413, 'message_too_long'],
      [{ content: 'hi', parentTurnId: 999999 }, 404, 'turn_not_found'],
      [{ content: 'hi', parentTurnId: null, model: 'not-offered' }, 400, 'unknown_model'],
      [{ content: 'hi', parentTurnId: null, params: { temperature: 'hot' } }, 400, 'invalid_request'],
      [{ content: 'hi', parentTurnId: null, params: { logit_bias: {} } }, 400, 'invalid_request'],
      [{ content: 42, parentTurnId: null }, 400, 'invalid_request'],
      [{ content: 'hi' }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const response = await send(conversationId, body);
      assert.equal(response.status, status, JSON.stringify(body).slice(0, 60));
      const error = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(error.error.code, code);
      assert.ok(!error.error.message.includes('hot'));
    }
    assert.equal((await harness.store.listTurns(conversationId)).length, turnsBefore);
    const missing = await send('no-such-conversation', { content: 'hi', parentTurnId: null });
    assert.equal(missing.status, 404);
  });

  test('list, read and rename agree on lastModel: the model requested for the newest turn', async () => {
    const conversationId = await createConversation('models');
    const consent = await harness.store.findConsentByTokenHash(hashConsentToken(token));
    assert.ok(consent !== null);
    // The upstream reported a dated snapshot name; lastModel stays the offered id.
    const turn = await completedTurn(harness.store, conversationId, consent.id, { modelRequested: 'double-large', receivedAt: Date.now() });
    assert.notEqual(turn.modelReported, turn.modelRequested);
    const listed = (await (await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(token) })).json()) as {
      conversations: ConversationBody['conversation'][];
    };
    const read = (await (await fetch(`${harness.url}/api/conversations/${conversationId}`, { headers: authHeaders(token) })).json()) as ConversationBody;
    const renamed = (await (
      await fetch(`${harness.url}/api/conversations/${conversationId}`, {
        method: 'PATCH',
        headers: authHeaders(token),
        body: JSON.stringify({ title: 'renamed' }),
      })
    ).json()) as ConversationBody;
    assert.equal(listed.conversations.find((entry) => entry.id === conversationId)?.lastModel, 'double-large');
    assert.equal(read.conversation.lastModel, 'double-large');
    assert.equal(renamed.conversation.lastModel, 'double-large');
  });
});
