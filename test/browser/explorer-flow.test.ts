/**
 * End-to-end explorer in chromium: search → filter → conversation → user → back, URL round trip,
 * facet counts against the JSON twin, CJK search, an XSS probe in indexed text, a malformed
 * query, the budget notice, phone width, dark mode and the theme toggle shared with the chat page.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fixtureDocuments, fixtureHash } from '../../src/search/search-index-fixtures.ts';
import { SqliteSearchIndex } from '../../src/search/sqlite/sqlite-search-index.ts';
import { createExplorerApp } from '../../src/server/explorer/explorer-app.ts';
import { chromiumMissingReason, ensureWebBuilt, launchChromium, webDist } from './browser-harness.ts';

const skip = chromiumMissingReason();

function listen(budgetMs: number, index: SqliteSearchIndex): Promise<{ server: ServerType; url: string }> {
  const app = createExplorerApp({ index, webDir: webDist, budgetMs, countCap: 10_000, exportLimit: 100, dataLabel: 'released data' });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

describe('explorer in chromium', { skip }, () => {
  const index = new SqliteSearchIndex(':memory:');
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let server: ServerType;
  let baseUrl: string;
  const pageErrors: string[] = [];
  const external: string[] = [];
  const origins = new Set<string>();

  before(async () => {
    await ensureWebBuilt();
    await index.addDocuments(fixtureDocuments());
    ({ server, url: baseUrl } = await listen(10_000, index));
    origins.add(baseUrl);
    browser = await launchChromium();
    context = await browser.newContext();
    context.on('request', (request) => {
      if (!origins.has(new URL(request.url()).origin)) external.push(request.url());
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // The malformed-query test provokes a 400 on purpose; the browser logs every failed fetch.
      if (message.type() === 'error' && !message.text().includes('status of 400')) pageErrors.push(message.text());
    });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    server?.close();
    await index.close();
  });

  test('search → filter → conversation → user → back, with the URL as the state', async () => {
    await page.goto(`${baseUrl}/search`);
    await page.getByRole('searchbox').fill('weather');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=weather$/u);
    await page.getByTestId('total').filter({ hasText: '4 conversations' }).waitFor();
    assert.ok((await page.locator('.hits mark').count()) >= 4);

    // Facet counts shown equal the JSON twin's (which the contract suite checks against an independent count).
    const json = (await (await fetch(`${baseUrl}/search.json?q=weather`)).json()) as {
      facets: Array<{ field: string; values: Array<{ value: string | null; count: number }> }>;
    };
    const country = json.facets.find((facet) => facet.field === 'country');
    for (const value of country?.values ?? []) {
      const shown = await page.locator(`[data-facet="country"] a[data-value="${value.value ?? ''}"] .facet-count`).textContent();
      assert.equal(Number(shown), value.count);
    }

    await page.locator('[data-facet="country"] a[data-value="France"]').click();
    await page.waitForURL(/country=France/u);
    await page.getByTestId('total').filter({ hasText: '2 conversations' }).waitFor();

    await page.locator('.hit-title', { hasText: 'climate change' }).click();
    await page.waitForURL(new RegExp(`/c/${fixtureHash('weather-2')}`, 'u'));
    await page.locator('.message').nth(3).waitFor();
    assert.equal(await page.locator('.message').count(), 4);
    assert.ok((await page.locator('.messages mark:not(.pii)').count()) >= 1, 'search terms are highlighted in the conversation');
    assert.deepEqual(await page.locator('.messages mark.pii').allTextContents(), ['NAME_1', '<PRESIDIO_ANONYMIZED_EMAIL_ADDRESS>']);

    await page.locator('.conversation-meta .user-link').click();
    await page.waitForURL(/\/u\/ip-alice$/u);
    await page.getByTestId('user-total').filter({ hasText: '2 conversations' }).waitFor();
    assert.equal(await page.locator('.timeline tbody tr').count(), 2);

    await page.goBack();
    await page.waitForURL(/\/c\//u);
    await page.goBack();
    await page.waitForURL(/country=France/u);
    await page.getByTestId('total').filter({ hasText: '2 conversations' }).waitFor();

    // Round trip: the same URL opened fresh shows the same state.
    const url = page.url();
    const fresh = await context.newPage();
    await fresh.goto(url);
    await fresh.getByTestId('total').filter({ hasText: '2 conversations' }).waitFor();
    assert.equal(await fresh.getByRole('searchbox').inputValue(), 'weather');
    assert.equal(await fresh.locator('.active-filters a').count(), 1);
    await fresh.close();
  });

  test('Chinese substring search and metadata links into filters', async () => {
    await page.goto(`${baseUrl}/search?q=${encodeURIComponent('天气')}`);
    await page.getByTestId('total').filter({ hasText: '1 conversation' }).waitFor();
    assert.equal(await page.locator('.hits mark').first().textContent(), '天气');
    await page.locator('.hit-title').first().click();
    await page.locator('.conversation-meta a', { hasText: 'Chinese' }).click();
    await page.waitForURL(/language=Chinese/u);
    await page.getByTestId('total').filter({ hasText: '2 conversations' }).waitFor();
  });

  test('markup in indexed text is shown as text and never runs', async () => {
    await page.goto(`${baseUrl}/search?q=probe`);
    await page.getByTestId('total').filter({ hasText: '1 conversation' }).waitFor();
    await page.locator('.hit-title').first().click();
    await page.locator('.message').nth(1).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await page.locator('.messages img, .messages script').count(), 0);
    assert.equal(await page.locator('.messages a[href^="javascript"]').count(), 0);
    assert.match((await page.locator('.message').first().textContent()) ?? '', /<img src=x onerror=/u);
    assert.equal(await page.locator('.messages strong', { hasText: 'bold' }).count(), 1, 'Markdown is rendered');
  });

  test('a malformed query gets a message with the position; the JSON twin a 400', async () => {
    await page.goto(`${baseUrl}/search?q=${encodeURIComponent('climate "change')}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /never closed \(at character 9\)/u);
    assert.equal((await fetch(`${baseUrl}/search.json?q=%22x`)).status, 400);
  });

  test('a search past its budget says so', async () => {
    const tight = await listen(0, index);
    origins.add(tight.url);
    try {
      const budgetPage = await context.newPage();
      await budgetPage.goto(`${tight.url}/search`);
      await budgetPage.getByRole('status').filter({ hasText: 'ran past its 0 ms budget' }).waitFor();
      await budgetPage.close();
    } finally {
      tight.server.close();
    }
  });

  test('phone width: no horizontal scroll; dark mode follows the system', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: 'dark' });
    try {
      const small = await phone.newPage();
      await small.goto(`${baseUrl}/search?q=weather`);
      await small.getByTestId('total').filter({ hasText: '4 conversations' }).waitFor();
      assert.equal(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
      const background = await small.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, 'rgb(22, 24, 29)');
      await small.goto(`${baseUrl}/c/${fixtureHash('xss-1')}`);
      await small.locator('.message').first().waitFor();
      assert.equal(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    } finally {
      await phone.close();
    }
    assert.deepEqual(external, [], 'no request leaves the origin');
    assert.deepEqual(pageErrors, []);
  });

  test("the theme toggle overrides the system, persists across pages and reloads, and is the chat page's choice", async () => {
    const light = await browser.newContext({ colorScheme: 'light' });
    try {
      const themed = await light.newPage();
      const backgroundOf = () => themed.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await themed.goto(`${baseUrl}/search?q=weather`);
      await themed.getByTestId('total').filter({ hasText: '4 conversations' }).waitFor();
      assert.equal(await backgroundOf(), 'rgb(255, 255, 255)', 'system (light) at first');
      await themed.getByRole('radio', { name: 'Dark' }).check({ force: true });
      assert.equal(await backgroundOf(), 'rgb(22, 24, 29)');
      // Before first paint on the next page: the boot script in <head> has set it already.
      await themed.goto(`${baseUrl}/c/${fixtureHash('xss-1')}`);
      assert.equal(await themed.evaluate(() => document.documentElement.dataset.theme), 'dark');
      await themed.reload();
      await themed.locator('.message').first().waitFor();
      assert.equal(await backgroundOf(), 'rgb(22, 24, 29)');
      assert.equal(await themed.getByRole('radio', { name: 'Dark' }).isChecked(), true);
      // The chat page stores the same key, so a choice made there holds here.
      assert.equal(await themed.evaluate(() => localStorage.getItem('wildchat.theme')), 'dark');
      await themed.evaluate(() => localStorage.setItem('wildchat.theme', 'light'));
      await themed.reload();
      assert.equal(await themed.evaluate(() => document.documentElement.dataset.theme), 'light');
      await themed.getByRole('radio', { name: 'System' }).check({ force: true });
      assert.equal(await themed.evaluate(() => localStorage.getItem('wildchat.theme')), null);
    } finally {
      await light.close();
    }
  });
});
