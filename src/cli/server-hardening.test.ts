import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { pino, type Logger } from 'pino';
import { hardenedServerOptions, hardenServer, startMetricsListener, warnAboutExposure } from './server-hardening.ts';
import type { ServeConfig } from '../settings/serve-settings.ts';

const baseConfig = { host: '127.0.0.1', trustProxy: false, clientIpHeader: 'x-forwarded-for' } as const;

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }), lines };
}

describe('server hardening', () => {
  test('a trickled request body is cut at --request-timeout-ms instead of being held', async () => {
    const app = new Hono();
    app.post('/upload', async (c) => c.text(String((await c.req.text()).length)));
    const config = { ...baseConfig, requestTimeoutMs: 1000, headersTimeoutMs: 1000 } as ServeConfig;
    const server = createAdaptorServer({ fetch: app.fetch, serverOptions: hardenedServerOptions(config) });
    hardenServer(server, config);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    const startedAt = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
        const trickle = setInterval(() => socket.write('a'), 100);
        socket.on('close', () => {
          clearInterval(trickle);
          resolve(Date.now() - startedAt);
        });
        socket.on('error', () => undefined);
      });
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.ok(closedAfter < 5000, `held for ${closedAfter} ms`);
    assert.equal((server as unknown as { maxConnections: number }).maxConnections, 2000);
  });

  test('warns when the client IP header is believed from every peer, not with --trusted-proxies', () => {
    const open = capture();
    warnAboutExposure({ ...baseConfig, trustProxy: true } as ServeConfig, open.logger);
    assert.ok(open.lines.some((line) => line.includes('trusted from every peer')));
    const listed = capture();
    warnAboutExposure({ ...baseConfig, trustProxy: true, trustedProxies: ['10.0.0.0/8'] } as ServeConfig, listed.logger);
    assert.equal(listed.lines.length, 0);
  });

  test('--metrics-port serves /metrics on 127.0.0.1 only', async () => {
    const { logger } = capture();
    const listener = await startMetricsListener(0, () => 'wildchat_demo 1\n', logger);
    try {
      const response = await fetch(`http://127.0.0.1:${listener.port}/metrics`);
      assert.equal(await response.text(), 'wildchat_demo 1\n');
      assert.equal((await fetch(`http://127.0.0.1:${listener.port}/api/config`)).status, 404);
    } finally {
      await listener.close();
    }
  });
});
