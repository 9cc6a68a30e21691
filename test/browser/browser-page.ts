/** Page-level steps shared by the browser tests, the screenshot script and the latency benchmark. */
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';

export interface TrackedContext {
  context: BrowserContext;
  /** Every http(s) request the page made to anywhere but `baseUrl`. */
  externalRequests: string[];
  /** Method and path of every request to the app's origin. */
  ownRequests: { method: string; path: string }[];
}

export async function newTrackedContext(browser: Browser, baseUrl: string, options: BrowserContextOptions = {}): Promise<TrackedContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const externalRequests: string[] = [];
  const ownRequests: { method: string; path: string }[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!/^https?:/.test(url)) return;
    if (url.startsWith(baseUrl)) ownRequests.push({ method: request.method(), path: new URL(url).pathname });
    else externalRequests.push(url);
  });
  return { context, externalRequests, ownRequests };
}

export async function agreeToTerms(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'I agree' }).click();
  await page.locator('#composer-input').waitFor();
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.locator('#composer-input').fill(text);
  await page.locator('#composer-input').press('Enter');
}

/** Waits until the last turn on screen has a final status, and returns that status. */
export async function waitForLastTurnFinal(page: Page): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const turns = document.querySelectorAll('.message-list .turn');
      const last = turns[turns.length - 1];
      const status = last?.getAttribute('data-status');
      return status && !['pending', 'streaming'].includes(status) ? status : null;
    },
    undefined,
    { timeout: 15_000 },
  );
  return (await handle.jsonValue()) as string;
}

/**
 * The text of `locator` as the user sees it. Turns use `content-visibility: auto`, and Chromium
 * answers innerText with '' for a turn's content until a frame has been painted since it changed;
 * a fast reply can end before that frame.
 */
export async function renderedText(locator: Locator): Promise<string> {
  await locator.evaluate(afterNextPaint);
  return locator.innerText();
}

function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

export async function consentToken(page: Page): Promise<string> {
  const stored = await page.evaluate(() => localStorage.getItem('wildchat.consent'));
  if (stored === null) throw new Error('no consent token in localStorage');
  return (JSON.parse(stored) as { token: string }).token;
}

export function conversationIdOf(page: Page): string {
  const match = /\/c\/([^/]+)$/.exec(new URL(page.url()).pathname);
  if (!match?.[1]) throw new Error(`no conversation in the URL ${page.url()}`);
  return decodeURIComponent(match[1]);
}

/** A read-only view of the server's store, as a second connection (WAL allows it). */
export async function withStore<T>(dataDir: string, use: (store: Store) => Promise<T>): Promise<T> {
  const store = openSqliteStore({ path: path.join(dataDir, SQLITE_FILE_NAME), readonly: true });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** True when neither the document nor the conversation can be scrolled sideways. */
export function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const scrollers = [root, document.body, ...document.querySelectorAll<HTMLElement>('.message-scroll, .chat-main, .gate')];
    return scrollers.every((element) => element.scrollWidth <= element.clientWidth + 1);
  });
}
