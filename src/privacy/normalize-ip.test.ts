import assert from 'node:assert/strict';
import { test } from 'node:test';
import ipaddr from 'ipaddr.js';
import { normalizeIp } from './normalize-ip.ts';

test('canonical IPv4 comes back as it is, the same text ipaddr.js gives', () => {
  for (const ip of ['0.0.0.0', '1.2.3.4', '10.0.0.10', '127.0.0.1', '192.168.255.254', '203.0.113.7', '255.255.255.255']) {
    assert.equal(normalizeIp(ip), ip);
    assert.equal(ipaddr.IPv4.parse(ip).toString(), ip);
  }
});

test('every canonical spelling of a sample of octets is its own normal form', () => {
  for (let octet = 0; octet <= 255; octet += 1) {
    const ip = `${octet}.${255 - octet}.${octet % 10}.${(octet * 7) % 256}`;
    assert.equal(normalizeIp(ip), ipaddr.IPv4.parse(ip).toString());
  }
});

test('other spellings still go through the strict parser', () => {
  assert.equal(normalizeIp(' 1.2.3.4\n'), '1.2.3.4');
  assert.equal(normalizeIp('::ffff:1.2.3.4'), '1.2.3.4');
  assert.equal(normalizeIp('2001:DB8:0:0::1'), '2001:db8::1');
  for (const bad of ['', '1.2.3', '256.1.1.1', '1.2.3.4.5', '127.1', '0x7f.0.0.1', '1.2.3.-1', 'a.b.c.d']) assert.equal(normalizeIp(bad), null, bad);
});
