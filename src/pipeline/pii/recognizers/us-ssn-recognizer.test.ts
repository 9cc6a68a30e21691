import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createUsSsnRecognizer, isPlausibleSsn } from './us-ssn-recognizer.ts';

const recognizer = createUsSsnRecognizer();
const found = (text: string): string[] => (recognizer.mayMatch(text) ? recognizer.find(text) : []).map((span) => text.slice(span.start, span.end));

describe('US SSN recognizer', () => {
  test('issuance rules', () => {
    assert.equal(isPlausibleSsn('536', '22', '8145'), true);
    assert.equal(isPlausibleSsn('000', '22', '8145'), false);
    assert.equal(isPlausibleSsn('666', '22', '8145'), false);
    assert.equal(isPlausibleSsn('912', '22', '8145'), false);
    assert.equal(isPlausibleSsn('536', '00', '8145'), false);
    assert.equal(isPlausibleSsn('536', '22', '0000'), false);
    assert.equal(isPlausibleSsn('078', '05', '1120'), false);
  });

  test('finds dashed SSNs, and spaced or bare ones after a cue', () => {
    assert.deepEqual(found('My SSN is 536-22-8145.'), ['536-22-8145']);
    assert.deepEqual(found('ssn 512 64 9087 for taxes'), ['512 64 9087']);
    assert.deepEqual(found('my social security number 338294417 ok'), ['338294417']);
  });

  test('rejects invalid areas, published examples and bare digits without a cue', () => {
    assert.deepEqual(found('format 123-45-6789, part 666-12-3456, form 900-45-1234'), []);
    assert.deepEqual(found('the id 338294417 is here'), []);
    assert.deepEqual(found('spaced 512 64 9087 without cue'), []);
  });
});
