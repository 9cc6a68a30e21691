import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPiiDetector } from '../pii-detector.ts';

const detector = createPiiDetector();
const found = (text: string): string[] => detector.detect(text).map((span) => `${span.entity}:${text.slice(span.start, span.end)}`);

describe('structured PII in real-world formats', () => {
  test('phone extensions stay with their number', () => {
    assert.deepEqual(found('Call me at 415-555-2671x11144 tomorrow'), ['PHONE_NUMBER:415-555-2671x11144']);
    assert.deepEqual(found('Office: +1 (212) 555-0147 ext. 204'), ['PHONE_NUMBER:+1 (212) 555-0147 ext. 204']);
  });

  test('short local numbers only after a phone cue', () => {
    assert.deepEqual(found('my phone is 555-0199'), ['PHONE_NUMBER:555-0199']);
    assert.deepEqual(found('The order 555-0199 shipped'), []);
  });

  test('lower-case and hyphenated IBANs', () => {
    assert.deepEqual(found('iban de89 3704 0044 0532 0130 00 please'), ['IBAN_CODE:de89 3704 0044 0532 0130 00']);
    assert.deepEqual(found('IBAN: GB29-NWBK-6016-1331-9268-19'), ['IBAN_CODE:GB29-NWBK-6016-1331-9268-19']);
  });

  test('passport and licence numbers after a cue are typed as such, not as phones', () => {
    assert.deepEqual(found('My passport number is X12345678 and it expires soon'), ['PASSPORT:X12345678']);
    assert.deepEqual(found('DL# 415 555 2671'), ['DRIVER_LICENSE:415 555 2671']);
    assert.deepEqual(found('номер паспорта 4509 123456'), ['PASSPORT:4509 123456']);
    assert.deepEqual(found('pass me the 123456 file'), []);
  });

  test('numbers that are not PII', () => {
    assert.deepEqual(found('Years 2019-2023, section 4.2.1, postcode 75008, sort code 20-00-00'), []);
  });
});

describe('more credential formats', () => {
  test('Hugging Face tokens and bare AWS secret keys after KEY =', () => {
    const hf = 'hf_' + 'qWeRtYuIoPaSdFgHjKlZxCvBnMqWeRtYuI';
    assert.deepEqual(found(`HF_TOKEN=${hf}`), [`SECRET:${hf}`]);
    const aws = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Hd2Lm3Q';
    assert.deepEqual(found(`[default]\nKEY = ${aws}\n`), [`SECRET:${aws}`]);
  });

  test('vendor prefixes', () => {
    const tokens = [
      'npm_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
      'glsa_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6' + '_0a1b2c3d',
      'shpat_' + '0123456789abcdef0123456789abcdef',
      'gsk_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6',
    ];
    for (const token of tokens) assert.deepEqual(found(`token: ${token} end`), [`SECRET:${token}`], token);
  });
});
