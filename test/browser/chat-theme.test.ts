/**
 * End-to-end: the theme toggle (system, light, dark). The choice is applied before first paint by
 * a classic script under the page's strict CSP, survives a reload, follows the OS only on
 * "system", and is a labelled radio group that works from the keyboard.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissingReason, ensureWebBuilt, launchChromium, startStack } from './browser-harness.ts';
import type { Stack } from './browser-harness.ts';
import { agreeToTerms, newTrackedContext } from './browser-page.ts';
import type { TrackedContext } from './browser-page.ts';

const skip = chromiumMissingReason();
/** --bg of each theme in web/src/styles.css. */
const background = { light: 'rgb(255, 255, 255)', dark: 'rgb(22, 24, 29)' };

interface FirstPaintRecord {
  themeWhenBodyAppeared: string | null;
  appRenderedThen: boolean;
}

/**
 * Records the theme at the moment the parser inserts <body>: a script that ran later (a module,
 * the app itself) would leave it unset there, and the first frame would show the OS theme.
 */
function recordThemeAtBody(): void {
  const record = (window as unknown as { firstPaintRecord?: FirstPaintRecord }).firstPaintRecord;
  if (record !== undefined) return;
  const observer = new MutationObserver(() => {
    if (!document.body) return;
    observer.disconnect();
    (window as unknown as { firstPaintRecord: FirstPaintRecord }).firstPaintRecord = {
      themeWhenBodyAppeared: document.documentElement.dataset.theme ?? null,
      appRenderedThen: (document.getElementById('root')?.childElementCount ?? 0) > 0,
    };
  });
  observer.observe(document, { childList: true, subtree: true });
}

describe('theme toggle in chromium', { skip }, () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: TrackedContext[] = [];

  before(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    browser = await launchChromium();
  });

  after(async () => {
    for (const { context } of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  async function openPage(options: Parameters<typeof newTrackedContext>[2]): Promise<{ page: Page; cspErrors: string[] }> {
    const tracked = await newTrackedContext(browser, stack.baseUrl, options);
    contexts.push(tracked);
    await tracked.context.addInitScript(recordThemeAtBody);
    const page = await tracked.context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await agreeToTerms(page, stack.baseUrl);
    return { page, cspErrors };
  }

  const themeOf = (page: Page): Promise<string | null> => page.evaluate(() => document.documentElement.dataset.theme ?? null);
  const backgroundOf = (page: Page): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const firstPaintOf = (page: Page): Promise<FirstPaintRecord | null> =>
    page.evaluate(() => (window as unknown as { firstPaintRecord?: FirstPaintRecord }).firstPaintRecord ?? null);

  test('the choice is made from the keyboard, applied at once, and applied before first paint after a reload', async () => {
    const { page, cspErrors } = await openPage({ colorScheme: 'light' });
    const group = page.getByRole('group', { name: 'Theme' });
    assert.equal(await group.getByRole('radio', { name: 'System' }).isChecked(), true, 'a first visit follows the system');
    assert.equal(await themeOf(page), 'light');

    await group.getByRole('radio', { name: 'System' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await group.getByRole('radio', { name: 'Light' }).isChecked(), true);
    await page.keyboard.press('ArrowRight');
    assert.equal(await group.getByRole('radio', { name: 'Dark' }).isChecked(), true);
    assert.equal(await themeOf(page), 'dark');
    assert.equal(await backgroundOf(page), background.dark);
    assert.equal(await page.evaluate(() => localStorage.getItem('wildchat.theme')), 'dark');

    const response = await page.reload();
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self';/, 'the page is served with the strict CSP');
    await page.locator('#composer-input').waitFor();
    assert.deepEqual(await firstPaintOf(page), { themeWhenBodyAppeared: 'dark', appRenderedThen: false }, 'dark was on <html> before the body existed');
    assert.equal(await backgroundOf(page), background.dark);
    assert.equal(await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).isChecked(), true, 'the toggle shows the kept choice');
    assert.deepEqual(cspErrors, [], 'nothing was refused by the CSP');
  });

  test('"System" follows the OS while the page is open; an explicit choice does not', async () => {
    const { page } = await openPage({ colorScheme: 'dark' });
    const group = page.getByRole('group', { name: 'Theme' });
    assert.equal(await themeOf(page), 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    assert.equal(await backgroundOf(page), background.light);

    await group.getByText('Dark', { exact: true }).click();
    assert.equal(await themeOf(page), 'dark');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await themeOf(page), 'dark', 'an explicit dark stays dark on a light OS');

    await group.getByText('System', { exact: true }).click();
    assert.equal(await themeOf(page), 'light');
    assert.equal(await page.evaluate(() => localStorage.getItem('wildchat.theme')), null, '"System" forgets the stored choice');
    await page.reload();
    await page.locator('#composer-input').waitFor();
    assert.deepEqual(await firstPaintOf(page), { themeWhenBodyAppeared: 'light', appRenderedThen: false });
  });

  test('at 375 px the toggle is in the conversation drawer, inside the screen', async () => {
    const { page } = await openPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, colorScheme: 'light' });
    await page.getByRole('button', { name: 'Show your conversations' }).click();
    const group = page.getByRole('group', { name: 'Theme' });
    await group.waitFor({ state: 'visible' });
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.sidebar') as Element).transform === 'none');
    const box = await group.boundingBox();
    assert.ok(box, 'the toggle is rendered');
    assert.ok(box.x >= 0 && box.x + box.width <= 375 && box.y >= 0 && box.y + box.height <= 740, `toggle at ${JSON.stringify(box)} is on screen`);
    await group.getByText('Dark', { exact: true }).tap();
    assert.equal(await themeOf(page), 'dark');
  });

  test('no request leaves the origin', () => {
    assert.deepEqual(
      contexts.flatMap((tracked) => tracked.externalRequests),
      [],
    );
  });
});
