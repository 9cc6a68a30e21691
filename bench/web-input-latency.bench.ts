/**
 * Input latency of the chat page in Debian chromium: time from a keydown to the frame that shows
 * the character, measured in the page, while a reply streams into a 200-message (100-turn)
 * conversation, against an empty chat as the baseline. Also reports how long the long
 * conversation takes to appear and the main-thread long tasks during streaming.
 *
 *   node --import tsx bench/web-input-latency.bench.ts
 */
import os from 'node:os';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, ensureWebBuilt, launchChromium, startStack } from '../test/browser/browser-harness.ts';
import type { Stack } from '../test/browser/browser-harness.ts';

const turnCount = 100;
const typedText = 'the quick brown fox jumps over the lazy dog 0123456789';

const missing = chromiumMissingReason();
if (missing) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}

/** A realistic reply: paragraphs, a list and, every fifth turn, a code block. */
function replyFor(index: number): string {
  const paragraph = `Answer ${index}: here is a reasonably long paragraph that explains the idea in plain words, with **some emphasis** and a \`code span\`, so that the Markdown renderer has real work to do.`;
  const list = '- first point about the topic\n- second point, a bit longer than the first one\n- third point';
  const code =
    index % 5 === 0
      ? '\n\n```js\nfunction sum(values) {\n  return values.reduce((total, value) => total + value, 0);\n}\nconsole.log(sum([1, 2, 3]));\n```'
      : '';
  return `${paragraph}\n\n${list}${code}\n\n${paragraph}`;
}

