import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from './create-logger.ts';

function captured(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  return {
    lines,
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  };
}

describe('createLogger', () => {
  test('censors tokens, authorization headers and keys wherever a caller puts them', async () => {
    const { lines, stream } = captured();
    const logger = createLogger('info', stream);
    const secret = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    logger.info({ token: secret }, 'top-level token');
    logger.info({ consent: { token: secret } }, 'nested token');
    logger.info({ authorization: `Bearer ${secret}` }, 'header');
    logger.info({ headers: { authorization: `Bearer ${secret}` } }, 'headers');
    logger.info({ req: { headers: { authorization: `Bearer ${secret}` } } }, 'request headers');
    logger.info({ upstreamKey: secret, apiKey: secret, config: { upstreamKey: secret, apiKey: secret } }, 'keys');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lines.length, 6);
    for (const line of lines) {
      assert.equal(line.includes(secret), false, line);
      assert.match(line, /\[redacted\]/);
    }
  });
});
