/**
 * The embedding map end to end, as an operator runs it: the real `wildchat serve` collects
 * conversations (consent, then /v1 chat completions from several client IPs against the upstream
 * double), is stopped, then `wildchat import` (a ShareGPT file), `wildchat embed`, `wildchat map`
 * (privacy gate k lowered with --min-cluster-users) and `wildchat explore --raw` run as child
 * processes; chromium opens the map and checks both datasets in two colours (read back from the
 * WebGL canvas), the snippet on hover, a click-through, search highlighting and the lasso.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startUpstreamDouble, type UpstreamDouble } from '../doubles/upstream-double.ts';
import { startCliCommand, startCliServer, type CliServer } from '../server/cli-process.ts';
import { authHeaders } from '../server/server-harness.ts';
import { chromiumMissingReason, ensureWebBuilt, launchChromium, projectRoot } from './browser-harness.ts';

const skip = chromiumMissingReason();
const TOPICS = ['what will the weather be like tomorrow in my town', 'write python code that sorts a list of numbers', 'give me a recipe for a chocolate cake'];
const ASKED = ['', 'please, ', 'quick question: ', 'can you help: '];
const CLIENT_IPS = Array.from({ length: 12 }, (_, client) => `198.51.100.${client + 10}`);
const PROMPTS_PER_CLIENT = 4;
const COLLECTED = CLIENT_IPS.length * PROMPTS_PER_CLIENT;
const SHARED = 60;
const OPERATOR_TOKEN = 'map-flow-operator-token-0123456789';
const run = promisify(execFile);

/** One `wildchat` command to completion (the sources, as the test runner sets WILDCHAT_FROM_SOURCE). */
async function wildchat(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(projectRoot, 'bin', 'wildchat.js'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'test' },
    timeout: 240_000,
  });
  return stdout;
}

