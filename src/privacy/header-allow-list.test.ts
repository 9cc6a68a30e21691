import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAXIMUM_HEADER_VALUE_LENGTH, pickAllowedHeaders } from './header-allow-list.ts';

describe('pickAllowedHeaders', () => {
  test('keeps only user-agent and accept-language', () => {
    const picked = pickAllowedHeaders(
      new Headers({
        'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64)',
        'Accept-Language': 'en-US,en;q=0.9',
        Cookie: 'session=secret',
        Authorization: 'Bearer token',
        'X-Forwarded-For': '198.51.100.1',
      }),
    );
    assert.deepEqual(picked, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', acceptLanguage: 'en-US,en;q=0.9' });
  });

  test('gives null for missing or blank headers', () => {
    assert.deepEqual(pickAllowedHeaders({ 'user-agent': '   ' }), { userAgent: null, acceptLanguage: null });
  });

  test('bounds the length by code points and strips control characters', () => {
    const long = '😀'.repeat(MAXIMUM_HEADER_VALUE_LENGTH + 50);
    const picked = pickAllowedHeaders({ 'user-agent': long, 'accept-language': 'de\u0000-DE\r\n' });
    assert.equal(Array.from(picked.userAgent ?? '').length, MAXIMUM_HEADER_VALUE_LENGTH);
    assert.ok(!(picked.userAgent ?? '').includes('\uFFFD'));
    assert.equal(picked.acceptLanguage, 'de-DE');
  });
});
