import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { TurnRecord } from '../../src/schema/raw-records.ts';
import { startHarness, type Harness } from './server-harness.ts';

describe('OpenAI-compatible API with the official openai client', () => {
  let harness: Harness;
  let client: OpenAI;

  before(async () => {
    harness = await startHarness();
    client = new OpenAI({ apiKey: await harness.consent(), baseURL: `${harness.url}/v1`, maxRetries: 0 });
  });
  after(async () => {
    await harness.close();
  });

  async function turnById(id: string): Promise<TurnRecord> {
    const turnIdentifier = Number(/(\d+)$/.exec(id)?.[1]);
    const turn = await harness.store.getTurn(turnIdentifier);
    assert.ok(turn, `turn ${turnIdentifier} is stored`);
    return turn;
  }

  test('lists the offered models', async () => {
    const models = await client.models.list();
    assert.deepEqual(
      models.data.map((model) => model.id),
      ['double-small', 'double-large'],
    );
  });

  test('three turns (non-stream, stream, non-stream) link into one conversation; a resend branches', async () => {
    const system = { role: 'system' as const, content: 'Answer briefly.' };
    const first = await client.chat.completions.create({
      model: 'double-small',
      messages: [system, { role: 'user', content: 'first question' }],
      temperature: 0.3,
      max_tokens: 50,
      stop: ['\n\n'],
    });
    const firstReply = first.choices[0]?.message.content ?? '';
    assert.equal(firstReply, 'Echo: first question');
    assert.equal(first.object, 'chat.completion');
    assert.equal(first.choices[0]?.finish_reason, 'stop');
    assert.ok(first.usage && first.usage.completion_tokens > 0);
    const firstTurn = await turnById(first.id);
    assert.equal(firstTurn.origin, 'openai');
    assert.equal(firstTurn.parentTurnId, null);
    assert.deepEqual(firstTurn.params, { temperature: 0.3, max_tokens: 50, stop: ['\n\n'] });
    const upstreamBody = harness.upstream.requests.at(-1)?.body as { messages: unknown[]; temperature: number; max_tokens: number };
    assert.deepEqual(upstreamBody.messages, [system, { role: 'user', content: 'first question' }]);
    assert.equal(upstreamBody.temperature, 0.3);

    const history = [system, { role: 'user' as const, content: 'first question' }, { role: 'assistant' as const, content: firstReply }];
    const stream = await client.chat.completions.create({
      model: 'double-small',
      messages: [...history, { role: 'user', content: 'second question' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let secondReply = '';
    let secondId = '';
    let usageSeen = false;
    let finishReason: string | null = null;
    for await (const chunk of stream) {
      secondId = chunk.id;
      secondReply += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      if (chunk.usage) usageSeen = true;
    }
    assert.equal(secondReply, 'Echo: second question');
    assert.equal(finishReason, 'stop');
    assert.ok(usageSeen, 'the usage chunk arrives when asked for');
    const secondTurn = await turnById(secondId);
    assert.equal(secondTurn.parentTurnId, firstTurn.turnIdentifier);
    assert.equal(secondTurn.conversationId, firstTurn.conversationId);
    assert.equal(secondTurn.contextMessages, null);

    const thirdRequest = {
      model: 'double-small',
      messages: [
        ...history,
        { role: 'user' as const, content: 'second question' },
        { role: 'assistant' as const, content: secondReply },
        { role: 'user' as const, content: 'third question' },
      ],
    };
    const third = await client.chat.completions.create(thirdRequest);
    const thirdTurn = await turnById(third.id);
    assert.equal(thirdTurn.parentTurnId, secondTurn.turnIdentifier);
    assert.equal(thirdTurn.conversationId, firstTurn.conversationId);

    const conversation = await harness.store.getConversation(firstTurn.conversationId);
    assert.equal(conversation?.systemPrompt, 'Answer briefly.');
    assert.equal(conversation?.source, 'openai');
    assert.equal(conversation?.title, 'first question', 'titled from the first user message, as on the chat page');

    // Sending the same history again (a client-side regenerate) is a sibling branch, not a new conversation.
    const again = await client.chat.completions.create(thirdRequest);
    const againTurn = await turnById(again.id);
    assert.notEqual(againTurn.turnIdentifier, thirdTurn.turnIdentifier);
    assert.equal(againTurn.parentTurnId, secondTurn.turnIdentifier);
    assert.equal(againTurn.conversationId, firstTurn.conversationId);
    assert.equal((await harness.store.listTurns(firstTurn.conversationId)).length, 4);
  });

  test('history we never stored starts a new conversation and is kept as context', async () => {
    const messages = [
      { role: 'user' as const, content: 'an earlier question' },
      { role: 'assistant' as const, content: 'an answer from somewhere else' },
      { role: 'user' as const, content: 'a follow-up' },
    ];
    const reply = await client.chat.completions.create({ model: 'double-large', messages });
    const turn = await turnById(reply.id);
    assert.equal(turn.parentTurnId, null);
    assert.deepEqual(turn.contextMessages, messages.slice(0, 2));
    assert.equal(turn.userContent, 'a follow-up');
    assert.equal((await harness.store.getConversation(turn.conversationId))?.title, 'an earlier question');
    // The next turn links to it through the stored context.
    const next = await client.chat.completions.create({
      model: 'double-large',
      messages: [...messages, { role: 'assistant', content: reply.choices[0]?.message.content ?? '' }, { role: 'user', content: 'and then?' }],
    });
    const nextTurn = await turnById(next.id);
    assert.equal(nextTurn.parentTurnId, turn.turnIdentifier);
  });

  test('a /v1 conversation is titled with the plain text of its first message, as the sidebar lists it', async () => {
    const reply = await client.chat.completions.create({ model: 'double-small', messages: [{ role: 'user', content: '**Python**: sort a `dict`\nby value' }] });
    const turn = await turnById(reply.id);
    const listed = await fetch(`${harness.url}/api/conversations`, { headers: { authorization: `Bearer ${client.apiKey}` } });
    const { conversations } = (await listed.json()) as { conversations: Array<{ id: string; title: string | null }> };
    assert.equal(conversations.find((conversation) => conversation.id === turn.conversationId)?.title, 'Python: sort a dict');
  });

  test('a conversation begun through /v1 can continue in the web app with its system prompt', async () => {
    const first = await client.chat.completions.create({
      model: 'double-small',
      messages: [
        { role: 'system', content: 'You are a pirate.' },
        { role: 'user', content: 'ahoy' },
      ],
    });
    const firstTurn = await turnById(first.id);
    const response = await fetch(`${harness.url}/api/conversations/${firstTurn.conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'where is the treasure?', parentTurnId: firstTurn.turnIdentifier }),
    });
    assert.equal(response.status, 200);
    await response.text();
    const upstreamBody = harness.upstream.requests.at(-1)?.body as { messages: unknown[] };
    assert.deepEqual(upstreamBody.messages, [
      { role: 'system', content: 'You are a pirate.' },
      { role: 'user', content: 'ahoy' },
      { role: 'assistant', content: 'Echo: ahoy' },
      { role: 'user', content: 'where is the treasure?' },
    ]);
    // And back to /v1: the native turn's path hash links the resent history.
    const third = await client.chat.completions.create({
      model: 'double-small',
      messages: [
        ...(upstreamBody.messages as { role: 'system' | 'user' | 'assistant'; content: string }[]),
        { role: 'assistant', content: 'Echo: where is the treasure?' },
        { role: 'user', content: 'thanks' },
      ],
    });
    const thirdTurn = await turnById(third.id);
    assert.equal(thirdTurn.conversationId, firstTurn.conversationId);
    assert.equal((await harness.store.getTurn(thirdTurn.parentTurnId ?? 0))?.userContent, 'where is the treasure?');
  });

  test('refusals in OpenAI error shape: n>1, unknown model, bad token, non-user last message', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'double-small', messages: [{ role: 'user', content: 'hi' }], n: 2 }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'n',
    );
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-unknown', messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => error instanceof OpenAI.NotFoundError,
    );
    await assert.rejects(
      client.chat.completions.create({ model: 'double-small', messages: [{ role: 'assistant', content: 'hi' }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError,
    );
    const stranger = new OpenAI({ apiKey: 'sk-this-is-not-a-consent-token', baseURL: `${harness.url}/v1`, maxRetries: 0 });
    const requestsBefore = harness.upstream.requests.length;
    await assert.rejects(
      stranger.chat.completions.create({ model: 'double-small', messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => error instanceof OpenAI.AuthenticationError,
    );
    assert.equal(harness.upstream.requests.length, requestsBefore);
  });
});
