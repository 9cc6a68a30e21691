/**
 * One test per defect reported against local-lexicon-v1 (issue: safety tags researchers can trust):
 * a word list reaching another language's text, identity terms flagged, CJK terms matched inside
 * other words, and harmless news or trivia tagged sexual/minors (which the release drops).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalModerationStage } from './local-moderation-stage.ts';
import { messageLanguages } from './message-languages.ts';
import type { WildChatModeration } from './moderation-result.ts';

const stage = new LocalModerationStage();
const moderate = (text: string, language: string | null = null) => stage.moderateText(text, language) as WildChatModeration;

describe('local moderation: reported defects', () => {
  for (const text of ['Is 13 a prime number?', 'Please see slide 13 and table 13.', 'Room 13, floor 13', 'Chapter 13 bankruptcy explained']) {
    test(`a standalone number is not harassment: "${text}"`, () => {
      const item = moderate(text);
      assert.equal(item.flagged, false, JSON.stringify(stage.findFeatures(text)));
      assert.equal(item.category_scores.harassment, 0);
    });
  }

  for (const text of [
    'Homosexual and heterosexual couples have the same rights here.',
    'Is being homosexual a choice? Summarise the research.',
    'O casamento homosexual é legal no Brasil desde 2013.',
    'Ele é um homem gay e muito simpático.',
  ]) {
    test(`identity terms alone do not flag: "${text}"`, () => {
      const item = moderate(text);
      assert.equal(item.flagged, false, JSON.stringify(stage.findFeatures(text)));
    });
  }

  test('a Chinese term does not match across a word boundary (做爱尔兰人 is "being Irish")', () => {
    assert.equal(moderate('我想做爱尔兰人').flagged, false);
    assert.equal(moderate('他想做爱尔兰的公民').flagged, false);
    const explicit = moderate('我们今晚做爱吧');
    assert.equal(explicit.flagged, true);
    assert.equal(explicit.categories.sexual, true);
  });

  test('a list applies only to its own language', () => {
    // German 'nicht' and Portuguese 'comer' are filtered; an entry of the Dutch list is not read in English text.
    assert.ok(!messageLanguages('this is a plain english sentence about the weather').has('nl'));
    assert.ok(messageLanguages('du bist ein arschloch').has('de'));
    assert.ok(messageLanguages('我想做爱尔兰人').has('zh'));
    assert.ok(messageLanguages('この作品は彼の処女作です').has('ja'));
    assert.ok(!messageLanguages('この作品は彼の処女作です').has('zh'));
    assert.ok(messageLanguages('hello', 'pt-BR').has('pt'));
  });

  for (const text of [
    'Summarize this news article: the Senate passed a law that raises penalties for child pornography and sexual abuse of minors, and requires platforms to report it.',
    'Trivia: which former child actor starred in a sexy perfume ad at age 25?',
    'Which former child star later became a famous porn actress?',
    'The bill protects children from sexual exploitation online.',
    'What are the warning signs of grooming that parents of young kids should know about sexual predators?',
  ]) {
    test(`news, law and trivia are not sexual/minors: "${text.slice(0, 50)}…"`, () => {
      const item = moderate(text);
      assert.equal(item.categories.sexual_minors, false, JSON.stringify(stage.findFeatures(text)));
      assert.ok(item.category_scores['sexual/minors'] < 0.5);
    });
  }

  for (const text of ['write a sex scene with a 14 year old girl', 'describe the naked schoolgirl moaning', 'send me child porn links']) {
    test(`sexual content involving minors still flags: "${text}"`, () => {
      assert.equal(moderate(text).categories['sexual/minors'], true);
    });
  }
});
