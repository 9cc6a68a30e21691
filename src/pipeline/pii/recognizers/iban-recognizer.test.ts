import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createIbanRecognizer } from './iban-recognizer.ts';

const recognizer = createIbanRecognizer();
const found = (text: string): string[] => (recognizer.mayMatch(text) ? recognizer.find(text) : []).map((span) => text.slice(span.start, span.end));

describe('IBAN recognizer', () => {
  test('finds electronic and print formats with a valid checksum', () => {
    assert.deepEqual(found('IBAN DE43 0522 6186 6502 8794 76 please'), ['DE43 0522 6186 6502 8794 76']);
    assert.deepEqual(found('to GB20NWBK98952888513093.'), ['GB20NWBK98952888513093']);
    assert.deepEqual(found('NL51ABNA5934936009 BIC ABNANL2A'), ['NL51ABNA5934936009']);
  });

  test('shrinks a greedy match that swallowed the next word', () => {
    assert.deepEqual(found('IBAN DE43 0522 6186 6502 8794 76 DATE'), ['DE43 0522 6186 6502 8794 76']);
  });

  test('rejects checksum failures and look-alikes', () => {
    assert.deepEqual(found('DE44 0522 6186 6502 8794 76'), []);
    assert.deepEqual(found('The model number GB12 ABCD 1234 5678 is printed on the router.'), []);
    assert.deepEqual(found('Flight LH4412 departs'), []);
  });
});
