import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { runToxicityEval, toxicityEvalMarkdown } from '../../eval/toxicity/run.ts';

test('without ../shared the toxicity eval runs its own proxy sets, skips the third-party lines and says so', async () => {
  const result = await runToxicityEval({ dataDirectory: path.join(os.tmpdir(), 'no-such-shared-data-folder') });
  assert.deepEqual(
    result.sources.map((source) => source.source.split(',')[0]),
    ['OpenAI-taxonomy prompts', 'Short chatbot prompts', 'Short chatbot prompts never used to change the rules'],
  );
  for (const source of result.sources) assert.equal(source.lines.length, 3, 'ours and two peers on the same lines');
  assert.equal(result.perCategory.length, 11);
  assert.equal(result.shortPromptsPerCategory.length, 11);
  assert.equal(result.unseenShortPromptsPerCategory.length, 11);
  assert.deepEqual(
    result.templates.map((set) => set.language),
    ['en', 'de', 'nl', 'zh'],
  );
  assert.equal(result.shareGpt, null);
  assert.equal(result.skipped.length, 3);
  const markdown = toxicityEvalMarkdown(result);
  assert.match(markdown, /held out\?/);
  assert.match(markdown, /Skipped: /);
});
