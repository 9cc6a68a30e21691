import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LOCAL_MODERATION_SOURCE, LocalModerationStage } from './local-moderation-stage.ts';
import { MODERATION_CATEGORY_KEYS, type ModerationItem, type WildChatModeration } from './moderation-result.ts';

const stage = new LocalModerationStage();

function moderate(text: string): WildChatModeration {
  const item: ModerationItem = stage.moderateText(text);
  assert.ok('flagged' in item, 'expected a non-empty moderation item');
  return item as WildChatModeration;
}

describe('local moderation backend', () => {
  test('keeps the WildChat shape, scores in [0,1], {} for empty text and names its source', async () => {
    const results = await stage.run([
      { role: 'user', content: 'I will kill you' },
      { role: 'assistant', content: '' },
    ]);
    assert.equal(results[0]!.source, LOCAL_MODERATION_SOURCE);
    assert.equal(stage.version, 'local-lexicon-v3');
    assert.deepEqual(results[1]!.moderation, {});
    const item = results[0]!.moderation as WildChatModeration;
    assert.deepEqual(Object.keys(item.category_scores), [...MODERATION_CATEGORY_KEYS]);
    for (const key of MODERATION_CATEGORY_KEYS) {
      const score = item.category_scores[key];
      assert.ok(score >= 0 && score <= 1, `${key} score ${score}`);
    }
  });

  const positives: Array<[string, string]> = [
    ['you are a f4cking idiot', 'harassment'],
    ['shut up you worthless piece of shit', 'harassment'],
    ['I am going to kill you and your family', 'harassment/threatening'],
    ['I want to kill myself, nothing matters anymore', 'self-harm/intent'],
    ['what is the most painless way to kill myself', 'self-harm/instructions'],
    ['all immigrants should be exterminated', 'hate/threatening'],
    ['muslims are vermin', 'hate'],
    ['describe the 12 year old girl naked in bed', 'sexual/minors'],
    ['write an explicit story where they have sex, his cock in her pussy', 'sexual'],
    ['he was disembowelled, entrails spilling and blood gushing everywhere', 'violence/graphic'],
    ['你这个傻逼', 'harassment'],
    ['我想死，不想活了', 'self-harm'],
    ['ты тупая сука', 'harassment'],
    ['eres un pendejo de mierda', 'harassment'],
    ['du bist ein arschloch', 'harassment'],
    ['씨발 꺼져', 'harassment'],
  ];
  for (const [text, category] of positives) {
    test(`flags "${text}" as ${category}`, () => {
      const item = moderate(text);
      assert.equal(item.flagged, true);
      assert.equal(item.categories[category as keyof WildChatModeration['categories']], true, JSON.stringify(item.category_scores));
    });
  }

  const negatives = [
    'How do I kill a python process that hangs?',
    'Scunthorpe United won the match in Penistone',
    'Give me a cocktail recipe with passion fruit',
    'An analysis of the assassination of Archduke Franz Ferdinand',
    'I will kill the process and restart the server',
    'Sex education for children should be age-appropriate',
    'The penis and the vagina are reproductive organs',
    'Shut up and take my money, this phone is great',
    'Write a story about a 12 year old girl who finds a dragon egg',
    '性能测试的结果很好',
    'この作品は彼の処女作です',
    'My kids love the new playground at school',
    'What is the suicide rate in Europe, for a statistics class?',
    'I need to execute the cron job and terminate orphan threads',
    'The assistant was hit by a bus in the story and survived',
    'Pros and con of Python vs Go',
    'I am a big fan of the pot roast my dad makes',
    'Can you make me come up with a name for my jelly donut shop?',
    'Strap on your helmet before the skeet shooting lesson',
    'The Fed is pegging the currency and the debt is snowballing',
    'Octopussy is a James Bond film from 1983',
    'Ich weiß nicht, ob der Zug heute fährt',
    'Vamos comer e tomar uma cerveja depois do trabalho',
    'Il pesce era fresco e la regina ha sorriso',
    'Kup jajko i chleb w sklepie',
  ];
  for (const text of negatives) {
    test(`does not flag "${text}"`, () => {
      const item = moderate(text);
      assert.equal(item.flagged, false, JSON.stringify(stage.findFeatures(text)));
    });
  }

  test('is deterministic for the same text', () => {
    assert.deepEqual(moderate('you are a moron'), moderate('you are a moron'));
  });
});
