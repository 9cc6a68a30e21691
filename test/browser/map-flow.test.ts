/**
 * The embedding map end to end in chromium: a ShareGPT file (written here) imported with the
 * importer and a dataset with users (collected-style records with hashed IPs), both indexed,
 * embedded with the default backend and mapped together; then the /map page draws the points
 * (read back from the WebGL canvas), shows a snippet on hover, opens a conversation on click,
 * lights up search matches and turns a lasso into the selection.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { createPiiDetector } from '../../src/pipeline/pii/index.ts';
import { importFiles } from '../../src/dataset/import/import-files.ts';
import { HashedNgramBackend } from '../../src/embedding/hashed-ngram-backend.ts';
import { embedDataset } from '../../src/jobs/embed-job.ts';
import { buildDatasetMap } from '../../src/jobs/map-job.ts';
import { indexImportedDataset } from '../../src/jobs/search-index-job.ts';
import { fixtureRecord } from '../../src/search/search-index-fixtures.ts';
import { SqliteSearchIndex } from '../../src/search/sqlite/sqlite-search-index.ts';
import { createExplorerApp } from '../../src/server/explorer/explorer-app.ts';
import { createMapRoutes } from '../../src/server/explorer/map-routes.ts';
import { SqliteEmbeddingStore } from '../../src/store/sqlite/sqlite-embedding-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import { chromiumMissingReason, ensureWebBuilt, launchChromium, webDist } from './browser-harness.ts';

const skip = chromiumMissingReason();
const TOPICS = ['what will the weather be like tomorrow in my town', 'write python code that sorts a list of numbers', 'give me a recipe for a chocolate cake'];

describe('embedding map in chromium', { skip }, () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'map-flow-'));
  const store = openSqliteStore({ path: path.join(folder, 'wildchat.sqlite') });
  const index = new SqliteSearchIndex(path.join(folder, 'search-index.sqlite'));
  const embeddings = new SqliteEmbeddingStore(path.join(folder, 'embeddings.sqlite'));
  let browser: Browser;
  let page: Page;
  let server: ServerType;
  let baseUrl = '';
  let points = 0;
  const pageErrors: string[] = [];

  before(async () => {
    await ensureWebBuilt();
    const shareGptFile = path.join(folder, 'sharegpt.json');
    fs.writeFileSync(
      shareGptFile,
      JSON.stringify(
        Array.from({ length: 60 }, (_, position) => ({
          id: `share-${position}`,
          conversations: [
            { from: 'human', value: `${TOPICS[position % 3] ?? ''}, question ${position}` },
            { from: 'gpt', value: 'Here you go.' },
          ],
        })),
      ),
    );
    await importFiles({ files: [shareGptFile], dataset: 'sharegpt', store: store.datasets, workers: 0, license: 'other' });
    const collected = await store.datasets.createOrGetDataset('collected-release', 0);
    await store.datasets.insertRecords(
      collected.id,
      Array.from({ length: 60 }, (_, position) => ({
        rowKey: `c-${position}`,
        record: fixtureRecord({
          name: `collected-${position}`,
          hashedIp: `user-${position % 30}`,
          language: 'English',
          messages: [
            { role: 'user', content: `${TOPICS[position % 3] ?? ''} (collected ${position})` },
            { role: 'assistant', content: 'Sure.' },
          ],
        }),
      })),
    );
    for (const dataset of ['collected-release', 'sharegpt']) {
      await indexImportedDataset({ index, datasets: store.datasets, name: dataset });
      await embedDataset({ store, embeddings, backend: new HashedNgramBackend(), dataset, textRule: 'first-user-turn', replace: false });
    }
    const detector = createPiiDetector();
    const report = await buildDatasetMap({
      store,
      embeddings,
      datasets: ['collected-release', 'sharegpt'],
      textRule: 'first-user-turn',
      name: 'both',
      language: null,
      k: 5,
      seed: 1,
      containsPii: (text) => detector.detect(text).length > 0,
      relabel: null,
    });
    points = report.header.points;
    const app = createExplorerApp({
      index,
      webDir: webDist,
      budgetMs: 10_000,
      countCap: 10_000,
      exportLimit: 100,
      dataLabel: 'released data',
      extraRoutes: createMapRoutes({ index, embeddings, budgetMs: 10_000, countCap: 10_000, raw: false }),
    });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    server?.close();
    await embeddings.close();
    await index.close();
    await store.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const canvas = () => page.locator('canvas.map-canvas');
  const screenOf = async (point: number): Promise<[number, number]> => {
    const box = await canvas().boundingBox();
    const [x, y] = await page.evaluate((which) => window.wildchatMap?.screenOf(which) ?? [0, 0], point);
    return [(box?.x ?? 0) + x, (box?.y ?? 0) + y];
  };

  test('both datasets are drawn in two colours, with the topic tree', async () => {
    assert.equal(points, 120);
    await page.goto(`${baseUrl}/map?map=both`);
    await page.locator(`canvas.map-canvas[data-points="${points}"]`).waitFor();
    const painted = await page.evaluate(() => window.wildchatMap?.paintedPixels() ?? 0);
    assert.ok(painted > 100, `painted pixels: ${painted}`);
    const legend = await page.locator('.map-legend li').allTextContents();
    assert.deepEqual(
      legend.map((entry) => entry.trim()),
      ['collected-release', 'sharegpt'],
    );
    assert.ok((await page.locator('.cluster-tree button').count()) >= 2);
    await page.getByText('sharegpt has no users: its conversations are counted instead.', { exact: false }).waitFor();
  });

  test('hover shows the snippet; a click opens the conversation', async () => {
    const [x, y] = await screenOf(70);
    await page.mouse.move(x, y);
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    assert.match((await tooltip.textContent()) ?? '', /question|collected/u);
    await page.mouse.click(x, y);
    await page.waitForURL(/\/c\/[0-9a-f]{32}\?dataset=/u);
    await page.locator('.message').first().waitFor();
    await page.goBack();
    await page.locator(`canvas.map-canvas[data-points="${points}"]`).waitFor();
  });

  test('a search lights up its matches; a lasso becomes the selection', async () => {
    await page.getByRole('searchbox', { name: 'highlight search' }).fill('chocolate');
    await page.getByRole('button', { name: 'Highlight' }).click();
    await page.waitForURL(/q=chocolate/u);
    await page.locator('canvas.map-canvas[data-lit="40"]').waitFor();
    await page.getByText('40 on the map match the search').waitFor();

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
    await page.locator('canvas.map-canvas[data-lit="40"]').waitFor();
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
