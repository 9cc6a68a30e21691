import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateIpHasher } from './hmac-ip-hasher.ts';
import { IpKeyFileError, ipKeyFilePath, loadOrCreateIpKeys, rotateIpKey } from './ip-key-store.ts';

const temporaryRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
after(() => fs.rmSync(temporaryRoot, { recursive: true, force: true }));
let counter = 0;
function freshDataDir(): string {
  counter += 1;
  return path.join(temporaryRoot, `data-${counter}`);
}

describe('IP key store', () => {
  test('creates the key file with mode 0600 in a 0700 folder on first run', async () => {
    const dataDir = freshDataDir();
    const hasher = await loadOrCreateIpHasher(dataDir);
    const filePath = ipKeyFilePath(dataDir);
    assert.equal(fs.statSync(filePath).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(filePath)).mode & 0o777, 0o700);
    assert.equal(hasher.currentKeyId, 'k1');
    const file = JSON.parse(fs.readFileSync(filePath, 'utf8'));
    assert.equal(file.currentKeyId, 'k1');
    assert.equal(file.keys.length, 1);
    assert.equal(Buffer.from(file.keys[0].secret, 'base64').length, 32);
    assert.deepEqual(
      fs.readdirSync(path.dirname(filePath)).filter((name) => name.endsWith('.tmp')),
      [],
      'no temp file is left behind',
    );
  });

  test('hashes are 64 hex characters, stable across restarts and differ between IPs', async () => {
    const dataDir = freshDataDir();
    const first = await loadOrCreateIpHasher(dataDir);
    const again = await loadOrCreateIpHasher(dataDir);
    const one = first.hash('198.51.100.7');
    assert.match(one.hashedIp, /^[0-9a-f]{64}$/);
    assert.deepEqual(again.hash('198.51.100.7'), one);
    assert.notEqual(first.hash('198.51.100.8').hashedIp, one.hashedIp);
    assert.equal(first.hash('::ffff:198.51.100.7').hashedIp, one.hashedIp, 'IPv4-mapped form hashes like IPv4');
  });

  test('different data folders have different keys', async () => {
    const a = await loadOrCreateIpHasher(freshDataDir());
    const b = await loadOrCreateIpHasher(freshDataDir());
    assert.notEqual(a.hash('198.51.100.7').hashedIp, b.hash('198.51.100.7').hashedIp);
  });

  test('rotation adds a new current key and keeps the old one for re-deriving old hashes', async () => {
    const dataDir = freshDataDir();
    const before = await loadOrCreateIpHasher(dataDir);
    const oldHash = before.hash('203.0.113.9');
    const newKeyId = await rotateIpKey(dataDir);
    assert.equal(newKeyId, 'k2');
    const after = await loadOrCreateIpHasher(dataDir);
    const newHash = after.hash('203.0.113.9');
    assert.equal(newHash.keyId, 'k2');
    assert.notEqual(newHash.hashedIp, oldHash.hashedIp);
    assert.deepEqual(after.keyIds, ['k1', 'k2']);
    assert.equal(after.hashWithKey('203.0.113.9', 'k1'), oldHash.hashedIp);
    assert.throws(() => after.hashWithKey('203.0.113.9', 'k9'), /no IP key with id k9/);
    assert.equal(fs.statSync(ipKeyFilePath(dataDir)).mode & 0o777, 0o600);
    assert.equal(await rotateIpKey(dataDir), 'k3');
  });

  test('concurrent first runs agree on one key', async () => {
    const dataDir = freshDataDir();
    const rings = await Promise.all([loadOrCreateIpKeys(dataDir), loadOrCreateIpKeys(dataDir), loadOrCreateIpKeys(dataDir)]);
    const secrets = new Set(rings.map((ring) => ring.keys[0]?.secret.toString('hex')));
    assert.equal(secrets.size, 1);
  });

  test('refuses to start when the key file is readable by others', async () => {
    const dataDir = freshDataDir();
    await loadOrCreateIpHasher(dataDir);
    const filePath = ipKeyFilePath(dataDir);
    fs.chmodSync(filePath, 0o644);
    await assert.rejects(loadOrCreateIpHasher(dataDir), (error: unknown) => {
      assert.ok(error instanceof IpKeyFileError);
      assert.match(error.message, /mode 644/);
      assert.match(error.message, /chmod 600/);
      return true;
    });
  });

  test('refuses group-readable (0640) and world-readable (0604) key files; 0600 and 0400 are fine', async () => {
    for (const [mode, refused] of [
      [0o640, true],
      [0o604, true],
      [0o660, true],
      [0o600, false],
      [0o400, false],
    ] as const) {
      const dataDir = freshDataDir();
      await loadOrCreateIpHasher(dataDir);
      fs.chmodSync(ipKeyFilePath(dataDir), mode);
      if (refused) {
        await assert.rejects(
          loadOrCreateIpHasher(dataDir),
          (error: unknown) => error instanceof IpKeyFileError && error.message.includes(`mode ${mode.toString(8)}`),
          mode.toString(8),
        );
      } else {
        await loadOrCreateIpHasher(dataDir);
      }
    }
  });

  test('rejects a malformed key file without quoting its content', async () => {
    const dataDir = freshDataDir();
    const filePath = ipKeyFilePath(dataDir);
    fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
    fs.writeFileSync(filePath, '{"version":1,"currentKeyId":"k2","keys":[{"id":"k1","createdAt":"2026-01-01T00:00:00Z","secret":"c2VjcmV0"}]}', {
      mode: 0o600,
    });
    await assert.rejects(loadOrCreateIpHasher(dataDir), (error: unknown) => {
      assert.ok(error instanceof IpKeyFileError);
      assert.match(error.message, /malformed/);
      assert.ok(!error.message.includes('c2VjcmV0'));
      return true;
    });
    fs.writeFileSync(filePath, 'not json c2VjcmV0', { mode: 0o600 });
    await assert.rejects(loadOrCreateIpHasher(dataDir), (error: unknown) => {
      assert.ok(error instanceof IpKeyFileError);
      assert.ok(!error.message.includes('c2VjcmV0'));
      return true;
    });
  });
});
