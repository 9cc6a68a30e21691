/**
 * Seeded generators of hostile HTTP requests for hostile-input.test.ts. Every request carries a
 * marker (letters and digits only, so no URL, JSON or header encoding can hide it) wherever the
 * client controls text, so the test can prove that no error body, log line or metric repeats input.
 */

import { seededRandom } from '../../src/analytics/seeded-random.ts';

/** A public address some requests claim through X-Forwarded-For; it must never reach a log. */
export const PROXY_IP = '198.51.100.23';

export interface Random {
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** Reproducible from one 32-bit seed (see seededRandom). */
export function createRandom(seed: number): Random {
  const next = seededRandom(seed);
  return {
    next,
    int: (below) => Math.floor(next() * below),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (probability) => next() < probability,
  };
}

/** What the generators need to know about the server under test. */
export interface FuzzTargets {
  termsVersion: string;
  validToken: string;
  /** Consented to terms that are no longer current. */
  outdatedToken: string;
  /** Withdrawn with DELETE /api/me. */
  withdrawnToken: string;
  ownConversationId: string;
  ownTurnId: number;
  otherConversationId: string;
  otherTurnId: number;
  model: string;
  /** The server's maxBodyBytes. */
  maxBodyBytes: number;
}

export interface HostileRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer | null;
}

/** JSON text fragments, some of them impossible to produce with JSON.stringify (1e999, lone surrogate escapes). */
function junkJson(random: Random, marker: string): string {
  const quoted = JSON.stringify(marker);
  const choices: (() => string)[] = [
    () => quoted,
    () => JSON.stringify(`\u0000${marker}\u0007\u001b[31m`),
    () => `"${marker}\\ud800"`,
    () => `"\\udfff${marker}\\ud83d"`,
    () => JSON.stringify(`${marker}\u202e\u200b\ufeff\u2028\u2029`),
    () => JSON.stringify(`${marker}${'\u0301'.repeat(3000)}`),
    () => JSON.stringify(`${marker} `.repeat(3000)),
    () => JSON.stringify(`😀${marker}👨‍👩‍👧‍👦🏳️‍🌈`),
    () => JSON.stringify(`${marker}\n\r\t"\\</script><img src=x>`),
    () => JSON.stringify(`   \n\t${marker}`),
    () => '"   "',
    () => '""',
    () => '1e999',
    () => '-1e999',
    () => '123456789012345678901234567890',
    () => '-0',
    () => '-1',
    () => '0',
    () => '1.5',
    () => '9007199254740993',
    () => '5e-324',
    () => 'true',
    () => 'false',
    () => 'null',
    () => `[${quoted}]`,
    () => '[]',
    () => '{}',
    () => `{${quoted}:${quoted}}`,
    () => `{"__proto__":{"polluted":${quoted}},"constructor":{"prototype":{"polluted":${quoted}}}}`,
    () => `${'['.repeat(3000)}${quoted}${']'.repeat(3000)}`,
    () => `${'{"a":'.repeat(2000)}${quoted}${'}'.repeat(2000)}`,
    () => `{"type":"text","text":${quoted}}`,
    () => `[{"type":"image_url","image_url":{"url":${quoted}}}]`,
    () => `[{"type":"text","text":${quoted}},{"type":"text"}]`,
    () => `{"temperature":${quoted},"top_p":-1,"max_tokens":1e999,"logit_bias":{${quoted}:100}}`,
  ];
  return random.pick(choices)();
}

type Fields = Record<string, string>;

interface RouteSpec {
  method: string;
  path: (random: Random, marker: string) => string;
  /** Valid JSON text per field, which mutations then break. Absent: the route takes no body. */
  fields?: (targets: FuzzTargets, marker: string) => Fields;
  needsToken: boolean;
  /** Never sent with the valid token or the own conversation (it would end the fuzz's own data). */
  destructive?: boolean;
}

function conversationId(random: Random, marker: string, targets: FuzzTargets, destructive: boolean): string {
  const choices = [
    targets.otherConversationId,
    '00000000-0000-4000-8000-000000000000',
    marker,
    `..%2F..%2F${marker}`,
    `%00${marker}`,
    `${marker}%FF%FE`,
    `%E0%A4%A${marker}`,
    marker.repeat(150),
    '-1',
    'NaN',
    '1e999',
    '%20',
    encodeURIComponent(`😀${marker}\u202e`),
    `${marker}%2Fmessages`,
    `${marker}%3Fx%3D1`,
  ];
  // Half the time the caller's own conversation, so the body and the turn ids get checked too.
  if (!destructive && random.chance(0.5)) return targets.ownConversationId;
  return random.pick(choices);
}

