import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { conversationUserFields } from './conversation-user-fields.ts';
import { deviceFingerprint } from './device-fingerprint.ts';
import { mostFrequent } from '../../core/most-frequent.ts';
import { countUniqueUsers } from './unique-users.ts';

describe('users', () => {
  test('most frequent value, first seen wins ties, nulls skipped', () => {
    assert.equal(mostFrequent(['a', 'b', 'b', 'a', 'c']), 'a');
    assert.equal(mostFrequent(['b', 'a', 'a']), 'a');
    assert.equal(mostFrequent([null, 'x', null, null]), 'x');
    assert.equal(mostFrequent<string>([null, undefined]), null);
    assert.equal(mostFrequent<string>([]), null);
  });

  test("conversation fields take each field's own majority", () => {
    const fields = conversationUserFields([
      { hashedIp: 'ip1', state: 'Texas', country: 'United States' },
      { hashedIp: 'ip2', state: null, country: 'United States' },
      { hashedIp: 'ip2', state: 'Ohio', country: 'Canada' },
    ]);
    assert.deepEqual(fields, { hashedIp: 'ip2', state: 'Texas', country: 'United States' });
    assert.deepEqual(conversationUserFields([]), { hashedIp: null, state: null, country: null });
  });

  test('device fingerprint is SHA-256 of user agent and accept-language', () => {
    const expected = createHash('sha256').update('Mozilla/5.0\nen-US').digest('hex');
    assert.equal(deviceFingerprint('Mozilla/5.0', 'en-US'), expected);
    assert.notEqual(deviceFingerprint('ab', 'c'), deviceFingerprint('a', 'bc'));
    assert.equal(deviceFingerprint(null, ''), null);
    assert.match(deviceFingerprint('x', null) ?? '', /^[0-9a-f]{64}$/);
  });

  test('unique user counts', () => {
    assert.deepEqual(
      countUniqueUsers([
        { hashedIp: 'a', deviceFingerprint: 'd1' },
        { hashedIp: 'a', deviceFingerprint: 'd2' },
        { hashedIp: 'b', deviceFingerprint: 'd1' },
        { hashedIp: null, deviceFingerprint: 'd3' },
        { hashedIp: 'b' },
      ]),
      { hashedIps: 2, deviceFingerprints: 3, ipDevicePairs: 3 },
    );
  });
});
