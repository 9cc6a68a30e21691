import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidrList } from './cidr.ts';
import { resolveClientIp } from './client-ip.ts';

const trustedProxies = parseCidrList(['127.0.0.1/32', '10.0.0.0/8']);
const base = { trustProxy: false, clientIpHeader: 'x-forwarded-for', trustedProxies };

describe('resolveClientIp with --trusted-proxies', () => {
  test('the header is believed from a listed peer', () => {
    assert.equal(resolveClientIp({ ...base, socketAddress: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.4' } }), '198.51.100.4');
    assert.equal(resolveClientIp({ ...base, socketAddress: '::ffff:10.1.2.3', headers: { 'x-forwarded-for': '198.51.100.4' } }), '198.51.100.4');
  });

  test('the header from any other peer is ignored: the peer is the client', () => {
    for (const socketAddress of ['203.0.113.9', '11.0.0.1', '::1']) {
      assert.equal(
        resolveClientIp({ ...base, socketAddress, headers: { 'x-forwarded-for': '198.51.100.4' } }),
        socketAddress === '::1' ? '::1' : socketAddress,
      );
    }
  });

  test('listed proxies in the chain are skipped from the right; forged entries left of the client are ignored', () => {
    const headers = { 'x-forwarded-for': '1.2.3.4, 198.51.100.4, 10.9.9.9' };
    assert.equal(resolveClientIp({ ...base, socketAddress: '127.0.0.1', headers }), '198.51.100.4');
  });

  test('a chain of proxies only yields its leftmost address', () => {
    assert.equal(resolveClientIp({ ...base, socketAddress: '127.0.0.1', headers: { 'x-forwarded-for': '10.0.0.5, 10.0.0.6' } }), '10.0.0.5');
  });
});
