/**
 * End-to-end: the states a user must be able to understand (upstream error with retry, a busy
 * model service, the user's own rate limit with the wait, kill switch, offline, message too long)
 * and the phone-size layout.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromiumMissingReason, ensureWebBuilt, launchChromium, startStack } from './browser-harness.ts';
import type { Stack } from './browser-harness.ts';
import { agreeToTerms, hasNoHorizontalScroll, newTrackedContext, renderedText, sendMessage, waitForLastTurnFinal } from './browser-page.ts';
import type { TrackedContext } from './browser-page.ts';

const skip = chromiumMissingReason();
const phone = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** A real-world id long enough to overflow a phone's header if the picker does not give way. */
const longModel = 'meta-llama/Llama-3.1-70B-Instruct-Turbo';

async function boxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox();
  assert.ok(box, 'the element is rendered');
  return box;
}

/** The banner sits above the first message, both on screen, the message inside the visible part of the conversation. */
async function assertBannerClearOfFirstMessage(page: Page, banner: Locator, label: string): Promise<void> {
  const bannerBox = await boxOf(banner);
  const messageBox = await boxOf(page.locator('.turn').first().locator('.message-user'));
  const scrollBox = await boxOf(page.locator('.message-scroll'));
  const viewport = page.viewportSize();
  assert.ok(viewport);
  assert.ok(
    bannerBox.y + bannerBox.height <= messageBox.y,
    `${label}: banner bottom ${bannerBox.y + bannerBox.height} is above the first message at ${messageBox.y}`,
  );
  assert.ok(bannerBox.y + bannerBox.height <= scrollBox.y, `${label}: the banner ends before the conversation starts`);
  assert.ok(messageBox.y >= scrollBox.y && messageBox.y + messageBox.height <= scrollBox.y + scrollBox.height, `${label}: the first message is in view`);
  assert.ok(bannerBox.x >= 0 && bannerBox.x + bannerBox.width <= viewport.width, `${label}: the banner fits the width`);
}

