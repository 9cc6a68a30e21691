/**
 * Regenerates the README screenshots in docs/screenshots from the real stack:
 *
 *   node --import tsx test/browser/capture-screenshots.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromiumMissingReason, ensureWebBuilt, launchChromium, projectRoot, startStack } from './browser-harness.ts';
import { agreeToTerms, sendMessage, waitForLastTurnFinal } from './browser-page.ts';

const missing = chromiumMissingReason();
if (missing) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}

const outputDir = path.join(projectRoot, 'docs', 'screenshots');
fs.mkdirSync(outputDir, { recursive: true });

const codeReply = [
  'Here is a small function that counts the words in a text, and how to call it:',
  '',
  '```python',
  'from collections import Counter',
  '',
  'def word_counts(text: str) -> Counter:',
  '    """Count how often each word appears, ignoring case."""',
  '    return Counter(word.lower() for word in text.split())',
  '',
  'print(word_counts("the cat and the hat").most_common(2))',
  '```',
  '',
  '| word | count |',
  '|------|------:|',
  '| the  | 2 |',
  '| cat  | 1 |',
  '',
  '- `Counter` is a dictionary subclass, so lookups are O(1).',
  '- `most_common(n)` returns the *n* most frequent words.',
].join('\n');

await ensureWebBuilt();
const stack = await startStack();
const browser = await launchChromium();
try {
  stack.upstream.setReply({ text: codeReply, chunkCount: 12 });

  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const gatePage = await desktop.newPage();
  await gatePage.goto(stack.baseUrl);
  await gatePage.getByRole('heading', { name: 'Before you chat' }).waitFor();
  await gatePage.screenshot({ path: path.join(outputDir, 'consent-gate.png') });

  await agreeToTerms(gatePage, stack.baseUrl);
  await sendMessage(gatePage, 'Write a Python function that counts words in a text.');
  await waitForLastTurnFinal(gatePage);
  await gatePage.locator('.code-block .hljs-keyword').first().waitFor();
  await gatePage.screenshot({ path: path.join(outputDir, 'chat-code-block.png') });

  const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const darkPage = await dark.newPage();
  await agreeToTerms(darkPage, stack.baseUrl);
  await sendMessage(darkPage, 'Write a Python function that counts words in a text.');
  await waitForLastTurnFinal(darkPage);
  await darkPage.locator('.code-block .hljs-keyword').first().waitFor();
  await darkPage.screenshot({ path: path.join(outputDir, 'chat-dark.png') });

  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const phonePage = await phone.newPage();
  await agreeToTerms(phonePage, stack.baseUrl);
  await sendMessage(phonePage, 'Write a Python function that counts words in a text.');
  await waitForLastTurnFinal(phonePage);
  await phonePage.locator('.code-block .hljs-keyword').first().waitFor();
  await phonePage.screenshot({ path: path.join(outputDir, 'phone-layout.png') });

  process.stdout.write(`screenshots written to ${path.relative(projectRoot, outputDir)}\n`);
} finally {
  await browser.close();
  await stack.stop();
}