async function api(stack: Stack, token: string, path: string, body: unknown): Promise<Response> {
  const response = await fetch(stack.serverUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response;
}

async function seedConversation(stack: Stack): Promise<{ token: string; termsVersion: string; consentedAt: string; conversationId: string }> {
  const terms = (await (await fetch(`${stack.serverUrl}/api/terms`)).json()) as { version: string };
  const consentResponse = await fetch(`${stack.serverUrl}/api/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accepted: true, termsVersion: terms.version }),
  });
  const consent = (await consentResponse.json()) as { token: string; termsVersion: string; consentedAt: string };
  const created = (await (await api(stack, consent.token, '/api/conversations', { title: 'A long conversation' })).json()) as {
    conversation: { id: string };
  };
  let parentTurnId: number | null = null;
  for (let index = 1; index <= turnCount; index++) {
    stack.upstream.setReply({ text: replyFor(index), chunkCount: 4 });
    const stream = await (
      await api(stack, consent.token, `/api/conversations/${created.conversation.id}/messages`, {
        content: `Question ${index}: tell me about topic ${index}.`,
        parentTurnId,
      })
    ).text();
    const done = /event: done\ndata: (.*)\n/.exec(stream);
    if (!done?.[1]) throw new Error(`turn ${index} did not finish`);
    parentTurnId = (JSON.parse(done[1]) as { turn: { turnIdentifier: number } }).turn.turnIdentifier;
  }
  return { ...consent, conversationId: created.conversation.id };
}

/** Installs the in-page probe: keydown time → first frame after the textarea shows the character. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = { samples: [] as number[], longTasks: [] as number[] };
    (window as unknown as { __latency: typeof probe }).__latency = probe;
    const input = document.querySelector<HTMLTextAreaElement>('#composer-input');
    if (!input) throw new Error('no composer');
    let pressedAt = 0;
    input.addEventListener('keydown', (event) => {
      pressedAt = event.timeStamp;
    });
    input.addEventListener('input', () => {
      const started = pressedAt;
      // The frame callback runs before paint; a message posted from it runs right after that paint.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => probe.samples.push(performance.now() - started);
        channel.port2.postMessage(null);
      });
    });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
}

async function typeAndCollect(page: Page): Promise<{ samples: number[]; longTasks: number[] }> {
  await page.evaluate(() => {
    const probe = (window as unknown as { __latency: { samples: number[]; longTasks: number[] } }).__latency;
    probe.samples.length = 0;
    probe.longTasks.length = 0;
  });
  await page.locator('#composer-input').focus();
  await page.keyboard.type(typedText, { delay: 40 });
  await page.waitForTimeout(200);
  return page.evaluate(() => {
    const probe = (window as unknown as { __latency: { samples: number[]; longTasks: number[] } }).__latency;
    return { samples: [...probe.samples], longTasks: [...probe.longTasks] };
  });
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

function row(name: string, result: { samples: number[]; longTasks: number[] }): string {
  const { samples, longTasks } = result;
  const format = (value: number): string => value.toFixed(1);
  return `| ${name} | ${samples.length} | ${format(percentile(samples, 0.5))} | ${format(percentile(samples, 0.95))} | ${format(Math.max(...samples))} | ${longTasks.length} (${format(longTasks.reduce((sum, value) => sum + value, 0))} ms) |`;
}

await ensureWebBuilt();
const stack = await startStack({
  serveArguments: ['--rate-limit-per-minute', '100000', '--max-turns', '500', '--max-concurrent-streams', '10'],
  upstream: { recordRequests: false },
});
const browser = await launchChromium();
try {
  const seedStarted = performance.now();
  const seeded = await seedConversation(stack);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(
    (consent) => {
      localStorage.setItem('wildchat.consent', JSON.stringify(consent));
    },
    { token: seeded.token, termsVersion: seeded.termsVersion, consentedAt: seeded.consentedAt },
  );
  const page = await context.newPage();

  // Baseline: an empty chat, nothing streaming.
  await page.goto(stack.baseUrl);
  await page.locator('#composer-input').waitFor();
  await installProbe(page);
  const idle = await typeAndCollect(page);

  // The long conversation: time until all 200 messages are in the page.
  const openStarted = Date.now();
  await page.goto(`${stack.baseUrl}/c/${seeded.conversationId}`);
  await page.waitForFunction((count) => document.querySelectorAll('.message-list .turn').length >= count, turnCount, { timeout: 60_000 });
  const openMilliseconds = Date.now() - openStarted;
  await installProbe(page);
  const longIdle = await typeAndCollect(page);

  // Stream a long reply into it and type while it streams (about 8 s of deltas every 15 ms).
  stack.upstream.setReply({ text: `${replyFor(5)}\n\n`.repeat(12), chunkCount: 500, delayMs: 15 });
  await page.locator('#composer-input').fill('Stream a long answer please');
  await page.locator('#composer-input').press('Enter');
  await page.locator('.turn[data-status="streaming"] .live-reply .markdown').waitFor();
  const streaming = await typeAndCollect(page);
  const stillStreaming = await page.locator('.turn[data-status="streaming"]').count();
  await page
    .getByRole('button', { name: 'Stop generating' })
    .click()
    .catch(() => undefined);

  process.stdout.write(
    [
      `Seeded ${turnCount} turns (${turnCount * 2} messages) through the API in ${seedSeconds.toFixed(1)} s.`,
      `Opening the ${turnCount * 2}-message conversation (navigation to all turns in the DOM): ${openMilliseconds} ms.`,
      `Reply still streaming when typing ended: ${stillStreaming === 1 ? 'yes' : 'no'}.`,
      `Machine: ${os.cpus().length} CPUs, 1-minute load average ${os.loadavg()[0]?.toFixed(1)} at the end (other processes add noise).`,
      '',
      '| scenario | keystrokes | p50 ms | p95 ms | max ms | long tasks (total) |',
      '|---|---:|---:|---:|---:|---|',
      row('empty chat, idle', idle),
      row(`${turnCount * 2} messages, idle`, longIdle),
      row(`${turnCount * 2} messages, reply streaming`, streaming),
      '',
    ].join('\n'),
  );
  await context.close();
} finally {
  await browser.close();
  await stack.stop();
}
