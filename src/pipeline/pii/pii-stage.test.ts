import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MessageInput } from '../stage.ts';
import { candidateKey } from './candidate-key.ts';
import { createPiiStage } from './pii-stage.ts';

const user = (content: string): MessageInput => ({ role: 'user', content });
const assistant = (content: string): MessageInput => ({ role: 'assistant', content });
const EMAIL = 'oscar.lindqvist92@gmail.com';
const OTHER_EMAIL = 'deepa.krishnan@infosysmail.com';

describe('pii stage', () => {
  test('redacts with WildChat-compatible strings and reports counts, never raw values', async () => {
    const stage = createPiiStage();
    assert.equal(stage.name, 'pii');
    const [result] = await stage.run([
      [user(`Hi, my name is Rebecca Thornton, mail ${EMAIL}, key sk_live_892UhXLFYsjXTfbJFvpleGxn`), assistant('Sure, here is a draft.')],
    ]);
    assert.ok(result);
    const [first, second] = result;
    assert.equal(first?.content, 'Hi, my name is <PRESIDIO_ANONYMIZED_PERSON>, mail <PRESIDIO_ANONYMIZED_EMAIL_ADDRESS>, key <TRUFFLEHOG_REDACTED_STRIPE>');
    assert.equal(first?.redacted, true);
    assert.deepEqual(first?.entityCounts, { PERSON: 1, EMAIL_ADDRESS: 1, SECRET: 1 });
    assert.deepEqual(first?.secretDetectors, { STRIPE: 1 });
    assert.deepEqual(second, { content: 'Sure, here is a draft.', redacted: false, entityCounts: {}, secretDetectors: {}, skippedCommon: 0 });
    const serialized = JSON.stringify(result);
    for (const raw of ['Rebecca', EMAIL, 'sk_live_892Uh']) assert.ok(!serialized.includes(raw), raw);
  });

  test('placeholder policy numbers values consistently within a conversation only', async () => {
    const stage = createPiiStage({ policies: { EMAIL_ADDRESS: 'placeholder', PERSON: 'placeholder' } });
    const [conversation, other] = await stage.run([
      [user(`Email ${EMAIL} or ${OTHER_EMAIL}`), assistant(`I will write to ${EMAIL.toUpperCase()}.`), user('Best regards,\nNathan Whitfield')],
      [user(`Email ${OTHER_EMAIL}`)],
    ]);
    assert.equal(conversation?.[0]?.content, 'Email EMAIL_1 or EMAIL_2');
    assert.equal(conversation?.[1]?.content, 'I will write to EMAIL_1.');
    assert.equal(conversation?.[2]?.content, 'Best regards,\nNAME_1');
    assert.equal(other?.[0]?.content, 'Email EMAIL_1');
  });

  test('keep policy leaves an entity type untouched', async () => {
    const stage = createPiiStage({ policies: { EMAIL_ADDRESS: 'keep' } });
    const [result] = await stage.run([[user(`mail ${EMAIL}, call +44 7911 123456`)]]);
    assert.equal(result?.[0]?.content, `mail ${EMAIL}, call <PRESIDIO_ANONYMIZED_PHONE_NUMBER>`);
    assert.deepEqual(result?.[0]?.entityCounts, { PHONE_NUMBER: 1 });
  });

  test('the version reflects the configuration', () => {
    assert.equal(createPiiStage().version, createPiiStage().version);
    assert.notEqual(createPiiStage().version, createPiiStage({ policies: { PERSON: 'keep' } }).version);
    assert.notEqual(createPiiStage().version, createPiiStage({ threshold: 3 }).version);
  });
});

describe('document-frequency gate', () => {
  const conversations: MessageInput[][] = [
    [user(`Hi, my name is Rebecca Thornton, email ${EMAIL}`)],
    [user(`ping ${OTHER_EMAIL}, token ghp_uOnRC6xq66OTpx0t0HXb1Xnztihjew6n24TE`)],
    [user('What is the boiling point of water?')],
  ];

  test('pass 1 returns hashed, distinct keys per conversation', async () => {
    const stage = createPiiStage();
    const keys = await stage.collectCandidates(conversations);
    assert.equal(keys.length, 3);
    assert.deepEqual(new Set(keys[0]), new Set([candidateKey('PERSON', 'Rebecca Thornton'), candidateKey('EMAIL_ADDRESS', EMAIL)]));
    assert.equal(keys[1]?.length, 2);
    assert.deepEqual(keys[2], []);
    for (const key of keys.flat()) assert.match(key, /^[0-9a-f]{64}$/);
    // Normalisation: case and spacing do not change the key.
    assert.equal(candidateKey('PERSON', ' rebecca   THORNTON '), candidateKey('PERSON', 'Rebecca Thornton'));
  });

  test('pass 2 skips common entities by threshold; secrets are always redacted', async () => {
    const stage = createPiiStage();
    const keys = await stage.collectCandidates(conversations);
    // Pretend the corpus saw every candidate in 20 conversations.
    const frequency = new Map(keys.flat().map((key) => [key, 20]));
    const lookup = (key: string): number => frequency.get(key) ?? 0;
    const [first, second] = await stage.redact(conversations, lookup);
    // 20 ≥ 10 keeps the e-mail; 20 < 50 still redacts the name.
    assert.equal(first?.[0]?.content, `Hi, my name is <PRESIDIO_ANONYMIZED_PERSON>, email ${EMAIL}`);
    assert.equal(first?.[0]?.skippedCommon, 1);
    assert.equal(second?.[0]?.content, `ping ${OTHER_EMAIL}, token <TRUFFLEHOG_REDACTED_GITHUB>`);

    const [strict] = await stage.redact(conversations, lookup, { personThreshold: 20, threshold: 21 });
    assert.equal(strict?.[0]?.content, 'Hi, my name is Rebecca Thornton, email <PRESIDIO_ANONYMIZED_EMAIL_ADDRESS>');
  });

  test('run() uses the lookup given at creation', async () => {
    const key = candidateKey('EMAIL_ADDRESS', EMAIL);
    const stage = createPiiStage({ frequency: (candidate) => (candidate === key ? 10 : 0) });
    const [result] = await stage.run([[user(`mail ${EMAIL}`)]]);
    assert.equal(result?.[0]?.content, `mail ${EMAIL}`);
  });
});