/** Consent, then each prompt as a /v1 chat completion (a conversation each), from one client IP. */
async function collectFrom(server: CliServer, ip: string, prompts: readonly string[]): Promise<void> {
  const client = { 'x-forwarded-for': ip, 'user-agent': 'MapFlow/1.0' };
  const terms = (await (await fetch(`${server.url}/api/terms`, { headers: client })).json()) as { version: string };
  const consent = await fetch(`${server.url}/api/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...client },
    body: JSON.stringify({ accepted: true, termsVersion: terms.version }),
  });
  assert.equal(consent.status, 201);
  const { token } = (await consent.json()) as { token: string };
  for (const prompt of prompts) {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: authHeaders(token, client),
      body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: prompt }] }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    await response.arrayBuffer();
  }
}

describe('embedding map of collected and imported conversations in chromium', { skip }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'map-flow-'));
  let upstream: UpstreamDouble | null = null;
  let collector: CliServer | null = null;
  let explorer: CliServer | null = null;
  let browser: Browser;
  let page: Page;
  const points = COLLECTED + SHARED;
  const chocolate = Math.floor(COLLECTED / 3) + SHARED / 3;
  const pageErrors: string[] = [];
  const commandOutput: string[] = [];

  before(async () => {
    await ensureWebBuilt();
    upstream = await startUpstreamDouble({ models: ['double-small'] });
    upstream.setReply({ text: 'Here is an answer.', chunkCount: 2 });
    collector = await startCliServer(['--data-dir', dataDir, '--upstream-url', upstream.baseUrl, '--models', 'double-small', '--trust-proxy']);
    let asked = 0;
    for (const [client, ip] of CLIENT_IPS.entries()) {
      const prompts = Array.from({ length: PROMPTS_PER_CLIENT }, () => {
        const prompt = `${ASKED[asked % ASKED.length] ?? ''}${TOPICS[asked % TOPICS.length] ?? ''} (client ${client}, prompt ${asked})`;
        asked += 1;
        return prompt;
      });
      await collectFrom(collector, ip, prompts);
    }
    assert.equal(await collector.stop(), 0);

    const shareGptFile = path.join(dataDir, 'sharegpt.json');
    fs.writeFileSync(
      shareGptFile,
      JSON.stringify(
        Array.from({ length: SHARED }, (_, position) => ({
          id: `share-${position}`,
          conversations: [
            { from: 'human', value: `${TOPICS[position % 3] ?? ''}, question ${position}` },
            { from: 'gpt', value: 'Here you go.' },
          ],
        })),
      ),
    );
    const raw = ['--raw', '--operator-token', OPERATOR_TOKEN, '--data-dir', dataDir];
    commandOutput.push(await wildchat('import', shareGptFile, '--dataset', 'sharegpt', '--license', 'other', '--data-dir', dataDir));
    commandOutput.push(await wildchat('embed', 'collected', 'sharegpt', ...raw));
    commandOutput.push(await wildchat('map', 'collected', 'sharegpt', '--map-name', 'both', '--min-cluster-users', '3', ...raw));
    explorer = await startCliCommand('explore', ['collected', 'sharegpt', ...raw], /explorer listening on (http:\/\/[^\s]+?)\/?\s/u);

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    if (explorer !== null && explorer.child.exitCode === null) await explorer.kill();
    if (collector !== null && collector.child.exitCode === null) await collector.kill();
    await upstream?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const canvas = () => page.locator('canvas.map-canvas');
  const screenOf = async (point: number): Promise<[number, number]> => {
    const box = await canvas().boundingBox();
    const [x, y] = await page.evaluate((which) => window.wildchatMap?.screenOf(which) ?? [0, 0], point);
    return [(box?.x ?? 0) + x, (box?.y ?? 0) + y];
  };

  test('the commands report both datasets; the map draws them in two colours, with the topic tree', async () => {
    const [imported, embedded, mapped] = commandOutput;
    assert.match(imported ?? '', new RegExp(`dataset sharegpt: ${SHARED} conversations`, 'u'));
    assert.match(embedded ?? '', new RegExp(`collected: ${COLLECTED} embedded`, 'u'));
    assert.match(embedded ?? '', new RegExp(`sharegpt: ${SHARED} embedded`, 'u'));
    assert.match(mapped ?? '', new RegExp(`map both: ${points} points, .* at k = 3; sharegpt has no users`, 'u'));

    await page.goto(`${explorer?.url ?? ''}/map?map=both&token=${OPERATOR_TOKEN}`);
    // The token becomes a cookie and leaves the address bar.
    await page.waitForURL((url) => url.pathname === '/map' && !url.search.includes('token'));
    await page.locator(`canvas.map-canvas[data-points="${points}"][data-drawn="all"]`).waitFor();
    const legend = page.locator('.map-legend li');
    assert.deepEqual(
      (await legend.allTextContents()).map((entry) => entry.trim()),
      ['collected', 'sharegpt'],
    );
    const swatches = await page
      .locator('.map-legend .swatch')
      .evaluateAll((elements) =>
        elements.map((element) => (getComputedStyle(element).backgroundColor.match(/\d+/gu) ?? []).map(Number) as [number, number, number]),
      );
    assert.equal(swatches.length, 2);
    assert.notDeepEqual(swatches[0], swatches[1]);
    for (const [position, swatch] of swatches.entries()) {
      const painted = await page.evaluate((color) => window.wildchatMap?.paintedPixels(color) ?? 0, swatch);
      assert.ok(painted > 20, `${['collected', 'sharegpt'][position] ?? ''} pixels in rgb(${swatch.join(',')}): ${painted}`);
    }
    assert.ok((await page.locator('.cluster-tree button').count()) >= 2);
    await page.getByText('sharegpt has no users: its conversations are counted instead.', { exact: false }).waitFor();
  });

  test('hover shows the snippet of either dataset; a click opens the collected conversation', async () => {
    const tooltip = page.getByRole('tooltip');
    for (const [point, dataset, text] of [
      [COLLECTED + 10, 'sharegpt', /question 10/u],
      [5, 'collected', /client 1, prompt 5/u],
    ] as const) {
      const [x, y] = await screenOf(point);
      await page.mouse.move(x + 3, y);
      await page.mouse.move(x, y);
      await tooltip.filter({ hasText: text }).waitFor();
      assert.match((await tooltip.textContent()) ?? '', new RegExp(`^${dataset} · `, 'u'));
    }
    const [x, y] = await screenOf(5);
    await page.mouse.click(x, y);
    await page.waitForURL(/\/c\/[0-9a-f]{32}\?dataset=collected/u);
    await page.getByText('client 1, prompt 5', { exact: false }).first().waitFor();
    await page.goBack();
    await page.locator(`canvas.map-canvas[data-points="${points}"]`).waitFor();
  });

  test('a search lights up its matches; a lasso becomes the selection', async () => {
    await page.getByRole('searchbox', { name: 'highlight search' }).fill('chocolate');
    await page.getByRole('button', { name: 'Highlight' }).click();
    await page.waitForURL(/q=chocolate/u);
    await page.locator(`canvas.map-canvas[data-lit="${chocolate}"]`).waitFor();
    await page.getByText(`${chocolate} on the map match the search`).waitFor();

    // Lasso the whole canvas: every point is selected, and the lit set stays the search matches.
    const box = await canvas().boundingBox();
    assert.ok(box);
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.mouse.down();
    for (const [x, y] of [
      [box.x + box.width - 2, box.y + 2],
      [box.x + box.width - 2, box.y + box.height - 2],
      [box.x + 2, box.y + box.height - 2],
    ] as const)
      await page.mouse.move(x, y, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.locator(`canvas.map-canvas[data-selected="${points}"]`).waitFor();
    await page.locator(`canvas.map-canvas[data-lit="${chocolate}"]`).waitFor();
    // The selection list fills in after the lasso (its snippets are fetched), so wait for its first entry.
    await page.locator('.map-selection li').first().waitFor();
    const listed = await page.locator('.map-selection li').allTextContents();
    assert.ok(listed.length > 0 && listed.every((text) => text.includes('chocolate')), listed.join(' | '));

    // A smaller lasso around one point keeps only the points inside it.
    await page.getByRole('button', { name: 'clear lasso ×' }).click();
    const [px, py] = await screenOf(0);
    await page.keyboard.down('Shift');
    await page.mouse.move(px - 6, py - 6);
    await page.mouse.down();
    for (const [x, y] of [
      [px + 6, py - 6],
      [px + 6, py + 6],
      [px - 6, py + 6],
    ] as const)
      await page.mouse.move(x, y, { steps: 2 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const selected = Number(await canvas().getAttribute('data-selected'));
    assert.ok(selected >= 1 && selected < points, `selected ${selected}`);
    assert.deepEqual(pageErrors, []);
  });
});
