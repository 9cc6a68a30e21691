import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conversationLanguage } from './conversation-language.ts';

describe('conversationLanguage', () => {
  test('most frequent non-Nolang language wins', () => {
    assert.deepEqual(conversationLanguage(['English', 'Chinese', 'Chinese', 'Nolang', 'Nolang', 'Nolang']), {
      language: 'Chinese',
      codeSwitching: true,
      languages: ['English', 'Chinese'],
    });
  });

  test('first seen wins ties', () => {
    assert.equal(conversationLanguage(['Russian', 'English', 'English', 'Russian']).language, 'Russian');
    assert.equal(conversationLanguage(['Nolang', 'German', 'French']).language, 'German');
  });

  test('Nolang only when every turn is blank; no code switching for one language', () => {
    assert.deepEqual(conversationLanguage(['Nolang', 'Nolang']), { language: 'Nolang', codeSwitching: false, languages: [] });
    assert.deepEqual(conversationLanguage([]), { language: 'Nolang', codeSwitching: false, languages: [] });
    assert.deepEqual(conversationLanguage(['Spanish', 'Nolang', 'Spanish']), { language: 'Spanish', codeSwitching: false, languages: ['Spanish'] });
  });
});
