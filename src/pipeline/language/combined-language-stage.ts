import type { MessageInput, Stage } from '../stage.ts';
import { pipelineDataPackages } from '../data-packages.ts';
import { combinerModel, createCombinedDetector } from './combined-detector.ts';
import { createLanguageDetector, loadLanguageModels, LANGUAGE_STAGE_VERSION, type LanguageAnnotation } from './language-stage.ts';

/** Bump with the count tables or the peers' versions: the annotation cache keys on the stage version. */
export const COMBINER_VERSION = '1.0.0';
export type LanguageDetectorName = 'stage' | 'combined';
export const LANGUAGE_DETECTOR_NAMES: readonly LanguageDetectorName[] = ['stage', 'combined'];

/** The combined stage's version: the stage's own plus the combiner's, so the two never share cached results. */
export const COMBINED_LANGUAGE_STAGE_VERSION = `${LANGUAGE_STAGE_VERSION}+400+combined-${COMBINER_VERSION}`;

export async function createCombinedLanguageStage(): Promise<Stage<MessageInput, LanguageAnnotation>> {
  const [models, peers, { COMBINER_COUNTS }] = await Promise.all([
    loadLanguageModels(),
    pipelineDataPackages().languagePeers(),
    import('./combiner-counts-data.ts'),
  ]);
  const detector = createCombinedDetector(createLanguageDetector(models), peers, combinerModel(COMBINER_COUNTS));
  return {
    name: 'language',
    version: COMBINED_LANGUAGE_STAGE_VERSION,
    async run(batch) {
      return batch.map((message) => detector.detect(message.content));
    },
  };
}
