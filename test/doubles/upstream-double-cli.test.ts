import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-double-cli-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));
const doublePath = path.join(import.meta.dirname, 'upstream-double.ts');

function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

test('the standalone double takes --fault KIND:rate and --log FILE on its command line', async () => {
  const log = path.join(directory, 'requests.jsonl');
  const child = spawn(process.execPath, ['--import', 'tsx', doublePath, '--port', '0', '--delay-ms', '1', '--fault', '429:0.5', '--log', log], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [first] = (await once(child.stdout, 'data')) as [Buffer];
    const baseUrl = first.toString('utf8').trim();
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) {
      const reply = await post(`${baseUrl}/chat/completions`, { model: 'double-small', stream: false, messages: [{ role: 'user', content: 'secret words' }] });
      statuses.push(reply.status);
    }
    assert.deepEqual(statuses, [200, 429, 200, 429]);
    const lines = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { path: string; model: string; fault: string | null });
    assert.deepEqual(
      lines.map((line) => [line.path, line.model, line.fault]),
      [
        ['/v1/chat/completions', 'double-small', null],
        ['/v1/chat/completions', 'double-small', '429'],
        ['/v1/chat/completions', 'double-small', null],
        ['/v1/chat/completions', 'double-small', '429'],
      ],
    );
    assert.ok(!fs.readFileSync(log, 'utf8').includes('secret words'), 'the log never holds message content');
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

test('a bad --fault is refused with what it expects', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', doublePath, '--port', '0', '--fault', 'teapot'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number];
  assert.notEqual(code, 0);
  assert.match(stderr, /--fault teapot: expected 429\|500\|stall\|cut\|malformed\[:rate\]/);
});
