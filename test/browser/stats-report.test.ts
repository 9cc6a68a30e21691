/**
 * Opens a `wildchat report` page in Chromium with every request recorded and blocked: the page
 * must make none, and every table and chart the report promises must be there, on a desktop and
 * a phone viewport, in light and dark.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { runReportJob } from '../../src/jobs/report-job.ts';
import { fixtureRecords, writeRecords } from '../stats/stats-fixtures.ts';
import { chromiumMissingReason, launchChromium } from './browser-harness.ts';

const skip = chromiumMissingReason();
const CHARTS = ['turns', 'languages', 'models', 'countries', 'lengths', 'conversations-per-user', 'activity', 'toxicity-over-time', 'moderation-categories'];
const TABLES = [
  'models',
  'countries',
  'us-states',
  'languages',
  'message-languages',
  'turns',
  'toxicity',
  'categories',
  'toxicity-by-model',
  'toxicity-by-language',
  'toxicity-by-month',
  'jailbreaks',
  'flags',
  'pii',
  'repeated-prompts',
];

describe('wildchat report in a browser', { skip }, () => {
  let root: string;
  let reportFile: string;
  let browser: Browser;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-report-'));
    const folder = await writeRecords(fixtureRecords(300), path.join(root, 'annotated'));
    const hub = await writeRecords(fixtureRecords(80, 9), path.join(root, 'hub-1m'), 'parquet', 1_000_000, 'wildchat-1m');
    reportFile = path.join(root, 'report.html');
    await runReportJob({
      inputs: [folder, hub],
      out: reportFile,
      dataDir: path.join(root, 'no-store'),
      groupBy: null,
      k: 3,
      tokenizer: 'auto',
      generatedAt: '2026-12-01T00:00:00Z',
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  for (const [label, viewport, colorScheme] of [
    ['desktop, light', { width: 1280, height: 900 }, 'light'],
    ['phone, dark', { width: 390, height: 844 }, 'dark'],
  ] as const) {
    test(`every table and chart is there, with no request (${label})`, async () => {
      const context = await browser.newContext({ viewport, colorScheme });
      const requests: string[] = [];
      const violations: string[] = [];
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === pathToFileURL(reportFile).href) return route.continue();
        requests.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(pathToFileURL(reportFile).href);
      assert.deepEqual(requests, [], 'the report makes no request');
      assert.deepEqual(violations, [], 'nothing the CSP had to block');
      assert.equal(await page.locator('script').count(), 0);

      assert.equal(await page.locator('table[data-table="table-1"]').count(), 1);
      const tableOneHeader = await page.locator('table[data-table="table-1"] thead').innerText();
      for (const name of ['annotated', 'hub-1m', 'WildChat (paper)', 'LMSYS-Chat-1M (paper)', 'ShareGPT (paper)'])
        assert.ok(tableOneHeader.includes(name), name);

      for (const table of TABLES) {
        assert.equal(await page.locator(`table[data-table="annotated-${table}"]`).count(), 1, `table ${table}`);
        const rows = await page.locator(`table[data-table="annotated-${table}"] tbody tr`).count();
        assert.ok(rows > 0, `table ${table} has rows`);
      }
      for (const chart of CHARTS) {
        const figure = page.locator(`figure[data-chart="annotated-${chart}"]`);
        assert.equal(await figure.count(), 1, `chart ${chart}`);
        // With a legend Plot wraps swatches and the chart in a figure: the chart is the last svg.
        const box = await figure.locator('svg').last().boundingBox();
        assert.ok(box !== null && box.width > 100 && box.height > 50, `chart ${chart} is drawn`);
        assert.ok((await figure.locator('svg rect, svg path, svg line').count()) > 3, `chart ${chart} has marks`);
        assert.ok(box.width <= viewport.width, `chart ${chart} fits the viewport`);
      }
      // The WildChat-1M-only input has no annotations: those figures say why instead of showing 0.
      const missing = await page.locator('[data-missing="hub-1m-jailbreaks"]').innerText();
      assert.match(missing, /– .*wildchat release/);
      // Phone: the page itself does not scroll sideways (wide tables scroll in their own box).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, colorScheme === 'dark' ? 'rgb(21, 23, 26)' : 'rgb(253, 253, 252)');
      await context.close();
    });
  }

  test('prints (PDF) without error', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(reportFile).href);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
    await page.close();
  });
});
