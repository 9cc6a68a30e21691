/**
 * The raw client IP must never reach disk or logs. Runs the real CLI behind a "proxy" header, sends
 * every kind of traffic, stops it, then searches every byte of every file in the data folder
 * (database, -wal, -shm, keys) and everything the process printed for the IP in several encodings.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startUpstreamDouble, type UpstreamDouble } from '../doubles/upstream-double.ts';
import { startCliServer, type CliServer } from './cli-process.ts';
import { authHeaders, readSse } from './server-harness.ts';

const IPV4 = '203.0.113.77';
const IPV6 = '2001:db8:85a3::8a2e:370:7334';
const IPV6_EXPANDED = '2001:0db8:85a3:0000:0000:8a2e:0370:7334';

/** Every encoding of an IP we would recognise: text, UTF-16, hex text, and the packed address bytes. */
function needles(): { label: string; bytes: Buffer }[] {
  const result: { label: string; bytes: Buffer }[] = [];
  for (const text of [IPV4, IPV6, IPV6_EXPANDED]) {
    result.push({ label: `${text} (utf8)`, bytes: Buffer.from(text, 'utf8') });
    result.push({ label: `${text} (utf16le)`, bytes: Buffer.from(text, 'utf16le') });
    result.push({ label: `${text} (hex text)`, bytes: Buffer.from(Buffer.from(text, 'utf8').toString('hex'), 'utf8') });
    result.push({ label: `${text} (base64)`, bytes: Buffer.from(Buffer.from(text, 'utf8').toString('base64').replace(/=+$/, ''), 'utf8') });
  }
  result.push({ label: `${IPV4} (packed)`, bytes: Buffer.from(IPV4.split('.').map(Number)) });
  result.push({ label: `${IPV4} (packed, hex text)`, bytes: Buffer.from('cb00714d', 'utf8') });
  result.push({ label: `${IPV6} (packed)`, bytes: Buffer.from(IPV6_EXPANDED.replace(/:/g, ''), 'hex') });
  result.push({ label: `${IPV6} (packed, hex text)`, bytes: Buffer.from(IPV6_EXPANDED.replace(/:/g, ''), 'utf8') });
  return result;
}

function listFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

describe('no raw IP on disk or in logs (real CLI)', () => {
  let upstream: UpstreamDouble;
  let dataDir: string;
  let server: CliServer;
  let stdout = '';
  let stderr = '';
  let snapshotsDuringRun: Buffer[] = [];

  before(async () => {
    upstream = await startUpstreamDouble({ models: ['double-small'] });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
    server = await startCliServer([
      '--data-dir',
      dataDir,
      '--upstream-url',
      upstream.baseUrl,
      '--models',
      'double-small',
      '--trust-proxy',
      '--flush-interval-ms',
      '20',
      '--log-level',
      'debug',
    ]);
  });
  after(async () => {
    if (server.child.exitCode === null) await server.kill();
    await upstream.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('traffic from an IPv4 and an IPv6 client through every route', async () => {
    upstream.setReply({ text: 'a reply long enough to be flushed while it streams', chunkCount: 10, delayMs: 10 });
    for (const ip of [IPV4, `${IPV6}, 10.0.0.1`, `[${IPV6}]:443`]) {
      const client = { 'x-forwarded-for': ip, 'user-agent': 'LeakTest/1.0', 'accept-language': 'de-DE' };
      const consent = await fetch(`${server.url}/api/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...client },
        body: JSON.stringify({ accepted: true, termsVersion: ((await (await fetch(`${server.url}/api/terms`)).json()) as { version: string }).version }),
      });
      assert.equal(consent.status, 201);
      const { token } = (await consent.json()) as { token: string };
      const created = await fetch(`${server.url}/api/conversations`, { method: 'POST', headers: authHeaders(token, client), body: '{}' });
      const conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
      const events = await readSse(
        await fetch(`${server.url}/api/conversations/${conversationId}/messages`, {
          method: 'POST',
          headers: authHeaders(token, client),
          body: JSON.stringify({ content: 'hello from a client', parentTurnId: null }),
        }),
      );
      assert.equal(events.at(-1)?.event, 'done');
      const openAi = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: authHeaders(token, client),
        body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: 'hello via v1' }] }),
      });
      assert.equal(openAi.status, 200);
      // Refusals and errors are logged too: they must not carry the IP either.
      assert.equal((await fetch(`${server.url}/api/conversations/missing`, { headers: authHeaders(token, client) })).status, 404);
      assert.equal((await fetch(`${server.url}/v1/models`, { headers: { ...client, authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
      await fetch(`${server.url}/api/conversations/${conversationId}/messages`, { method: 'POST', headers: authHeaders(token, client), body: '{bad json' });
    }
    // A copy of the files while the server runs (WAL not yet checkpointed).
    snapshotsDuringRun = listFiles(dataDir).map((file) => fs.readFileSync(file));
    assert.equal(await server.stop(), 0);
    ({ stdout, stderr } = server.output());
  });

  test('the upstream never received the client IP', () => {
    for (const request of upstream.requests) {
      const seen = JSON.stringify(request.headers) + JSON.stringify(request.body);
      assert.ok(!seen.includes(IPV4) && !seen.includes('8a2e:370:7334'), 'no client IP forwarded upstream');
    }
  });

  test('no file in the data folder, during or after the run, holds the IP in any encoding', () => {
    const files = listFiles(dataDir);
    assert.ok(
      files.some((file) => file.endsWith('.sqlite')),
      'the database exists',
    );
    const contents = [
      ...files.map((file) => ({ name: path.basename(file), bytes: fs.readFileSync(file) })),
      ...snapshotsDuringRun.map((bytes, index) => ({ name: `snapshot ${index}`, bytes })),
    ];
    for (const { name, bytes } of contents) {
      for (const needle of needles()) assert.equal(bytes.indexOf(needle.bytes), -1, `${needle.label} found in ${name}`);
    }
  });

  test('stdout and stderr do not hold the IP, the token or the messages', () => {
    assert.ok(stderr.length > 0, 'the server logged something');
    const printed = Buffer.from(stdout + stderr, 'utf8');
    for (const needle of needles()) {
      if (needle.label.includes('packed)')) continue; // binary forms cannot appear in text output
      assert.equal(printed.indexOf(needle.bytes), -1, `${needle.label} printed`);
    }
    assert.ok(!(stdout + stderr).includes('hello from a client'));
    assert.ok(!(stdout + stderr).includes('wrong-token-wrong-token'));
  });
});