function turnId(random: Random, marker: string, targets: FuzzTargets): string {
  return random.pick([
    String(targets.ownTurnId),
    String(targets.ownTurnId),
    String(targets.otherTurnId),
    '0',
    '-1',
    '1.5',
    'NaN',
    'Infinity',
    '1e308',
    '9007199254740993',
    '0x1',
    marker,
    `%00${marker}`,
    '99999999999999999999999',
    '%201',
    `1%20${marker}`,
  ]);
}

function conversationsQuery(random: Random, marker: string): string {
  const limit = random.pick(['', '0', '-1', '201', '1e999', 'NaN', `abc${marker}`, '1.5', '50&limit=2', '%FF', '9'.repeat(400), '25']);
  const before = random.pick([
    '',
    marker,
    '2026-02-31T00:00:00Z',
    '2026-02-30T24:00:00Z',
    '9999-12-31T23:59:59Z',
    '0000-01-01T00:00:00Z',
    '2026-11-26T04:27:43.014%2B14:00',
    '2026-11-26T04:27:43.014-23:59',
    `2026-11-26T04:27:43Z${marker}`,
    '275760-09-13T00:00:00Z',
  ]);
  const parts = [];
  if (limit !== '' || random.chance(0.3)) parts.push(`limit=${limit}`);
  if (before !== '' || random.chance(0.3)) parts.push(`before=${before}`);
  if (random.chance(0.2)) parts.push(`${marker}=${marker}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function routes(targets: FuzzTargets): RouteSpec[] {
  const nativeSend = (marker: string): Fields => ({
    content: JSON.stringify(`hello ${marker}`),
    parentTurnId: 'null',
    model: JSON.stringify(targets.model),
    params: '{"temperature":0.5,"top_p":1,"max_tokens":16}',
  });
  return [
    { method: 'GET', path: () => '/api/terms', needsToken: false },
    { method: 'GET', path: () => '/api/config', needsToken: false },
    {
      method: 'POST',
      path: () => '/api/consent',
      fields: () => ({ accepted: 'true', termsVersion: JSON.stringify(targets.termsVersion) }),
      needsToken: false,
    },
    { method: 'GET', path: (random, marker) => `/api/conversations${conversationsQuery(random, marker)}`, needsToken: true },
    { method: 'POST', path: () => '/api/conversations', fields: (_, marker) => ({ title: JSON.stringify(`t ${marker}`) }), needsToken: true },
    { method: 'GET', path: (random, marker) => `/api/conversations/${conversationId(random, marker, targets, false)}`, needsToken: true },
    {
      method: 'PATCH',
      path: (random, marker) => `/api/conversations/${conversationId(random, marker, targets, false)}`,
      fields: (_, marker) => ({ title: JSON.stringify(`renamed ${marker}`) }),
      needsToken: true,
    },
    { method: 'DELETE', path: (random, marker) => `/api/conversations/${conversationId(random, marker, targets, true)}`, needsToken: true, destructive: true },
    {
      method: 'POST',
      path: (random, marker) => `/api/conversations/${conversationId(random, marker, targets, false)}/messages`,
      // An edit of the setup turn (same parent: none).
      fields: (_, marker) => ({ ...nativeSend(marker), editOf: String(targets.ownTurnId) }),
      needsToken: true,
    },
    {
      method: 'POST',
      path: (random, marker) => `/api/conversations/${conversationId(random, marker, targets, false)}/messages`,
      fields: (_, marker) => ({ ...nativeSend(marker), parentTurnId: String(targets.ownTurnId) }),
      needsToken: true,
    },
    {
      method: 'POST',
      path: (random, marker) => `/api/conversations/${conversationId(random, marker, targets, false)}/turns/${turnId(random, marker, targets)}/regenerate`,
      fields: () => ({ model: JSON.stringify(targets.model), params: '{"temperature":1}' }),
      needsToken: true,
    },
    { method: 'POST', path: (random, marker) => `/api/turns/${turnId(random, marker, targets)}/stop`, needsToken: true },
    { method: 'GET', path: () => '/api/me/export', needsToken: true },
    { method: 'DELETE', path: () => '/api/me', needsToken: true, destructive: true },
    { method: 'GET', path: () => '/v1/models', needsToken: true },
    {
      method: 'POST',
      path: () => '/v1/chat/completions',
      fields: (_, marker) => ({
        model: JSON.stringify(targets.model),
        messages: JSON.stringify([
          { role: 'system', content: `be brief ${marker}` },
          { role: 'user', content: `hi ${marker}` },
          { role: 'assistant', content: `hello ${marker}` },
          { role: 'user', content: [{ type: 'text', text: `again ${marker}` }] },
        ]),
        stream: 'false',
        temperature: '0.2',
        n: '1',
        stop: JSON.stringify([marker]),
        tools: `[{"type":"function","function":{"name":${JSON.stringify(marker)}}}]`,
      }),
      needsToken: true,
    },
    { method: 'GET', path: () => '/healthz', needsToken: false },
    { method: 'GET', path: () => '/metrics', needsToken: false },
    {
      method: 'GET',
      path: (random, marker) => random.pick([`/c/${marker}`, `/${marker}.js`, `/assets/${marker}`, `/api/${marker}`, `/v1/${marker}`, `/v1`, `/api`]),
      needsToken: false,
    },
  ];
}

function authorization(random: Random, marker: string, targets: FuzzTargets, route: RouteSpec): string | string[] | null {
  const valid = targets.validToken;
  const junk = [
    null,
    `Bearer ${targets.outdatedToken}`,
    `Bearer ${targets.withdrawnToken}`,
    `Bearer ${marker}`,
    `Bearer ${marker}${'x'.repeat(Math.max(0, 43 - marker.length))}`,
    `Basic ${Buffer.from(`${marker}:${marker}`).toString('base64')}`,
    `Bearer${' '.repeat(1000)}${marker}`,
    `Bearer ${valid} ${marker}`,
    valid,
    `Bearer ${'a'.repeat(4000)}${marker}`,
    `Bearer ${valid.slice(0, 42)}`,
    `Bearer ${valid}${valid}`,
    [`Bearer ${marker}`, `Bearer ${valid}`],
  ];
  if (route.destructive) return random.pick(junk);
  if (random.chance(route.needsToken ? 0.7 : 0.2)) return random.pick([`Bearer ${valid}`, `bearer ${valid}`, `Bearer ${valid}\t`]);
  return random.pick(junk);
}

function bodyOf(fields: Fields): string {
  return `{${Object.entries(fields)
    .map(([key, value]) => `${JSON.stringify(key)}:${value}`)
    .join(',')}}`;
}

/** A broken version of a route's valid body. */
function mutateBody(random: Random, marker: string, fields: Fields, maxBodyBytes: number): { label: string; body: Buffer } {
  const keys = Object.keys(fields);
  const mutations: (() => { label: string; body: Buffer })[] = [
    () => {
      const key = random.pick(keys);
      return { label: `field ${key} junk`, body: Buffer.from(bodyOf({ ...fields, [key]: junkJson(random, marker) })) };
    },
    () => {
      const key = random.pick(keys);
      return { label: `nested ${key} junk`, body: Buffer.from(bodyOf({ ...fields, [key]: `{${JSON.stringify(key)}:${junkJson(random, marker)}}` })) };
    },
    () => {
      const key = random.pick(['__proto__', 'constructor', 'prototype', marker, 'toString', 'hasOwnProperty', '']);
      return { label: `extra key ${key === marker ? 'marker' : key}`, body: Buffer.from(bodyOf({ ...fields, [key]: junkJson(random, marker) })) };
    },
    () => {
      const key = random.pick(keys);
      const rest = { ...fields };
      delete rest[key];
      return { label: `missing ${key}`, body: Buffer.from(bodyOf(rest)) };
    },
    () => {
      const key = random.pick(keys);
      return { label: `duplicate ${key}`, body: Buffer.from(`${bodyOf(fields).slice(0, -1)},${JSON.stringify(key)}:${junkJson(random, marker)}}`) };
    },
    () => ({ label: 'top-level junk', body: Buffer.from(junkJson(random, marker)) }),
    () => {
      const text = bodyOf({ ...fields, [random.pick(keys)]: JSON.stringify(marker) });
      const cut = text.indexOf(marker) + marker.length + random.int(Math.max(1, text.length - text.indexOf(marker) - marker.length - 1));
      return { label: 'truncated', body: Buffer.from(text.slice(0, cut)) };
    },
    () => {
      const text = bodyOf({ ...fields, [random.pick(keys)]: JSON.stringify(`${marker}INVALID`) });
      const invalid = random.pick([[0xc3, 0x28], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]);
      const [head, tail] = text.split('INVALID') as [string, string];
      return { label: 'invalid UTF-8', body: Buffer.concat([Buffer.from(head), Buffer.from(invalid), Buffer.from(tail)]) };
    },
    () => ({ label: 'BOM', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bodyOf(fields))]) }),
    () => ({ label: 'UTF-16', body: Buffer.from(bodyOf({ ...fields, [random.pick(keys)]: JSON.stringify(marker) }), 'utf16le') }),
    () => ({ label: 'form-encoded', body: Buffer.from(`content=${marker}&accepted=true`) }),
    () => ({ label: 'xml', body: Buffer.from(`<?xml version="1.0"?><content>${marker}</content>`) }),
    () => ({ label: 'NaN literal', body: Buffer.from(`{"content":NaN,"parentTurnId":Infinity,"title":${JSON.stringify(marker)}}`) }),
    () => ({ label: 'empty', body: Buffer.alloc(0) }),
    () => ({ label: 'whitespace', body: Buffer.from(' \n\t\r ') }),
    () => ({
      label: 'huge',
      body: Buffer.from(bodyOf({ ...fields, [random.pick(keys)]: JSON.stringify(marker.repeat(Math.ceil(maxBodyBytes / marker.length) + 10)) })),
    }),
    () => ({
      label: 'many keys',
      body: Buffer.from(bodyOf({ ...fields, ...Object.fromEntries(Array.from({ length: 2000 }, (_, index) => [`${marker}${index}`, '1'])) })),
    }),
  ];
  return random.pick(mutations)();
}

function hostileHeaders(random: Random, marker: string): { label: string; headers: Record<string, string | string[]> } {
  const headers: Record<string, string | string[]> = {};
  const labels: string[] = [];
  const count = random.int(3);
  for (let index = 0; index < count; index += 1) {
    const kind = random.int(9);
    labels.push(`header${kind}`);
    if (kind === 0)
      headers['content-type'] = random.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        `multipart/form-data; boundary=${marker}`,
        'application/json; charset=utf-16',
        `application/${marker}`,
        'application/json'.repeat(50),
      ]);
    // Raw UTF-8 bytes in a header, as a hostile client would send them.
    if (kind === 1) headers['user-agent'] = Buffer.from(`${marker} 😀 \u202e ${'ü'.repeat(random.int(1000))}`, 'utf8').toString('latin1');
    if (kind === 2) headers['accept-language'] = random.pick([`${marker};q=NaN`, `*;q=1e999, ${marker}`, `${'de-DE,'.repeat(200)}${marker}`]);
    if (kind === 3)
      headers['x-forwarded-for'] = random.pick([
        `${marker}, ${PROXY_IP}`,
        PROXY_IP,
        `[::ffff:${PROXY_IP}]:${marker}`,
        `${'1.2.3.4, '.repeat(600)}${marker}`,
        '999.999.999.999',
        'unknown',
      ]);
    if (kind === 4) headers.forwarded = `for="[${marker}]";proto=https, for=${PROXY_IP}`;
    if (kind === 5) for (let header = 0; header < 60; header += 1) headers[`x-junk-${header}`] = `${marker}${header}`;
    if (kind === 6) headers[`x-${marker}`] = `${marker}${'y'.repeat(3000)}`;
    if (kind === 7) headers['content-type'] = ['application/json', `text/${marker}`];
    if (kind === 8) headers.cookie = `session=${marker}; __proto__=${marker}`;
  }
  return { label: labels.join('+'), headers };
}

/** `count` seeded requests spread over every route; headers stay under Node's 16 KB limit (the raw cases go over it). */
export function generateRequests(seed: number, count: number, marker: string, targets: FuzzTargets): HostileRequest[] {
  const random = createRandom(seed);
  const specs = routes(targets);
  const requests: HostileRequest[] = [];
  for (let index = 0; index < count; index += 1) {
    const spec = specs[index % specs.length] ?? specs[0];
    if (spec === undefined) throw new Error('no routes');
    const requestMarker = `${marker}${index}`;
    const { label: headerLabel, headers } = hostileHeaders(random, requestMarker);
    const auth = authorization(random, requestMarker, targets, spec);
    if (auth !== null) headers.authorization = auth;
    let body: Buffer | null = null;
    let bodyLabel = 'no body';
    if (spec.fields !== undefined) {
      const fields = spec.fields(targets, requestMarker);
      if (random.chance(0.25)) {
        body = Buffer.from(bodyOf(fields));
        bodyLabel = 'valid body';
      } else {
        ({ label: bodyLabel, body } = mutateBody(random, requestMarker, fields, targets.maxBodyBytes));
      }
      headers['content-type'] ??= 'application/json';
    } else if (random.chance(0.2)) {
      ({ label: bodyLabel, body } = mutateBody(random, requestMarker, { junk: JSON.stringify(requestMarker) }, targets.maxBodyBytes));
    }
    let method = spec.method;
    // Now and then the wrong method for the route.
    if (!spec.destructive && random.chance(0.08)) method = random.pick(['PUT', 'OPTIONS', 'HEAD', 'PROPFIND', 'TRACE', 'PATCH']);
    const path = spec.path(random, requestMarker);
    requests.push({
      label: `#${index} ${method} ${path.slice(0, 60)} ${spec.method === method ? '' : `(route ${spec.method}) `}[${bodyLabel}; ${headerLabel || 'plain headers'}]`,
      method,
      path,
      headers,
      body: method === 'GET' || method === 'HEAD' || method === 'TRACE' ? null : body,
    });
  }
  return requests;
}
