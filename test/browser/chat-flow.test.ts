/**
 * End-to-end: a real `wildchat serve`, the upstream double and the built page in Debian chromium.
 * Consent gate, streaming, stop, regenerate and edit branches, sidebar, delete-my-data, XSS.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromiumMissingReason, ensureWebBuilt, launchChromium, startStack } from './browser-harness.ts';
import type { Stack } from './browser-harness.ts';
import { agreeToTerms, consentToken, conversationIdOf, newTrackedContext, renderedText, sendMessage, waitForLastTurnFinal, withStore } from './browser-page.ts';
import type { TrackedContext } from './browser-page.ts';

const skip = chromiumMissingReason();

describe('chat page in chromium', { skip }, () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: TrackedContext[] = [];

  before(async () => {
    await ensureWebBuilt();
    stack = await startStack({ serveArguments: ['--rate-limit-per-minute', '1000', '--upstream-retries', '0'] });
    browser = await launchChromium();
  });

  after(async () => {
    for (const { context } of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  // A test that fails before its end must not leave its reply to the next one.
  beforeEach(() => stack.upstream.setReply(null));

  const consoleErrors: string[] = [];

  async function freshPage(): Promise<{ tracked: TrackedContext; page: import('playwright-core').Page }> {
    const tracked = await newTrackedContext(browser, stack.baseUrl);
    contexts.push(tracked);
    const page = await tracked.context.newPage();
    page.on('console', (message) => {
      // Chromium logs every non-2xx response; those are expected in some tests and shown in the UI.
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    return { tracked, page };
  }

  test('the gate blocks chat before consent, and declining sends nothing', async () => {
    const { tracked, page } = await freshPage();
    await page.goto(stack.baseUrl);
    await page.getByRole('heading', { name: 'Before you chat' }).waitFor();
    assert.equal(await page.locator('#composer-input').count(), 0, 'no composer before consent');
    assert.match(await page.locator('.terms-text').innerText(), /What we collect/);
    const agree = page.getByRole('button', { name: 'I agree' });
    assert.equal(await agree.isDisabled(), true, 'I agree needs the box ticked');
    assert.equal(await page.getByRole('checkbox').isChecked(), false);

    await page.getByRole('button', { name: 'I do not agree' }).click();
    await page.getByRole('heading', { name: 'You did not agree' }).waitFor();
    assert.deepEqual(
      tracked.ownRequests.filter((request) => request.method !== 'GET'),
      [],
      'declining makes no write request',
    );
    assert.equal(await page.evaluate(() => localStorage.getItem('wildchat.consent')), null);
  });

  test('agree → send → the reply streams in, is rendered as Markdown and is stored', async () => {
    stack.upstream.setReply({
      text: 'Here is **bold** text.\n\n```python\nprint("hi")\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
      chunkCount: 30,
      delayMs: 40,
    });
    const { page } = await freshPage();
    await agreeToTerms(page, stack.baseUrl);
    await sendMessage(page, 'Show me some code');
    const streaming = page.locator('.turn[data-status="streaming"] .live-reply .markdown');
    await streaming.waitFor();
    const partial = await renderedText(streaming);
    await waitForLastTurnFinal(page);
    const reply = page.locator('.turn').last().locator('.message-assistant .markdown');
    const full = await renderedText(reply);
    assert.ok(partial.length > 0 && partial.length < full.length, 'text appeared before the reply was complete');
    assert.equal(await renderedText(reply.locator('strong')), 'bold');
    assert.equal(await renderedText(reply.locator('table td').first()), '1');
    await reply.locator('.code-block .hljs-built_in, .code-block .hljs-string').first().waitFor();
    assert.equal(await reply.getByRole('button', { name: 'Copy code' }).count(), 1);
    assert.equal(await page.locator('.conversation-link').first().innerText(), 'Show me some code');

    const conversationId = conversationIdOf(page);
    const stored = await withStore(stack.dataDir, (store) => store.listTurns(conversationId));
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.status, 'complete');
    assert.equal(stored[0]?.userContent, 'Show me some code');
    assert.equal(stored[0]?.modelRequested, 'test-model');
    assert.match(stored[0]?.assistantContent ?? '', /```python\nprint\("hi"\)\n```/);

    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    await reply.getByRole('button', { name: 'Copy code' }).click();
    await reply.getByRole('button', { name: 'Copy code' }).filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'print("hi")\n');
    await reply
      .getByRole('button', { name: 'Copy code' })
      .filter({ hasText: /^Copy$/ })
      .waitFor();

    // A second reply, from the other model, streams without touching the first turn's content.
    await page.getByLabel('Model').selectOption('test-model-large');
    await page.evaluate(() => {
      const first = document.querySelector('.message-list .turn');
      const seen: string[] = [];
      (window as unknown as { __mutationsInFirstTurn: string[] }).__mutationsInFirstTurn = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          // The busy flag disables buttons everywhere once per reply; anything else would be a re-render.
          if (record.type === 'attributes' && record.attributeName === 'disabled') continue;
          seen.push(`${record.type}:${record.attributeName ?? ''}`);
        }
      }).observe(first as Node, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await sendMessage(page, 'And another one');
    await page.locator('.turn[data-status="streaming"] .live-reply .markdown').waitFor();
    await waitForLastTurnFinal(page);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __mutationsInFirstTurn: string[] }).__mutationsInFirstTurn), []);
    const both = await withStore(stack.dataDir, (store) => store.listTurns(conversationId));
    assert.deepEqual(
      both.map((turn) => turn.modelRequested),
      ['test-model', 'test-model-large'],
    );
    assert.equal(await renderedText(page.locator('.turn').last().locator('.model-tag')), 'test-model-large');
  });

  test('Enter sends, Shift+Enter adds a line, and an empty message cannot be sent', async () => {
    const { page } = await freshPage();
    await agreeToTerms(page, stack.baseUrl);
    const input = page.locator('#composer-input');
    assert.equal(await page.getByRole('button', { name: 'Send message' }).isDisabled(), true);
    await input.press('Enter');
    await input.fill('   ');
    await input.press('Enter');
    assert.equal(await page.locator('.message-list .turn').count(), 0, 'blank input is not sent');
    await input.fill('');
    await input.pressSequentially('line one');
    await input.press('Shift+Enter');
    await input.pressSequentially('line two');
    assert.equal(await input.inputValue(), 'line one\nline two');
    await input.press('Enter');
    await waitForLastTurnFinal(page);
    assert.equal(await renderedText(page.locator('.turn .user-text').first()), 'line one\nline two');
    assert.equal(await input.inputValue(), '');
  });

  test('stop mid-stream ends the reply as stopped, on screen and in the store', async () => {
    stack.upstream.setReply({ text: 'word '.repeat(400), chunkCount: 200, delayMs: 50 });
    const { page } = await freshPage();
    await agreeToTerms(page, stack.baseUrl);
    await sendMessage(page, 'Write a lot');
    await page.locator('.turn[data-status="streaming"] .live-reply .markdown').waitFor();
    await page.getByRole('button', { name: 'Stop generating' }).click();
    assert.equal(await waitForLastTurnFinal(page), 'stopped');
    await page.getByText('Stopped.').waitFor();
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    const conversationId = conversationIdOf(page);
    const stored = await withStore(stack.dataDir, (store) => store.listTurns(conversationId));
    assert.equal(stored[0]?.status, 'stopped');
    assert.ok((stored[0]?.assistantContent.length ?? 0) < 'word '.repeat(400).length);
  });

  test('regenerate and edit create branches the user can switch between', async () => {
    let counter = 0;
    stack.upstream.setReply(() => ({ text: `Answer number ${++counter}`, chunkCount: 3 }));
    const { page } = await freshPage();
    await agreeToTerms(page, stack.baseUrl);
    await sendMessage(page, 'Pick a number');
    await waitForLastTurnFinal(page);
    const assistant = page.locator('.turn').last().locator('.message-assistant');
    assert.equal(await renderedText(assistant.locator('.markdown')), 'Answer number 1');

    await page.getByRole('button', { name: 'Regenerate the reply' }).click();
    await page.locator('.message-assistant .version-label', { hasText: '2 / 2' }).waitFor();
    await waitForLastTurnFinal(page);
    assert.equal(await renderedText(page.locator('.turn').last().locator('.message-assistant .markdown')), 'Answer number 2');
    await page.getByRole('button', { name: 'Previous version' }).click();
    await page.locator('.version-label', { hasText: '1 / 2' }).waitFor();
    assert.equal(await renderedText(page.locator('.turn').last().locator('.message-assistant .markdown')), 'Answer number 1');

    await page.getByRole('button', { name: 'Edit your message' }).click();
    await page.locator('#edit-message').fill('Pick a letter');
    await page.getByRole('button', { name: 'Save and send' }).click();
    await page.locator('.message-user .version-label', { hasText: '3 / 3' }).waitFor();
    await waitForLastTurnFinal(page);
    assert.equal(await renderedText(page.locator('.turn .user-text').last()), 'Pick a letter');

    const conversationId = conversationIdOf(page);
    const stored = await withStore(stack.dataDir, (store) => store.listTurns(conversationId));
    assert.deepEqual(
      stored.map((turn) => [turn.origin, turn.parentTurnId, turn.userContent]),
      [
        ['send', null, 'Pick a number'],
        ['regenerate', null, 'Pick a number'],
        ['edit', null, 'Pick a letter'],
      ],
    );
  });

  test('the sidebar renames and deletes conversations', async () => {
    const { page } = await freshPage();
    await agreeToTerms(page, stack.baseUrl);
    await sendMessage(page, 'First chat');
    await waitForLastTurnFinal(page);
    const conversationId = conversationIdOf(page);
    await page.getByRole('button', { name: 'Rename “First chat”' }).click();
    await page.getByLabel('New title').fill('Renamed chat');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.conversation-link', { hasText: 'Renamed chat' }).waitFor();
    const renamed = await withStore(stack.dataDir, (store) => store.getConversation(conversationId));
    assert.equal(renamed?.title, 'Renamed chat');

    // The conversation's URL survives a reload: the server answers /c/<id> with the app.
    await page.reload();
    await page.locator('.turn .user-text', { hasText: 'First chat' }).waitFor();
    assert.equal(await page.title(), 'Renamed chat · WildChat');
    assert.equal(await page.locator('.conversation-item.active .conversation-link').innerText(), 'Renamed chat');

    await page.getByRole('button', { name: 'New chat' }).first().click();
    await page.getByRole('heading', { name: 'What would you like to talk about?' }).waitFor();
    await page.getByRole('button', { name: 'Delete “Renamed chat”' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Your conversations will appear here.').waitFor();
    assert.equal(await withStore(stack.dataDir, (store) => store.getConversation(conversationId)), null);
  });

  test('delete my data empties the store for that token and shows the gate again', async () => {
    const { page } = await freshPage();
    await agreeToTerms(page, stack.baseUrl);
    await sendMessage(page, 'Remember this');
    await waitForLastTurnFinal(page);
    const firstConversation = conversationIdOf(page);
    await page.getByRole('button', { name: 'New chat' }).first().click();
    await sendMessage(page, 'And this');
    await waitForLastTurnFinal(page);
    const secondConversation = conversationIdOf(page);
    const token = await consentToken(page);

    await page.getByRole('button', { name: 'Your data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your data' });
    await dialog.getByText('a keyed hash of your IP address').waitFor();
    const downloadStarted = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export my data' }).click();
    const download = await downloadStarted;
    assert.match(download.suggestedFilename(), /^wildchat-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const exportPath = await download.path();
    const exported = JSON.parse(fs.readFileSync(exportPath, 'utf8')) as { conversations: { turns: { userContent: string }[] }[] };
    assert.deepEqual(exported.conversations.flatMap((entry) => entry.turns.map((turn) => turn.userContent)).sort(), ['And this', 'Remember this']);
    await dialog.getByRole('button', { name: 'Delete my data' }).click();
    await dialog.getByRole('button', { name: 'Yes, delete everything' }).click();
    await page.getByRole('heading', { name: 'Before you chat' }).waitFor();
    await page.getByText(/Your data was deleted \(2 conversations, 2 messages\)/).waitFor();

    await withStore(stack.dataDir, async (store) => {
      for (const id of [firstConversation, secondConversation]) {
        assert.equal(await store.getConversation(id), null);
        assert.deepEqual(await store.listTurns(id), []);
      }
    });
    const withOldToken = await fetch(`${stack.serverUrl}/api/conversations`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(withOldToken.status, 401);
    assert.equal(await page.evaluate(() => localStorage.getItem('wildchat.conversations')), null);
  });

  test('HTML and javascript: links in messages never execute', async () => {
    const { page } = await freshPage();
    await agreeToTerms(page, stack.baseUrl);
    page.on('dialog', (dialog) => void dialog.dismiss());
    const probe = 'Probe <img src=x onerror="window.__xssFired=1"> and [click me](javascript:window.__xssFired=2) and <script>window.__xssFired=3</script>';
    await sendMessage(page, probe);
    await waitForLastTurnFinal(page);
    const list = page.locator('.message-list');
    assert.equal(await list.locator('img, script').count(), 0);
    assert.equal(await list.locator('a[href^="javascript:" i]').count(), 0);
    assert.match(await renderedText(list.locator('.user-text')), /<img src=x onerror=/);
    assert.match(await renderedText(list.locator('.message-assistant .markdown')), /<img src=x onerror=/);
    await list.getByText('[click me]', { exact: false }).first().click();
    assert.equal(await page.evaluate(() => (window as unknown as { __xssFired?: number }).__xssFired), undefined);
  });

  test('new terms show the gate again', async () => {
    const { page } = await freshPage();
    await agreeToTerms(page, stack.baseUrl);
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('wildchat.consent') ?? '{}') as Record<string, string>;
      localStorage.setItem('wildchat.consent', JSON.stringify({ ...stored, termsVersion: 'an-older-version' }));
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Before you chat' }).waitFor();
    await page.getByText('The terms have changed since you last agreed.', { exact: false }).waitFor();
  });

  test('no script errors or blocked resources in the console', () => {
    assert.deepEqual(consoleErrors, []);
  });

  test('the page makes no request to any other origin', () => {
    assert.ok(contexts.length > 0);
    assert.deepEqual(
      contexts.flatMap((tracked) => tracked.externalRequests),
      [],
    );
  });
});
