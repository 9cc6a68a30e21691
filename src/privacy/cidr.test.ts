import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateNetwork, inCidrList, parseCidr, parseCidrList } from './cidr.ts';

describe('CIDR lists', () => {
  test('membership for IPv4, IPv6 and host entries', () => {
    const ranges = parseCidrList(['10.0.0.0/8', '2001:db8::/32', '192.0.2.7']);
    assert.equal(inCidrList('10.200.3.4', ranges), true);
    assert.equal(inCidrList('11.0.0.1', ranges), false);
    assert.equal(inCidrList('2001:db8:ffff::1', ranges), true);
    assert.equal(inCidrList('2001:db9::1', ranges), false);
    assert.equal(inCidrList('192.0.2.7', ranges), true);
    assert.equal(inCidrList('192.0.2.8', ranges), false);
    assert.equal(inCidrList('unknown', ranges), false);
    assert.equal(inCidrList('10.0.0.1', []), false);
  });

  test('bad entries are refused with the entry named', () => {
    assert.throws(() => parseCidr('10.0.0.0/33'), /10\.0\.0\.0\/33/);
    assert.throws(() => parseCidr('proxy.local'), /proxy\.local/);
    assert.throws(() => parseCidr('10.1/8'), /not an IP/);
  });

  test('aggregate networks are the IPv4 /24 and the IPv6 /48', () => {
    assert.equal(aggregateNetwork('203.0.113.77'), '203.0.113.0/24');
    assert.equal(aggregateNetwork('2001:db8:1234:5678::9'), '2001:db8:1234::/48');
    assert.equal(aggregateNetwork('2001:db8:1234:ffff::1'), '2001:db8:1234::/48');
  });
});
