import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProfileUrlRecognizer } from './profile-url-recognizer.ts';

const recognizer = createProfileUrlRecognizer();
const found = (text: string): string[] => (recognizer.mayMatch(text) ? recognizer.find(text) : []).map((span) => text.slice(span.start, span.end));

describe('profile URL recognizer', () => {
  test('finds personal profiles on the big networks', () => {
    assert.deepEqual(found('LinkedIn: https://www.linkedin.com/in/sarah-okonkwo-4b21a7 — thanks'), ['https://www.linkedin.com/in/sarah-okonkwo-4b21a7']);
    assert.deepEqual(found('add linkedin.com/in/mateo-garcia-dev.'), ['linkedin.com/in/mateo-garcia-dev']);
    assert.deepEqual(found('see https://github.com/kwame-asante if you like'), ['https://github.com/kwame-asante']);
    assert.deepEqual(found('vk: https://vk.com/ivan.smirnov88'), ['https://vk.com/ivan.smirnov88']);
    assert.deepEqual(found('DM me at https://x.com/tinamakesgames.'), ['https://x.com/tinamakesgames']);
  });

  test('ignores repositories, company pages, reserved paths and templates', () => {
    for (const text of [
      'Clone https://github.com/facebook/react now',
      'https://www.linkedin.com/company/microsoft',
      'The page https://www.facebook.com/login is blocked',
      'Replace https://linkedin.com/in/your-profile with yours',
      'Open https://twitter.com/explore',
      'https://api.github.com/users',
    ])
      assert.deepEqual(found(text), [], text);
  });
});
