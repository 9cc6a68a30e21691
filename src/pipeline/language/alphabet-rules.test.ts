import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPossibleFor } from './alphabet-rules.ts';

describe('alphabet rules', () => {
  test('a vowel ъ is Bulgarian, a hard sign before е, ё, ю, я is Russian too', () => {
    assert.equal(isPossibleFor('ru', 'път'), false);
    assert.equal(isPossibleFor('ru', 'градът'), false);
    assert.equal(isPossibleFor('ru', 'объект подъезд'), true);
    assert.equal(isPossibleFor('bg', 'път'), true);
  });

  test('Bulgarian writes ь only before о', () => {
    assert.equal(isPossibleFor('bg', 'шофьор'), true);
    assert.equal(isPossibleFor('bg', 'смерть'), false);
    assert.equal(isPossibleFor('ru', 'смерть'), true);
  });

  test('Kazakh letters rule out the Slavic alphabets and Mongolian', () => {
    for (const iso of ['ru', 'bg', 'uk', 'be', 'mk', 'sr', 'mn']) assert.equal(isPossibleFor(iso, 'қазақ'), false, iso);
    assert.equal(isPossibleFor('kk', 'қазақ'), true);
    // ө and ү are both Kazakh and Mongolian.
    assert.equal(isPossibleFor('mn', 'өдөр'), true);
    assert.equal(isPossibleFor('kk', 'өдөр'), true);
    assert.equal(isPossibleFor('kk', 'білім'), true);
    assert.equal(isPossibleFor('kk', 'її'), false);
  });

  test('ѝ is Bulgarian and Macedonian only', () => {
    assert.equal(isPossibleFor('bg', 'ѝ'), true);
    assert.equal(isPossibleFor('mk', 'ѝ'), true);
    for (const iso of ['ru', 'uk', 'be', 'sr', 'kk', 'mn']) assert.equal(isPossibleFor(iso, 'ѝ'), false, iso);
  });
});
