import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXTENDED_COLUMNS,
  MODERATION_CATEGORIES_1M,
  RELEASE_COLUMNS,
  RELEASE_SCHEMA_VERSION,
  releaseRecordSchema,
  toWildChat1MRecord,
  WILDCHAT_1M_COLUMNS,
  type ReleaseRecord,
} from './release-record.ts';

function record(overrides: Partial<ReleaseRecord> = {}): ReleaseRecord {
  return {
    conversation_hash: 'c9ec5b440fbdd2a269333dd241f32f64',
    model: 'gpt-4-0314',
    timestamp: '2023-04-09T00:02:53Z',
    conversation: [
      {
        content: 'Hey there!',
        country: 'United States',
        hashed_ip: 'ab'.repeat(32),
        header: { 'accept-language': 'en-US', 'user-agent': 'Mozilla/5.0' },
        language: 'English',
        redacted: false,
        role: 'user',
        state: 'Texas',
        timestamp: null,
        toxic: false,
        turn_identifier: 101001,
      },
      {
        content: 'Hello!',
        country: null,
        hashed_ip: null,
        header: null,
        language: 'English',
        redacted: false,
        role: 'assistant',
        state: null,
        timestamp: '2023-04-09T00:02:53Z',
        toxic: false,
        turn_identifier: 101001,
      },
    ],
    turn: 1,
    language: 'English',
    openai_moderation: [{ categories: { harassment: false }, category_scores: { harassment: 0.001 }, flagged: false }, {}],
    detoxify_moderation: [{ toxicity: 0.01 }, {}],
    toxic: false,
    redacted: false,
    state: 'Texas',
    country: 'United States',
    hashed_ip: 'ab'.repeat(32),
    header: { 'accept-language': 'en-US', 'user-agent': 'Mozilla/5.0' },
    schema_version: RELEASE_SCHEMA_VERSION,
    conversation_id: null,
    source: 'wildchat',
    system_prompt: null,
    consent_terms_version: null,
    branch: null,
    turn_details: null,
    extra: null,
    ...overrides,
  };
}

describe('release record', () => {
  test('WildChat-1M has exactly 14 columns, ours come after them', () => {
    assert.equal(WILDCHAT_1M_COLUMNS.length, 14);
    assert.deepEqual(RELEASE_COLUMNS.slice(0, 14), [...WILDCHAT_1M_COLUMNS]);
    assert.deepEqual(RELEASE_COLUMNS.slice(14), [...EXTENDED_COLUMNS]);
    assert.equal(MODERATION_CATEGORIES_1M.length, 18);
    assert.deepEqual(Object.keys(toWildChat1MRecord(record())), [...WILDCHAT_1M_COLUMNS]);
  });

  test('the schema accepts the WildChat conventions (null network fields on assistant turns, {} moderation)', () => {
    assert.doesNotThrow(() => releaseRecordSchema.parse(record()));
    // Fields the annotating pipeline fills may be null before it ran.
    assert.doesNotThrow(() =>
      releaseRecordSchema.parse(record({ language: null, toxic: null, redacted: null, openai_moderation: null, detoxify_moderation: null })),
    );
  });

  test('the schema rejects malformed records', () => {
    assert.throws(() => releaseRecordSchema.parse(record({ conversation_hash: 'not-a-hash' })));
    assert.throws(() => releaseRecordSchema.parse(record({ timestamp: '2023-04-09 00:02:53' })));
    assert.throws(() => releaseRecordSchema.parse(record({ turn: -1 })));
    assert.throws(() => releaseRecordSchema.parse({ ...record(), conversation: [{ content: 'x', role: 'user' }] }));
  });
});
