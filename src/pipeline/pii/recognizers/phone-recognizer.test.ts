import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPhoneRecognizer } from './phone-recognizer.ts';

const recognizer = createPhoneRecognizer();
const found = (text: string): string[] => (recognizer.mayMatch(text) ? recognizer.find(text) : []).map((span) => text.slice(span.start, span.end));

describe('phone recognizer', () => {
  test('finds international numbers without a cue', () => {
    assert.deepEqual(found('Add +44 7911 123456 to the group'), ['+44 7911 123456']);
    assert.deepEqual(found('Number +86 138 0013 8000 ok'), ['+86 138 0013 8000']);
  });

  test('finds national numbers after a cue in several languages', () => {
    assert.deepEqual(found('Call me at 312-847-2290 after 5pm.'), ['312-847-2290']);
    assert.deepEqual(found('我的手机号是13912345678，请加我'), ['13912345678']);
    assert.deepEqual(found('Позвоните мне по номеру 8 (916) 555-12-34.'), ['8 (916) 555-12-34']);
    assert.deepEqual(found('Vous pouvez me joindre au 06 12 34 56 78.'), ['06 12 34 56 78']);
    // Short local numbers after "my number" or "ring me".
    assert.deepEqual(found('my number is 555-0147'), ['555-0147']);
    assert.deepEqual(found('ring me on 4567 8901 tonight'), ['4567 8901']);
  });

  test('finds typical grouped layouts without a cue', () => {
    assert.deepEqual(found('Jane, (646) 555-0143, Brooklyn'), ['(646) 555-0143']);
    assert.deepEqual(found('Write to 415.902.3381 maybe'), ['415.902.3381']);
  });

  test('rejects order numbers, dates, versions, IPs, prices and coordinates', () => {
    for (const text of [
      'My order number is 4155552671 and it still has not shipped.',
      'The meeting is on 2023-10-05 at 14:30.',
      'Upgrade from version 10.4.12 to 11.0.3',
      'The server 84.23.101.7 is down',
      'The total came to $1,234,567.89 after tax.',
      'The coordinates are 40.712776, -74.005974.',
      'ISBN 978-0-306-40615-7 is the second edition.',
      'The postcode is 01310-100 in São Paulo.',
      'Use a placeholder like 123-456-7890 in the form.',
      'Ticket ID 5551234567 has been escalated.',
    ])
      assert.deepEqual(found(text), [], text);
  });

  test('bare digit runs need a cue', () => {
    assert.deepEqual(found('The value 4155552671 overflowed'), []);
    assert.deepEqual(found('phone: 4155552671'), ['4155552671']);
  });
});
