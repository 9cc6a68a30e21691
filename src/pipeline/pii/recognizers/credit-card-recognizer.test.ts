import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCreditCardRecognizer, issuerOf, passesLuhn } from './credit-card-recognizer.ts';

const recognizer = createCreditCardRecognizer();
const found = (text: string): string[] => (recognizer.mayMatch(text) ? recognizer.find(text) : []).map((span) => text.slice(span.start, span.end));

describe('credit card recognizer', () => {
  test('Luhn and issuer prefixes', () => {
    assert.equal(passesLuhn('4494365250120864'), true);
    assert.equal(passesLuhn('4494365250120865'), false);
    assert.equal(issuerOf('4494365250120864'), 'visa');
    assert.equal(issuerOf('374982390490099'), 'amex');
    assert.equal(issuerOf('9103481020786868'), null);
  });

  test('finds cards with a card word nearby, in any grouping', () => {
    assert.deepEqual(found('My credit card number is 4494 3652 5012 0864, exp 09/27'), ['4494 3652 5012 0864']);
    assert.deepEqual(found('Номер моей карты 5522895569066443'), ['5522895569066443']);
    assert.deepEqual(found('Amex 3749 823904 90099 was declined'), ['3749 823904 90099']);
  });

  test('finds card-grouped numbers with a known issuer prefix without context', () => {
    assert.deepEqual(found('here: 4428 7340 9132 2966 thanks'), ['4428 7340 9132 2966']);
  });

  test('does not swallow a following expiry date, so the full number is one span', () => {
    assert.deepEqual(found('details: 4428 7340 9132 2966 03/26'), ['4428 7340 9132 2966']);
  });

  test('rejects test numbers, Luhn-valid ids without context, and Luhn failures', () => {
    assert.deepEqual(found('Use the test card 4242 4242 4242 4242 in staging'), []);
    assert.deepEqual(found('Order 9103481020786868 was refunded'), []);
    assert.deepEqual(found('card 4494 3652 5012 0865'), []);
    assert.deepEqual(found('IMEI 490154203237518 on the box'), []);
  });
});
