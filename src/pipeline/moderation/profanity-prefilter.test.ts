import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { mayContainEnglishProfanity } from './profanity-prefilter.ts';

const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

describe('profanity prefilter', () => {
  test('passes every text in which obscenity finds something (incl. leet-speak and repeats)', () => {
    const texts = [
      'you f4cking idiot',
      'shiiiit',
      'sh!t happens',
      'what a b1tch',
      'a$$hole',
      'motherfucker',
      'dickhead',
      'cocksucker',
      'boobs',
      'nigger',
      'he got raped',
      'orgy',
      'bollocks',
      'pussy',
      'tits',
      'cumshot',
      'sexy',
      'fellatio',
      'doggystyle',
      'deepthroat',
      'ass',
      'piss off',
      'wanker',
    ];
    for (const text of texts) {
      assert.equal(matcher.hasMatch(text), true, `obscenity should match ${text}`);
      assert.equal(mayContainEnglishProfanity(text), true, text);
    }
  });

  test('also passes spelled-out and starred spellings', () => {
    for (const text of ['f u c k', 'ur a c*nt', 'jizz']) assert.equal(mayContainEnglishProfanity(text), true, text);
  });

  test('lets ordinary text skip obscenity', () => {
    for (const text of [
      'please explain how a class passes data to the assistant',
      'the night is dark and the document is long',
      'const value = utf8.decode(buffer); // version 1.0.3',
      'a cocktail at the assembly in essex',
    ]) {
      assert.equal(mayContainEnglishProfanity(text), false, text);
    }
  });
});
