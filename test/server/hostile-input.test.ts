/**
 * Hostile input against a real server (SQLite store in a temp dir, the upstream double over HTTP,
 * the web app mounted): a seeded, bounded fuzz over every route of docs/api.md plus raw-socket
 * requests no HTTP client would send and path traversal on the static route. Every response must be
 * 2xx/4xx with an error body of the documented shape (native on /api, OpenAI's on /v1); nothing may
 * reject unhandled or throw uncaught; and no error body, response header, log line or metric may
 * repeat the marker planted in every hostile input.
 *
 * Reproduce a failure with WILDCHAT_FUZZ_SEED=<seed printed in the test name>.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { createConsentToken, hashConsentToken } from '../../src/server/requests/consent-token.ts';
import { mountWeb } from '../../src/server/static/serve-web.ts';
import { generateRequests, PROXY_IP, type FuzzTargets, type HostileRequest } from './hostile-input-cases.ts';
import { rawRequests, traversalPaths } from './hostile-raw-requests.ts';
import { authHeaders, readSse, startHarness, type Harness } from './server-harness.ts';

const SEED = Number(process.env.WILDCHAT_FUZZ_SEED ?? 20261126);
const GENERATED_REQUESTS = 380;
const CONCURRENT_REQUESTS = 120;
/** Letters and digits only: URL, JSON and header encodings all leave it readable. */
const MARKER = `zq${SEED.toString(36)}hostilemark`;
const SECRET = `topsecret${SEED.toString(36)}filecontent`;
const MAX_BODY_BYTES = 65_536;
const REQUEST_TIMEOUT_MS = 10_000;

const nativeErrorSchema = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
    message: z.string().min(1),
    retryAfterSeconds: z.number().int().positive().optional(),
  }),
});
const openAiErrorSchema = z.strictObject({
  error: z.strictObject({
    message: z.string().min(1),
    type: z.enum(['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'rate_limit_error', 'server_error']),
    param: z.string().nullable(),
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
  }),
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(baseUrl: string, request: HostileRequest): Promise<Reply> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    // Node frames a GET or DELETE body with no length at all, which the server would read as a second request.
    const headers = request.body === null ? request.headers : { 'content-length': String(request.body.byteLength), ...request.headers };
    const outgoing = http.request({ host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
        // The server may have answered (413) before reading an upload we are still writing.
        outgoing.destroy();
      });
      response.on('error', reject);
    });
    outgoing.setTimeout(REQUEST_TIMEOUT_MS, () => outgoing.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the server answered a too-large upload is fine; anything else is a failure.
      reject(error);
    });
    outgoing.end(request.body ?? undefined);
  });
}

/** Writes raw bytes and collects everything until the server closes the connection. */
function sendRaw(baseUrl: string, bytes: Buffer, endEarly: boolean): Promise<string> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port), allowHalfOpen: true });
    const chunks: Buffer[] = [];
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(finish, 2000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(bytes, () => {
      if (endEarly) socket.end();
    });
  });
}

function expectsOpenAiShape(requestPath: string): boolean {
  const pathname = new URL(requestPath, 'http://localhost').pathname;
  let decoded = pathname;
  try {
    decoded = decodeURI(pathname);
  } catch {
    // Undecodable paths are routed as written.
  }
  return decoded.startsWith('/v1/');
}

