import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { coarsenTimestamp } from './coarsen-time.ts';
import { LocationGeneraliser } from './location-generaliser.ts';
import { ReleaseKeys } from './release-keys.ts';
import { formatReducedUserAgent, reduceAcceptLanguage, reduceUserAgent } from './user-agent-family.ts';

describe('anonymised profile parts', () => {
  test('timestamps are cut to the unit', () => {
    assert.equal(coarsenTimestamp('2024-05-01T13:47:12.345Z', 'hour'), '2024-05-01T13:00:00Z');
    assert.equal(coarsenTimestamp('2024-05-01T13:47:12.345Z', 'day'), '2024-05-01T00:00:00Z');
    assert.equal(coarsenTimestamp('2024-05-01T13:47:12.345Z', 'minute'), '2024-05-01T13:47:00Z');
    assert.equal(coarsenTimestamp('2024-05-01T13:47:12.345Z', 'second'), '2024-05-01T13:47:12Z');
    assert.equal(coarsenTimestamp(null, 'hour'), null);
  });

  test('user-agents reduce to family, major version and OS', () => {
    const cases: [string, string][] = [
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36', 'Chrome 120 (Windows)'],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
        'Edge 120 (Windows)',
      ],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15', 'Safari 17 (macOS)'],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
        'Safari 17 (iOS)',
      ],
      ['Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox 121 (Linux)'],
      [
        'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
        'Samsung Internet 23 (Android)',
      ],
      ['curl/8.5.0', 'curl 8 (Other)'],
      ['something odd', 'Other (Other)'],
    ];
    for (const [userAgent, expected] of cases) assert.equal(formatReducedUserAgent(reduceUserAgent(userAgent)), expected, userAgent);
    assert.equal(reduceUserAgent(null), null);
  });

  test('accept-language keeps the distinct primary tags in order', () => {
    assert.equal(reduceAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5'), 'fr, en, de');
    assert.equal(reduceAcceptLanguage('*'), null);
    assert.equal(reduceAcceptLanguage(null), null);
  });

  test('release keys: deterministic per secret, unrelated across secrets, never the input', () => {
    const one = new ReleaseKeys(new Uint8Array(32).fill(1));
    const again = new ReleaseKeys(new Uint8Array(32).fill(1));
    const other = new ReleaseKeys(new Uint8Array(32).fill(2));
    assert.equal(one.hashedIp('ab'.repeat(32)), again.hashedIp('ab'.repeat(32)));
    assert.notEqual(one.hashedIp('ab'.repeat(32)), other.hashedIp('ab'.repeat(32)));
    assert.match(one.conversationId('conv-1'), /^[0-9a-f]{32}$/);
    assert.notEqual(one.conversationId('x'), one.hashedIp('x').slice(0, 32), 'purposes are separated');
    assert.throws(() => new ReleaseKeys(new Uint8Array(16)));
  });

  test('state is withheld below k users, then country; at k both stay', () => {
    const location = new LocationGeneraliser(3);
    for (const user of ['u1', 'u2', 'u3']) location.add({ user, country: 'Germany', state: 'Berlin', family: 'Chrome' });
    location.add({ user: 'u4', country: 'Germany', state: 'Bavaria', family: 'Chrome' });
    location.add({ user: 'u5', country: 'Iceland', state: 'Reykjavik', family: 'Chrome' });
    // The same user many times is still one user.
    for (let index = 0; index < 5; index += 1) location.add({ user: 'u6', country: 'Germany', state: 'Hamburg', family: 'Firefox' });
    assert.deepEqual(location.generalise('Germany', 'Berlin', 'Chrome'), { country: 'Germany', state: 'Berlin' });
    assert.deepEqual(location.generalise('Germany', 'Bavaria', 'Chrome'), { country: 'Germany', state: null });
    assert.deepEqual(location.generalise('Iceland', 'Reykjavik', 'Chrome'), { country: null, state: null });
    assert.deepEqual(location.generalise('Germany', 'Hamburg', 'Firefox'), { country: null, state: null });
  });
});
