import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveClientIp, UNKNOWN_CLIENT_IP } from './client-ip.ts';

const proxied = { trustProxy: true, clientIpHeader: 'x-forwarded-for' };

describe('resolveClientIp', () => {
  test('uses the socket address when trustProxy is off, ignoring a spoofed header', () => {
    const ip = resolveClientIp({
      socketAddress: '203.0.113.7',
      headers: { 'x-forwarded-for': '8.8.8.8' },
      trustProxy: false,
      clientIpHeader: 'x-forwarded-for',
    });
    assert.equal(ip, '203.0.113.7');
  });

  test('takes the address the trusted proxy appended (rightmost), ignoring what the client forged on the left', () => {
    const headers = new Headers({ 'X-Forwarded-For': ' 8.8.8.8 , 198.51.100.4' });
    assert.equal(resolveClientIp({ socketAddress: '127.0.0.1', headers, ...proxied }), '198.51.100.4');
  });

  test('with two trusted proxies, takes the second address from the right', () => {
    const headers = { 'x-forwarded-for': '8.8.8.8, 198.51.100.4, 10.0.0.1' };
    assert.equal(resolveClientIp({ socketAddress: '127.0.0.1', headers, ...proxied, proxyHops: 2 }), '198.51.100.4');
    assert.equal(resolveClientIp({ socketAddress: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.4' }, ...proxied, proxyHops: 3 }), '198.51.100.4');
  });

  test('a client padding the header cannot push the real address out of reach', () => {
    const headers = { 'x-forwarded-for': `${'1.1.1.1, '.repeat(2000)}198.51.100.4` };
    assert.equal(resolveClientIp({ socketAddress: '127.0.0.1', headers, ...proxied }), '198.51.100.4');
  });

  test('skips invalid entries and legacy IPv4 spellings', () => {
    const headers = { 'x-forwarded-for': '192.0.2.9, unknown, 127.1, 0x7f.0.0.1, 999.1.1.1' };
    assert.equal(resolveClientIp({ socketAddress: '127.0.0.1', headers, ...proxied }), '192.0.2.9');
  });

  test('falls back to the socket when the header is absent, empty or has no valid address', () => {
    const socketAddress = '::ffff:127.0.0.1';
    assert.equal(resolveClientIp({ socketAddress, headers: {}, ...proxied }), '127.0.0.1');
    assert.equal(resolveClientIp({ socketAddress, headers: { 'x-forwarded-for': '' }, ...proxied }), '127.0.0.1');
    assert.equal(resolveClientIp({ socketAddress, headers: { 'x-forwarded-for': 'garbage' }, ...proxied }), '127.0.0.1');
  });

  test('normalises IPv4-mapped IPv6 and compresses IPv6', () => {
    const headers = { 'x-forwarded-for': '::ffff:198.51.100.4' };
    assert.equal(resolveClientIp({ socketAddress: null, headers, ...proxied }), '198.51.100.4');
    const ipv6 = { 'x-forwarded-for': '2001:0DB8:0000:0000:0000:0000:0000:0001' };
    assert.equal(resolveClientIp({ socketAddress: null, headers: ipv6, ...proxied }), '2001:db8::1');
  });

  test('strips ports and brackets', () => {
    assert.equal(resolveClientIp({ socketAddress: null, headers: { 'x-forwarded-for': '192.0.2.1:8080' }, ...proxied }), '192.0.2.1');
    assert.equal(resolveClientIp({ socketAddress: null, headers: { 'x-forwarded-for': '[2001:db8::17]:4711' }, ...proxied }), '2001:db8::17');
  });

  test('reads for= of an RFC 7239 Forwarded header', () => {
    const headers = { Forwarded: 'for=unknown;proto=https, For="[2001:db8:cafe::17]:4711";by=203.0.113.43, for=192.0.2.60' };
    assert.equal(resolveClientIp({ socketAddress: '127.0.0.1', headers, trustProxy: true, clientIpHeader: 'Forwarded', proxyHops: 2 }), '2001:db8:cafe::17');
  });

  test('honours a custom header name such as x-real-ip, case-insensitively', () => {
    const headers = { 'X-Real-IP': '198.51.100.23', 'x-forwarded-for': '192.0.2.1' };
    assert.equal(resolveClientIp({ socketAddress: '127.0.0.1', headers, trustProxy: true, clientIpHeader: 'X-Real-Ip' }), '198.51.100.23');
  });

  test('joins repeated header lines in order', () => {
    const headers = { 'x-forwarded-for': ['bogus', '198.51.100.8, 192.0.2.1'] };
    assert.equal(resolveClientIp({ socketAddress: '127.0.0.1', headers, ...proxied }), '192.0.2.1');
    assert.equal(resolveClientIp({ socketAddress: '127.0.0.1', headers, ...proxied, proxyHops: 2 }), '198.51.100.8');
  });

  test('returns a fixed marker when no address is known at all', () => {
    assert.equal(resolveClientIp({ socketAddress: undefined, headers: {}, ...proxied }), UNKNOWN_CLIENT_IP);
    assert.equal(resolveClientIp({ socketAddress: '', headers: {}, trustProxy: false, clientIpHeader: 'x-forwarded-for' }), UNKNOWN_CLIENT_IP);
  });

  test('drops IPv6 zone ids of the socket address', () => {
    assert.equal(resolveClientIp({ socketAddress: 'fe80::1%eth0', headers: {}, trustProxy: false, clientIpHeader: 'x-forwarded-for' }), 'fe80::1');
  });
});
