import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsentRecord, ConversationRecord, TurnRecord } from '../schema/raw-records.ts';
import { releaseRecordSchema } from '../schema/release-record.ts';
import { mostFrequent } from '../core/most-frequent.ts';
import { collectedConversationToRecords, turnPaths } from './collected-to-release.ts';
import { conversationHash } from '../core/conversation-hash.ts';

const consent: ConsentRecord = {
  id: 'consent-1',
  tokenHash: 'hash',
  termsVersion: 'terms-v2',
  consentedAt: 1_700_000_000_000,
  context: { hashedIp: 'ip-a', ipKeyId: 'k1', country: 'France', state: 'Île-de-France', userAgent: 'UA', acceptLanguage: 'fr' },
  withdrawnAt: null,
};
const conversation: ConversationRecord = {
  id: 'conv-1',
  consentId: 'consent-1',
  title: 'secret title',
  systemPrompt: 'Be nice.',
  source: 'openai',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
};

function turn(turnIdentifier: number, parentTurnId: number | null, overrides: Partial<TurnRecord> = {}): TurnRecord {
  return {
    turnIdentifier,
    conversationId: 'conv-1',
    consentId: 'consent-1',
    parentTurnId,
    origin: 'send',
    contextMessages: null,
    userContent: `question ${turnIdentifier}`,
    assistantContent: `answer ${turnIdentifier}`,
    request: { hashedIp: 'ip-a', ipKeyId: 'k1', country: 'France', state: 'Île-de-France', userAgent: 'UA', acceptLanguage: 'fr' },
    modelRequested: 'gpt-4o-mini',
    modelReported: 'gpt-4o-mini-2024-07-18',
    params: { temperature: 0.5 },
    upstreamId: `chatcmpl-${turnIdentifier}`,
    upstreamCreated: 1_700_000_000 + turnIdentifier,
    systemFingerprint: null,
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    finishReason: 'stop',
    status: 'complete',
    error: null,
    receivedAt: 1_700_000_000_000 + turnIdentifier * 1000,
    firstTokenAt: null,
    completedAt: 1_700_000_000_500 + turnIdentifier * 1000,
    pathHash: null,
    ...overrides,
  };
}

describe('collected conversation -> release records', () => {
  test('a tree becomes one row per root-to-leaf path; every turn appears; the latest leaf is kept', () => {
    // 1 -> 2 -> 4, 1 -> 3 (an edit of turn 2, sent later than 2 but before 4)
    const turns = [turn(1, null), turn(2, 1), turn(3, 1, { origin: 'edit', receivedAt: 1_700_000_002_500 }), turn(4, 2)];
    const result = collectedConversationToRecords({ conversation, consent, turns });
    assert.equal(result.records.length, 2);
    // Ordered by leaf turn identifier: the path ending at 3 comes first.
    const [viaThree, viaTwo] = result.records;
    assert.deepEqual(
      viaTwo?.conversation.map((message) => message.turn_identifier),
      [1, 1, 2, 2, 4, 4],
    );
    assert.deepEqual(
      viaThree?.conversation.map((message) => message.turn_identifier),
      [1, 1, 3, 3],
    );
    assert.deepEqual(viaTwo?.branch, { index: 1, count: 2, kept: true, shared_messages: 6, leaf_turn_identifier: 4 });
    assert.deepEqual(viaThree?.branch, { index: 0, count: 2, kept: false, shared_messages: 2, leaf_turn_identifier: 3 });
    const covered = new Set(result.records.flatMap((record) => record.conversation.map((message) => message.turn_identifier)));
    assert.deepEqual([...covered].sort(), [1, 2, 3, 4]);
    for (const record of result.records) releaseRecordSchema.parse(record);
  });

  test('WildChat conventions: network fields on user messages, completion time on assistant ones', () => {
    const second = turn(2, 1, { request: { hashedIp: 'ip-b', ipKeyId: 'k1', country: 'Germany', state: 'Berlin', userAgent: 'UA2', acceptLanguage: 'de' } });
    const third = turn(3, 2, {
      request: { hashedIp: 'ip-b', ipKeyId: 'k1', country: 'Germany', state: 'Berlin', userAgent: 'UA2', acceptLanguage: 'de' },
      usage: null,
      status: 'stopped',
      finishReason: null,
    });
    const [record] = collectedConversationToRecords({ conversation, consent, turns: [turn(1, null), second, third] }).records;
    assert.ok(record);
    const [user, assistant] = record.conversation;
    assert.deepEqual(
      [user?.role, user?.hashed_ip, user?.country, user?.timestamp, user?.header],
      ['user', 'ip-a', 'France', null, { 'accept-language': 'fr', 'user-agent': 'UA' }],
    );
    assert.deepEqual([assistant?.role, assistant?.hashed_ip, assistant?.header, assistant?.timestamp], ['assistant', null, null, '2023-11-14T22:13:21.5Z']);
    // Conversation level: the most frequent values over user turns; timestamp of the last completion.
    assert.equal(record.hashed_ip, 'ip-b');
    assert.equal(record.country, 'Germany');
    assert.deepEqual(record.header, { 'accept-language': 'de', 'user-agent': 'UA2' });
    assert.equal(record.timestamp, '2023-11-14T22:13:23.5Z');
    assert.equal(record.model, 'gpt-4o-mini-2024-07-18');
    assert.equal(record.turn, 3);
    assert.equal(record.system_prompt, 'Be nice.');
    assert.equal(record.consent_terms_version, 'terms-v2');
    assert.equal(record.source, 'collected');
    assert.equal(record.language, null);
    assert.equal(record.openai_moderation, null);
    assert.equal(record.turn_details?.[5]?.status, 'stopped');
    assert.equal(record.turn_details?.[1]?.total_tokens, 15);
    assert.equal(record.turn_details?.[5]?.total_tokens, null);
    assert.equal(record.conversation_hash, conversationHash(record.conversation));
    assert.ok(!JSON.stringify(record).includes('secret title'), 'titles are not released');
  });

  test('context messages, in-flight turns and withdrawn consents', () => {
    const first = turn(1, null, {
      contextMessages: [
        { role: 'system', content: 'old system' },
        { role: 'user', content: 'earlier' },
        { role: 'assistant', content: 'earlier reply' },
      ],
    });
    const pending = turn(2, 1, { status: 'pending', assistantContent: '', completedAt: null });
    const result = collectedConversationToRecords({ conversation, consent, turns: [first, pending] });
    assert.equal(result.skippedInFlightTurns, 1);
    assert.equal(result.records.length, 1);
    const [record] = result.records;
    assert.deepEqual(
      record?.conversation.map((message) => [message.role, message.turn_identifier]),
      [
        ['user', null],
        ['assistant', null],
        ['user', 1],
        ['assistant', 1],
      ],
    );
    assert.equal(record?.turn, 2);
    assert.deepEqual(record?.extra, { context_messages: [{ role: 'system', content: 'old system' }] });

    const withdrawn = collectedConversationToRecords({ conversation, consent: { ...consent, withdrawnAt: 1 }, turns: [first] });
    assert.deepEqual(withdrawn, { records: [], skippedInFlightTurns: 0, skippedWithdrawn: true });
  });

  test('helpers: first seen wins ties; paths follow parents', () => {
    assert.equal(mostFrequent(['b', 'a', 'a', 'b']), 'b');
    assert.equal(mostFrequent([]), null);
    assert.deepEqual(
      turnPaths([turn(5, null), turn(6, 5), turn(7, 5)]).map((path) => path.map((item) => item.turnIdentifier)),
      [
        [5, 6],
        [5, 7],
      ],
    );
  });
});
