/**
 * End-to-end: what the sidebar and a reply show for Markdown a user or model wrote: plain-text
 * titles (also for a conversation started through /v1) and an image as a link that is never fetched.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { chromiumMissingReason, ensureWebBuilt, launchChromium, startStack } from './browser-harness.ts';
import type { Stack } from './browser-harness.ts';
import { agreeToTerms, consentToken, newTrackedContext, renderedText, sendMessage, waitForLastTurnFinal } from './browser-page.ts';
import type { TrackedContext } from './browser-page.ts';

const skip = chromiumMissingReason();

describe('chat titles and images in chromium', { skip }, () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: TrackedContext[] = [];

  before(async () => {
    await ensureWebBuilt();
    stack = await startStack({ serveArguments: ['--rate-limit-per-minute', '1000'] });
    browser = await launchChromium();
  });

  after(async () => {
    for (const { context } of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  test('titles are plain text, /v1 conversations are named, and a reply image is a link never fetched', async () => {
    const tracked = await newTrackedContext(browser, stack.baseUrl);
    contexts.push(tracked);
    const page = await tracked.context.newPage();
    await agreeToTerms(page, stack.baseUrl);

    stack.upstream.setReply({ text: 'Here: ![a cat on a mat](https://images.example/cat.png) done.', chunkCount: 3, delayMs: 5 });
    await sendMessage(page, '**Python** sorting');
    assert.equal(await waitForLastTurnFinal(page), 'complete');
    const sidebar = page.locator('#sidebar .conversation-link');
    await sidebar.filter({ hasText: 'Python sorting' }).waitFor();
    assert.equal(await sidebar.filter({ hasText: '**' }).count(), 0, 'no raw Markdown in the sidebar');

    const reply = page.locator('.turn').last().locator('.message-assistant .markdown');
    const imageLink = reply.locator('a.image-link');
    assert.equal(await renderedText(imageLink), 'a cat on a mat');
    assert.equal(await imageLink.getAttribute('href'), 'https://images.example/cat.png');
    assert.equal(await reply.locator('img').count(), 0);
    assert.doesNotMatch(await renderedText(reply), /!/);

    stack.upstream.setReply(null);
    const response = await fetch(`${stack.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await consentToken(page)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'test-model', messages: [{ role: 'user', content: '## _Rust_ lifetimes\nplease explain' }] }),
    });
    assert.equal(response.status, 200);
    await page.reload();
    await sidebar.filter({ hasText: 'Rust lifetimes' }).waitFor();
    assert.equal(await sidebar.filter({ hasText: 'Untitled chat' }).count(), 0);
    assert.deepEqual(tracked.externalRequests, [], 'the page fetched nothing outside the app');
  });
});
