import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateIpKeys, rotateIpKey } from '../privacy/ip-key-store.ts';
import { openStore } from '../store/open-store.ts';

const binPath = fileURLToPath(new URL('../../bin/wildchat.js', import.meta.url));

function wildchat(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const home = os.tmpdir();
  const result = spawnSync(binPath, args, {
    cwd: home,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home, WILDCHAT_FROM_SOURCE: process.env.WILDCHAT_FROM_SOURCE },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('wildchat keys retire', () => {
  test('refuses the current key and a key recent data still needs; retires for good once none does', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-retire-'));
    try {
      await loadOrCreateIpKeys(dataDir);
      const store = openStore(dataDir);
      const request = { hashedIp: 'ab'.repeat(32), ipKeyId: 'k1', country: null, state: null, userAgent: null, acceptLanguage: null };
      const consent = await store.createConsent({ tokenHash: 'e'.repeat(64), termsVersion: 'v1', consentedAt: Date.now(), context: request });
      await store.createConversation({ consentId: consent.id, source: 'native', createdAt: Date.now() });
      await store.close();

      const current = wildchat('keys', 'retire', 'k1', '--data-dir', dataDir);
      assert.equal(current.status === 0, false);
      assert.match(current.stderr + current.stdout, /current key/, JSON.stringify(current));

      await rotateIpKey(dataDir);
      const needed = wildchat('keys', 'retire', 'k1', '--data-dir', dataDir);
      assert.equal(needed.status === 0, false);
      assert.match(needed.stderr, /1 stored conversation\(s\) hashed with k1 are still inside the review window/);

      const retired = wildchat('keys', 'retire', 'k1', '--data-dir', dataDir, '--review-window', '0');
      assert.equal(retired.status, 0, retired.stderr);
      const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets', 'ip-hash-keys.json'), 'utf8')) as {
        keys: { id: string }[];
        retiredKeyIds: string[];
      };
      assert.deepEqual(
        file.keys.map((key) => key.id),
        ['k2'],
      );
      assert.deepEqual(file.retiredKeyIds, ['k1']);
      assert.equal(fs.statSync(path.join(dataDir, 'secrets', 'ip-hash-keys.json')).mode & 0o777, 0o600);
      // A later rotation never reuses the retired id.
      assert.equal(await rotateIpKey(dataDir), 'k3');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
