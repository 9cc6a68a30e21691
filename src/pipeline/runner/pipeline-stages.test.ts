import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import xxhash from 'xxhash-wasm';
import { createCombinedLanguageStage } from '../language/combined-language-stage.ts';
import { createLanguageStage } from '../language/language-stage.ts';
import { createPipelineStages } from './pipeline-stages.ts';

describe('createPipelineStages', () => {
  test('the lazily loaded language stage has the real stage version and results', async () => {
    const stages = await createPipelineStages({ moderation: 'none', llama2Tokens: false, hasher: await xxhash() });
    const real = await createLanguageStage();
    assert.equal(stages.language.name, real.name);
    assert.equal(stages.language.version, real.version);
    const batch = [
      { role: 'user' as const, content: 'Could you please explain how photosynthesis works in plants?' },
      { role: 'assistant' as const, content: 'Фотосинтез — это процесс, при котором растения превращают свет в энергию.' },
    ];
    assert.deepEqual(await stages.language.run(batch), await real.run(batch));
  });

  test('the combined detector has its own version, equal to the real combined stage', async () => {
    const stages = await createPipelineStages({ moderation: 'none', llama2Tokens: false, languageDetector: 'combined', hasher: await xxhash() });
    const real = await createCombinedLanguageStage();
    assert.equal(stages.language.version, real.version);
    assert.notEqual(real.version, (await createLanguageStage()).version);
    const batch = [{ role: 'user' as const, content: 'Hvala vam puno na pomoći, vidimo se sutra.' }];
    assert.deepEqual(await stages.language.run(batch), await real.run(batch));
  });
});
