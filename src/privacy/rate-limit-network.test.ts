import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rateLimitNetwork } from './normalize-ip.ts';

test('IPv4 addresses are limited one by one', () => {
  assert.equal(rateLimitNetwork('203.0.113.7'), '203.0.113.7');
});

test('IPv6 addresses of one /64 share a limit; other /64s do not', () => {
  const first = rateLimitNetwork('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
  const second = rateLimitNetwork('2001:db8:1:2::1');
  const other = rateLimitNetwork('2001:db8:1:3::1');
  assert.equal(first, '2001:db8:1:2::/64');
  assert.equal(first, second);
  assert.notEqual(first, other);
});