describe('chat page states in chromium', { skip }, () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: TrackedContext[] = [];

  before(async () => {
    await ensureWebBuilt();
    stack = await startStack({
      upstream: { models: ['test-model', 'test-model-large', longModel] },
      serveArguments: [
        '--rate-limit-per-minute',
        '1000',
        '--upstream-retries',
        '0',
        '--max-message-chars',
        '400',
        '--models',
        `test-model,test-model-large,${longModel}`,
      ],
    });
    browser = await launchChromium();
  });

  after(async () => {
    for (const { context } of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  // A test that fails before its end must not leave its reply to the next one.
  beforeEach(() => stack.upstream.setReply(null));

  async function agreedPage(target: Stack, options: Parameters<typeof newTrackedContext>[2] = {}): Promise<Page> {
    const tracked = await newTrackedContext(browser, target.baseUrl, options);
    contexts.push(tracked);
    const page = await tracked.context.newPage();
    await agreeToTerms(page, target.baseUrl);
    return page;
  }

  test('an upstream failure before the reply shows the error, and Retry regenerates it', async () => {
    const page = await agreedPage(stack);
    stack.upstream.injectFault({ type: 'status', status: 500 });
    await sendMessage(page, 'Will this work?');
    const banner = page.locator('.banner[data-problem="upstream"]');
    await banner.waitFor();
    assert.equal(await waitForLastTurnFinal(page), 'upstream_error');
    await page.locator('.turn .inline-error').waitFor();
    assert.equal(await page.locator('#composer-input').inputValue(), '', 'the stored message is not put back for a duplicate send');
    await banner.getByRole('button', { name: 'Retry' }).click();
    await page.locator('.version-label', { hasText: '2 / 2' }).waitFor();
    assert.equal(await waitForLastTurnFinal(page), 'complete');
    assert.equal(await renderedText(page.locator('.turn').last().locator('.message-assistant .markdown')), 'Echo: Will this work?');
    assert.equal(await banner.count(), 0);
  });

  test('a reply cut mid-stream keeps its text and shows the error with Retry', async () => {
    const page = await agreedPage(stack);
    stack.upstream.setReply({ text: 'partial answer that will be cut off', chunkCount: 8, delayMs: 20 });
    stack.upstream.injectFault({ type: 'cut', afterChunks: 3 });
    await sendMessage(page, 'Tell me something');
    assert.equal(await waitForLastTurnFinal(page), 'upstream_error');
    const turn = page.locator('.turn').last();
    await turn.locator('.inline-error').getByRole('button', { name: 'Retry' }).waitFor();
    assert.match(await renderedText(turn.locator('.message-assistant .markdown')), /^partial/);
    stack.upstream.setReply(null);
    await page.locator('.banner[data-problem="upstream"]').getByRole('button', { name: 'Retry' }).click();
    await page.locator('.version-label', { hasText: '2 / 2' }).waitFor();
    assert.equal(await waitForLastTurnFinal(page), 'complete');
    assert.equal(await renderedText(page.locator('.turn').last().locator('.message-assistant .markdown')), 'Echo: Tell me something');
    assert.equal(await page.locator('.turn').count(), 1, 'the retry is a new version of the same turn, not a second message');
  });

  for (const [label, options] of [
    ['desktop', {}],
    ['375 px', phone],
  ] as const) {
    test(`a busy model service (upstream 429) says so, offers Retry, blocks nothing, and its banner clears the first message (${label})`, async () => {
      const page = await agreedPage(stack, options);
      stack.upstream.injectFault({ type: 'status', status: 429, retryAfter: 1 });
      await sendMessage(page, 'Is anyone there?');
      const banner = page.locator('.banner[data-problem="busy"]');
      await banner.waitFor();
      assert.equal(await waitForLastTurnFinal(page), 'upstream_error');
      const text = await banner.innerText();
      assert.match(text, /The model service is busy/);
      assert.match(text, /Try again in a moment/);
      assert.doesNotMatch(text, /Too many messages|send again in/, 'not worded as the user’s own limit');
      assert.equal(await page.locator('.banner[data-problem="rate_limited"]').count(), 0);
      assert.equal(await page.getByText(/Too many messages: wait/).count(), 0, 'the composer is not blocked');
      await assertBannerClearOfFirstMessage(page, banner, label);

      await banner.getByRole('button', { name: 'Retry' }).click();
      await page.locator('.version-label', { hasText: '2 / 2' }).waitFor();
      assert.equal(await waitForLastTurnFinal(page), 'complete');
      assert.equal(await page.locator('.turn').count(), 1, 'Retry regenerated the stored turn');
      assert.equal(await banner.count(), 0);
    });
  }

  test('a long message shows the limit and cannot be sent', async () => {
    const page = await agreedPage(stack);
    const input = page.locator('#composer-input');
    await input.fill('a'.repeat(350));
    await page.getByText('350 / 400 characters').waitFor();
    await input.fill('a'.repeat(450));
    await page.getByText('Message too long: 450 / 400 characters (remove 50).').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Send message' }).isDisabled(), true);
    await input.press('Enter');
    assert.equal(await page.locator('.message-list .turn').count(), 0);
  });

  test('offline shows a banner and blocks sending until the connection is back', async () => {
    const page = await agreedPage(stack);
    await page.context().setOffline(true);
    await page.evaluate(() => window.dispatchEvent(new Event('offline')));
    await page.locator('.banner[data-problem="offline"]').waitFor();
    await page.locator('#composer-input').fill('hello?');
    assert.equal(await page.getByRole('button', { name: 'Send message' }).isDisabled(), true);
    await page.context().setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.locator('.banner[data-problem="offline"]').waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: 'Send message' }).isDisabled(), false);
  });

  test('rate limiting shows the wait and blocks sending', async () => {
    const limited = await startStack({ serveArguments: ['--rate-limit-per-minute', '2'] });
    try {
      const page = await agreedPage(limited);
      for (const text of ['one', 'two']) {
        await sendMessage(page, text);
        await waitForLastTurnFinal(page);
      }
      await sendMessage(page, 'three');
      const banner = page.locator('.banner[data-problem="rate_limited"]');
      await banner.waitFor();
      assert.match(await banner.innerText(), /Slow down a little/);
      assert.match(await banner.innerText(), /You sent too many messages in a short time\. You can send again in \d+ s/);
      assert.doesNotMatch(await banner.innerText(), /model service/, 'not worded as the service being busy');
      await assertBannerClearOfFirstMessage(page, banner, 'own rate limit');
      await page.getByText(/Too many messages: wait \d+ s\./).waitFor();
      assert.equal(await page.locator('#composer-input').inputValue(), 'three', 'the refused message is kept for later');
      assert.equal(await banner.getByRole('button', { name: 'Retry' }).count(), 0, 'no Retry that would send it twice');
      assert.equal(await page.getByRole('button', { name: 'Send message' }).isDisabled(), true);
    } finally {
      await limited.stop();
    }
  });

  test('the kill switch shows the operator message and disables sending', async () => {
    const disabled = await startStack({ serveArguments: ['--disabled-message', 'Paused for maintenance until 18:00.'] });
    try {
      const page = await agreedPage(disabled);
      const banner = page.locator('.banner[data-problem="disabled"]');
      await banner.waitFor();
      assert.match(await banner.innerText(), /Paused for maintenance until 18:00\./);
      await page.locator('#composer-input').fill('anyone there?');
      assert.equal(await page.getByRole('button', { name: 'Send message' }).isDisabled(), true);
    } finally {
      await disabled.stop();
    }
  });

  test('at phone width (375 px) nothing scrolls sideways, even with wide code and tables', async () => {
    const tracked = await newTrackedContext(browser, stack.baseUrl, phone);
    contexts.push(tracked);
    const page = await tracked.context.newPage();
    await page.goto(stack.baseUrl);
    await page.getByRole('heading', { name: 'Before you chat' }).waitFor();
    assert.equal(await hasNoHorizontalScroll(page), true, 'gate');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'I agree' }).click();
    await page.locator('#composer-input').waitFor();

    const wideTable = `| ${Array.from({ length: 12 }, (_, index) => `column ${index}`).join(' | ')} |\n|${' --- |'.repeat(12)}\n| ${Array.from({ length: 12 }, () => 'value').join(' | ')} |`;
    stack.upstream.setReply({
      text: `Wide things:\n\n\`\`\`js\nconst averyveryverylongidentifiername = ${'x'.repeat(200)};\n\`\`\`\n\n${wideTable}\n\nhttps://example.org/${'segment/'.repeat(30)}`,
      chunkCount: 5,
    });
    await sendMessage(page, `A long word: ${'supercalifragilistic'.repeat(10)}`);
    await waitForLastTurnFinal(page);
    assert.equal(await hasNoHorizontalScroll(page), true, 'chat with wide content');
    assert.equal(await page.getByRole('button', { name: 'Your data' }).isVisible(), true);

    await page.getByRole('button', { name: 'Show your conversations' }).click();
    const sidebar = page.getByRole('navigation', { name: 'Your conversations' });
    await sidebar.getByRole('button', { name: 'New chat' }).waitFor({ state: 'visible' });
    assert.equal(await hasNoHorizontalScroll(page), true, 'open sidebar');
    await sidebar.getByRole('button', { name: 'Close the conversation list' }).click();
  });

  test('at 375 px the model picker fits between the header buttons, takes the free room for a long model id, and works', async () => {
    const page = await agreedPage(stack, phone);
    const picker = page.getByLabel('Model');
    await picker.selectOption(longModel);
    const header = page.locator('.chat-header');
    const pickerBox = await boxOf(picker);
    const controls = await header.locator('button:visible, select').all();
    const boxes = await Promise.all(controls.map((control) => boxOf(control)));
    for (const box of boxes) {
      assert.ok(box.x >= 0 && box.x + box.width <= 375, `header control at ${box.x}..${box.x + box.width} is inside the 375 px viewport`);
    }
    const sorted = [...boxes].sort((left, right) => left.x - right.x);
    for (let index = 1; index < sorted.length; index++) {
      const previous = sorted[index - 1];
      const current = sorted[index];
      assert.ok(previous && current && previous.x + previous.width <= current.x, 'header controls do not overlap');
    }
    assert.ok(pickerBox.width >= 375 / 2, `the picker gets the free room (${pickerBox.width} px)`);
    assert.ok(pickerBox.height >= 36, 'the picker is a comfortable tap target');
    assert.equal(await page.getByRole('button', { name: 'Your data' }).isVisible(), true, 'the data menu keeps its name and stays reachable');

    await sendMessage(page, 'Which model is this?');
    assert.equal(await waitForLastTurnFinal(page), 'complete');
    assert.equal(await renderedText(page.locator('.turn').last().locator('.model-tag')), longModel, 'the reply came from the chosen model');
    assert.equal(await hasNoHorizontalScroll(page), true);
  });

  test('controls are reachable by keyboard and labelled', async () => {
    const page = await agreedPage(stack);
    const names: string[] = [];
    for (let step = 0; step < 12; step++) {
      await page.keyboard.press('Tab');
      names.push(
        await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element) return '';
          const label = element.getAttribute('aria-label') ?? (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null);
          return (label ?? element.textContent ?? '').trim();
        }),
      );
    }
    for (const expected of ['New chat', 'Model', 'Your data', 'Message']) assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    assert.equal(names.filter((name) => name === '').length, 0, `every focusable control has a name: ${names.join(', ')}`);
  });

  test('no request leaves the origin', () => {
    assert.deepEqual(
      contexts.flatMap((tracked) => tracked.externalRequests),
      [],
    );
  });
});