describe(`hostile input (seed ${SEED})`, () => {
  let harness: Harness;
  let fuzzRoot: string;
  let targets: FuzzTargets;
  const processFaults: string[] = [];
  const onUnhandledRejection = (reason: unknown): void =>
    void processFaults.push(`unhandledRejection: ${reason instanceof Error ? reason.name : typeof reason}`);
  const onUncaughtException = (error: Error): void => void processFaults.push(`uncaughtException: ${error.name}`);

  before(async () => {
    process.on('unhandledRejection', onUnhandledRejection);
    process.on('uncaughtException', onUncaughtException);
    harness = await startHarness({ config: { maxBodyBytes: MAX_BODY_BYTES } });
    // The web app, with a secret file beside its folder that traversal must never reach.
    fuzzRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
    const distDir = path.join(fuzzRoot, 'dist');
    fs.mkdirSync(path.join(distDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>app</title><div id="root"></div>');
    fs.writeFileSync(path.join(distDir, 'assets', 'app-abc123.js'), 'console.log("app");');
    fs.writeFileSync(path.join(fuzzRoot, 'secret.txt'), SECRET);
    mountWeb(harness.app.app, distDir);

    const validToken = await harness.consent({ 'user-agent': 'fuzz-setup' });
    const otherToken = await harness.consent();
    const withdrawnToken = await harness.consent();
    assert.equal((await fetch(`${harness.url}/api/me`, { method: 'DELETE', headers: authHeaders(withdrawnToken) })).status, 200);
    const outdatedToken = createConsentToken();
    await harness.store.createConsent({
      tokenHash: hashConsentToken(outdatedToken),
      termsVersion: 'oldterms0000',
      consentedAt: Date.now(),
      context: { hashedIp: 'f'.repeat(64), ipKeyId: 'k1', country: null, state: null, userAgent: null, acceptLanguage: null },
    });
    const own = await startConversation(validToken);
    const other = await startConversation(otherToken);
    targets = {
      termsVersion: harness.terms.version,
      validToken,
      outdatedToken,
      withdrawnToken,
      ownConversationId: own.conversationId,
      ownTurnId: own.turnId,
      otherConversationId: other.conversationId,
      otherTurnId: other.turnId,
      model: harness.config.models?.[0] ?? 'double-small',
      maxBodyBytes: MAX_BODY_BYTES,
    };
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandledRejection);
    process.off('uncaughtException', onUncaughtException);
    await harness.close();
    fs.rmSync(fuzzRoot, { recursive: true, force: true });
  });

  async function startConversation(token: string): Promise<{ conversationId: string; turnId: number }> {
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    const conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
    const response = await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ content: 'setup message', parentTurnId: null }),
    });
    const done = (await readSse(response)).at(-1);
    assert.equal(done?.event, 'done');
    return { conversationId, turnId: (JSON.parse(done.data) as { turn: { turnIdentifier: number } }).turn.turnIdentifier };
  }

  function checkReply(request: HostileRequest, reply: Reply): void {
    const where = `${request.label} → ${reply.status}`;
    assert.ok(reply.status >= 200 && reply.status < 500, `${where}: status must be 2xx/4xx`);
    if (reply.status < 400) return;
    const headerText = JSON.stringify(reply.headers);
    assert.ok(!headerText.includes(MARKER), `${where}: a response header repeats the input`);
    if (request.method === 'HEAD') return;
    const text = reply.body.toString('utf8');
    assert.ok(!text.includes(MARKER), `${where}: the error body repeats the input: ${text.slice(0, 300)}`);
    assert.ok(!text.includes(targets.validToken), `${where}: the error body contains a token`);
    assert.match(String(reply.headers['content-type']), /^application\/json/, `${where}: errors are JSON`);
    const body: unknown = JSON.parse(text);
    const schema = expectsOpenAiShape(request.path) ? openAiErrorSchema : nativeErrorSchema;
    const parsed = schema.safeParse(body);
    assert.ok(parsed.success, `${where}: error body ${text.slice(0, 300)} does not have the documented shape`);
    const retryAfter = reply.headers['retry-after'];
    if (retryAfter !== undefined) assert.match(String(retryAfter), /^[1-9][0-9]*$/, `${where}: Retry-After is whole seconds`);
  }

  test(`${GENERATED_REQUESTS} generated requests over every route`, async () => {
    const requests = generateRequests(SEED, GENERATED_REQUESTS, MARKER, targets);
    const statuses = new Map<number, number>();
    for (const request of requests) {
      const reply = await send(harness.url, request);
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      checkReply(request, reply);
    }
    // The fuzz reached past validation too, not only the front door.
    assert.ok((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0) > 20, `enough requests succeeded: ${JSON.stringify([...statuses])}`);
    for (const status of [400, 401, 404, 413]) assert.ok((statuses.get(status) ?? 0) > 0, `some requests got ${status}: ${JSON.stringify([...statuses])}`);
  });

  test('the same kind of hostile mix, 20 requests at a time', async () => {
    const requests = generateRequests(SEED + 1, CONCURRENT_REQUESTS, MARKER, targets);
    for (let start = 0; start < requests.length; start += 20) {
      const batch = requests.slice(start, start + 20);
      const replies = await Promise.all(batch.map((request) => send(harness.url, request)));
      replies.forEach((reply, index) => {
        const request = batch[index];
        if (request !== undefined) checkReply(request, reply);
      });
    }
  });

  test('raw requests no HTTP client would send', async () => {
    for (const raw of rawRequests(MARKER, targets)) {
      const text = await sendRaw(harness.url, raw.bytes, raw.endEarly === true);
      const statuses = [...text.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((match) => Number(match[1]));
      // Nothing but an early half-close may go unanswered.
      if (!raw.endEarly) assert.ok(statuses.length > 0, `${raw.label}: the server answered`);
      for (const status of statuses) assert.ok(status >= 200 && status < 500, `${raw.label}: status ${status} must be 2xx/4xx`);
      assert.ok(!text.includes(MARKER), `${raw.label}: the response repeats the input: ${text.slice(0, 300)}`);
      assert.ok(!text.includes('root:x:0:0'), `${raw.label}: a system file was served`);
    }
  });

  test('the static route never serves a file outside the web folder', async () => {
    for (const requestPath of traversalPaths('secret.txt')) {
      const reply = await send(harness.url, { label: `GET ${requestPath}`, method: 'GET', path: requestPath, headers: {}, body: null });
      assert.ok(reply.status === 200 || reply.status === 404, `${requestPath}: status ${reply.status}`);
      const text = reply.body.toString('utf8');
      assert.ok(!text.includes(SECRET), `${requestPath}: served the file beside the web folder`);
      assert.ok(!text.includes('root:x:0:0'), `${requestPath}: served /etc/passwd`);
      // Either the app's page (client routes) or the JSON 404; never anything else from disk.
      if (reply.status === 200) assert.match(text, /<title>app<\/title>/, `${requestPath}: only the app's page is served`);
      else checkReply({ label: `GET ${requestPath}`, method: 'GET', path: requestPath, headers: {}, body: null }, reply);
    }
  });

  test('turn ids in paths are plain decimal numbers (0x1, " 1" and 1e0 do not name turn 1)', async () => {
    const id = targets.ownTurnId;
    for (const spelling of [`0x${id.toString(16)}`, `%20${id}`, `${id}%20`, `${id}e0`, `${id}.0`, `+${id}`, `0${id}`, `0b${id.toString(2)}`]) {
      const stop = await fetch(`${harness.url}/api/turns/${spelling}/stop`, { method: 'POST', headers: authHeaders(targets.validToken) });
      assert.equal(stop.status, 404, `stop ${spelling}`);
      const regenerate = await fetch(`${harness.url}/api/conversations/${targets.ownConversationId}/turns/${spelling}/regenerate`, {
        method: 'POST',
        headers: authHeaders(targets.validToken),
        body: '{}',
      });
      assert.equal(regenerate.status, 404, `regenerate ${spelling}`);
    }
    const stop = await fetch(`${harness.url}/api/turns/${id}/stop`, { method: 'POST', headers: authHeaders(targets.validToken) });
    assert.deepEqual(await stop.json(), { stopped: false });
  });

  test('lone surrogates become U+FFFD before storage, so the store holds valid UTF-8 and resent history still links', async () => {
    const headers = authHeaders(targets.validToken);
    // JSON escapes can spell a lone surrogate; JSON.stringify would escape it the same way.
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers, body: '{"title":"a\\ud800b"}' });
    const conversationId = ((await created.json()) as { conversation: { id: string; title: string } }).conversation.id;
    const read = (await (await fetch(`${harness.url}/api/conversations/${conversationId}`, { headers })).json()) as { conversation: { title: string } };
    assert.equal(read.conversation.title, 'a\ufffdb');

    const first = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: '{"model":"double-small","messages":[{"role":"system","content":"s\\udc00"},{"role":"user","content":"u\\ud800"}]}',
    });
    const firstBody = (await first.json()) as { id: string; choices: { message: { content: string } }[] };
    const firstTurn = await harness.store.getTurn(Number(firstBody.id.replace('chatcmpl-wildchat-', '')));
    assert.ok(firstTurn !== null);
    assert.equal((await harness.store.getConversation(firstTurn.conversationId))?.systemPrompt, 's\ufffd');
    assert.equal(firstTurn.userContent, 'u\ufffd');
    // The client resends its own (ill-formed) history: it must continue the same conversation.
    const reply = JSON.stringify(firstBody.choices[0]?.message.content);
    const second = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: `{"model":"double-small","messages":[{"role":"system","content":"s\\udc00"},{"role":"user","content":"u\\ud800"},{"role":"assistant","content":${reply}},{"role":"user","content":"next"}]}`,
    });
    const secondTurn = await harness.store.getTurn(Number(((await second.json()) as { id: string }).id.replace('chatcmpl-wildchat-', '')));
    assert.equal(secondTurn?.conversationId, firstTurn.conversationId);
    assert.equal(secondTurn?.parentTurnId, firstTurn.turnIdentifier);
  });

  test('afterwards: the server is healthy, nothing leaked, nothing was polluted', async () => {
    assert.deepEqual(processFaults, [], 'no unhandled rejection or uncaught exception');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was not polluted');

    const logs = harness.logLines.join('');
    assert.ok(harness.logLines.length > GENERATED_REQUESTS + CONCURRENT_REQUESTS, 'every request was logged');
    assert.ok(!logs.includes(MARKER), `a log line repeats the input: ${harness.logLines.find((line) => line.includes(MARKER))?.slice(0, 300)}`);
    assert.ok(!logs.includes(targets.validToken), 'a log line holds the token');
    assert.ok(!logs.includes(PROXY_IP), 'a log line holds the client IP');
    assert.ok(!logs.includes(SECRET));

    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    assert.ok(!metrics.includes(MARKER), 'a metric label repeats the input');
    const requestSeries = metrics.split('\n').filter((line) => line.startsWith('wildchat_http_requests_total{'));
    assert.ok(requestSeries.length < 120, `request metric series stay few (${requestSeries.length})`);

    assert.equal((await fetch(`${harness.url}/healthz`)).status, 200);
    const { conversationId } = await startConversation(targets.validToken);
    assert.equal((await fetch(`${harness.url}/api/conversations/${conversationId}`, { headers: authHeaders(targets.validToken) })).status, 200);
  });
});
