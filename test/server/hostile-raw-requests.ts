/**
 * Requests for hostile-input.test.ts that bypass the HTTP client: broken request lines, headers and
 * framing written straight to the socket, and path traversal attempts on the static route.
 */
import type { FuzzTargets } from './hostile-input-cases.ts';

export interface RawRequest {
  label: string;
  bytes: Buffer;
  /** Half-close after writing, for bodies that end early. */
  endEarly?: boolean;
}

/** Requests no well-behaved HTTP client can send: bad bytes in the request line and headers, broken framing. */
export function rawRequests(marker: string, targets: FuzzTargets): RawRequest[] {
  const head = (lines: string[]): Buffer => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  const auth = `Authorization: Bearer ${targets.validToken}`;
  return [
    { label: 'control byte in path', bytes: head([`GET /api/conversations/${marker}\u0001x HTTP/1.1`, 'Host: x', 'Connection: close']) },
    { label: 'NUL in header value', bytes: head(['GET /api/terms HTTP/1.1', 'Host: x', `X-Junk: ${marker}\u0000`, 'Connection: close']) },
    {
      label: 'two different content-lengths',
      bytes: Buffer.from(
        `POST /api/consent HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{"a":${JSON.stringify(marker)}}`,
      ),
    },
    {
      label: 'negative content-length',
      bytes: Buffer.from(`POST /api/consent HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n${marker}`),
    },
    {
      label: 'absurd content-length',
      bytes: Buffer.from(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n${auth}\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n${marker}`,
      ),
    },
    {
      label: 'bad chunk size',
      bytes: Buffer.from(`POST /api/consent HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\n${marker}\r\n0\r\n\r\n`),
    },
    {
      label: 'chunked and content-length',
      bytes: Buffer.from(
        `POST /api/conversations HTTP/1.1\r\nHost: x\r\n${auth}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\n4\r\n{"ti\r\n0\r\n\r\n`,
      ),
    },
    { label: 'header over the size limit', bytes: head(['GET /api/terms HTTP/1.1', 'Host: x', `X-Big: ${marker}${'a'.repeat(20_000)}`, 'Connection: close']) },
    { label: 'unknown method', bytes: head([`${marker.toUpperCase()} /api/terms HTTP/1.1`, 'Host: x', 'Connection: close']) },
    { label: 'unknown HTTP version', bytes: head(['GET /api/terms HTTP/9.9', 'Host: x', 'Connection: close']) },
    {
      label: 'invalid UTF-8 in path',
      bytes: Buffer.concat([
        Buffer.from('GET /api/conversations/'),
        Buffer.from([0xff, 0xfe, 0xc0]),
        Buffer.from(`${marker} HTTP/1.1\r\nHost: x\r\n${auth}\r\nConnection: close\r\n\r\n`),
      ]),
    },
    {
      label: 'invalid UTF-8 in bearer token',
      bytes: Buffer.concat([
        Buffer.from('GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer '),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${marker}\r\nConnection: close\r\n\r\n`),
      ]),
    },
    { label: 'host with spaces', bytes: head(['GET /api/terms HTTP/1.1', `Host: ${marker} bad host`, 'Connection: close']) },
    { label: 'host with a bracket', bytes: head(['GET /api/config HTTP/1.1', `Host: [${marker}`, 'Connection: close']) },
    { label: 'host with a path', bytes: head(['GET /api/config HTTP/1.1', `Host: x/${marker}?#`, 'Connection: close']) },
    { label: 'no host', bytes: head(['GET /api/config HTTP/1.1', 'Connection: close']) },
    { label: 'header line without colon', bytes: head(['GET /api/terms HTTP/1.1', 'Host: x', marker, 'Connection: close']) },
    { label: 'absolute-form target', bytes: head([`GET http://${marker}/api/terms HTTP/1.1`, 'Host: x', 'Connection: close']) },
    { label: 'asterisk target', bytes: head(['OPTIONS * HTTP/1.1', 'Host: x', 'Connection: close']) },
    { label: 'raw traversal', bytes: head([`GET /../../../../etc/passwd?${marker} HTTP/1.1`, 'Host: x', 'Connection: close']) },
    { label: 'raw encoded traversal', bytes: head([`GET /assets/..%2f..%2f..%2f..%2fetc%2fpasswd?${marker} HTTP/1.1`, 'Host: x', 'Connection: close']) },
    { label: 'backslash traversal', bytes: head([`GET /..\\..\\..\\etc\\passwd?${marker} HTTP/1.1`, 'Host: x', 'Connection: close']) },
    { label: 'pipelined garbage', bytes: Buffer.from(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n${marker} garbage\r\n\r\n`) },
    {
      label: 'body shorter than content-length, then half-close',
      bytes: Buffer.from(
        `POST /api/conversations HTTP/1.1\r\nHost: x\r\n${auth}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"title":"${marker}`,
      ),
      endEarly: true,
    },
    { label: 'HTTP/2 preface', bytes: Buffer.from(`PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n${marker}`) },
  ];
}

/** Static-route paths that try to leave the web folder (sent as written, without client-side normalisation). */
export function traversalPaths(secretName: string): string[] {
  return [
    `/../${secretName}`,
    `/..%2f${secretName}`,
    `/%2e%2e/${secretName}`,
    `/%2e%2e%2f${secretName}`,
    `/assets/..%2f..%2f${secretName}`,
    `/assets/%2e%2e%2f%2e%2e%2f${secretName}`,
    `/assets/%252e%252e%252f${secretName}`,
    `/..%5c${secretName}`,
    `/%2e%2e%5c${secretName}`,
    `/....//${secretName}`,
    `/.%2e/${secretName}`,
    `//..//${secretName}`,
    `/%c0%ae%c0%ae/${secretName}`,
    `/${secretName}%00.html`,
    `/index.html%00/../../${secretName}`,
    '/etc/passwd',
    '/%2fetc%2fpasswd',
    '//etc/passwd',
    '/proc/self/environ',
    '/assets/../../../../../../etc/passwd',
    `/dist/../${secretName}`,
  ];
}
