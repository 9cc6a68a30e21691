import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createIpAddressRecognizer } from './ip-address-recognizer.ts';

const found = (text: string, options = {}): string[] => {
  const recognizer = createIpAddressRecognizer(options);
  return (recognizer.mayMatch(text) ? recognizer.find(text) : []).map((span) => text.slice(span.start, span.end));
};

describe('IP address recognizer', () => {
  test('finds public IPv4 and IPv6 addresses', () => {
    assert.deepEqual(found('My IP is 84.23.101.7, ok?'), ['84.23.101.7']);
    assert.deepEqual(found('VPS at 2a01:4f8:c17:3b2::1.'), ['2a01:4f8:c17:3b2::1']);
    assert.deepEqual(found('mysql -h 34.105.77.210 -u app'), ['34.105.77.210']);
  });

  test('skips loopback, unspecified, documentation ranges and public resolvers', () => {
    assert.deepEqual(found('127.0.0.1:8000, 0.0.0.0, 192.0.2.10, 203.0.113.5, 8.8.8.8, ::1, 2001:db8::1'), []);
  });

  test('private ranges are kept by default and redacted on request', () => {
    const text = 'router at 192.168.1.1 and 10.0.0.7';
    assert.deepEqual(found(text), []);
    assert.deepEqual(found(text, { includePrivate: true }), ['192.168.1.1', '10.0.0.7']);
  });

  test('rejects versions, times, scopes and MAC addresses', () => {
    for (const text of [
      'Upgrade Chrome 120.0.6099.109 now',
      'version 1.2.3.4',
      'v10.1.1.1',
      'at 12:30:45 sharp',
      'std::vector<int>::iterator',
      'MAC 00:1A:2B:3C:4D:5E',
      '1.2.3.4.5',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });
});
