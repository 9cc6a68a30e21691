/**
 * The in-process models a release asked for (--pii-backend ner, --moderation onnx), opened at the
 * edge and handed to the pure stages as ports. src/models (and with it ONNX Runtime and the
 * tokenizer) is imported only when one is asked for, so other runs never load it.
 */
import type { ProgressSink } from '../core/progress-sink.ts';
import type { DetoxifyClassifier } from '../pipeline/moderation/detoxify-classifier.ts';
import type { PiiEntityTagger } from '../pipeline/pii/entity-tagger.ts';
import type { ReleaseCommandConfig } from '../settings/resolve-release-config.ts';
import { JobError } from './job-error.ts';

export interface ReleaseModels {
  piiTagger: PiiEntityTagger | null;
  moderationClassifier: DetoxifyClassifier | null;
}

export async function openReleaseModels(config: ReleaseCommandConfig, progress?: ProgressSink): Promise<ReleaseModels> {
  const wantsNer = config.pii.backend === 'ner';
  const wantsModeration = config.moderation.kind === 'onnx';
  if (!wantsNer && !wantsModeration) return { piiTagger: null, moderationClassifier: null };
  const [{ openModel }, { createOnnxPiiTagger }, { createOnnxDetoxifyClassifier }, { ModelError }] = await Promise.all([
    import('../models/open-model.ts'),
    import('../models/onnx-pii-tagger.ts'),
    import('../models/onnx-detoxify-classifier.ts'),
    import('../models/model-error.ts'),
  ]);
  const options = {
    cacheDir: config.models.cacheDir,
    hubUrl: config.models.hubUrl,
    token: config.models.hubToken,
    batchSize: config.models.batchSize,
    threads: config.models.threads,
    progress,
  };
  try {
    const piiTagger = config.pii.backend === 'ner' ? createOnnxPiiTagger(await openModel(config.pii.model, options)) : null;
    const moderationClassifier =
      config.moderation.kind === 'onnx' ? createOnnxDetoxifyClassifier(await openModel(config.moderation.model, options), config.moderation.labels) : null;
    if (piiTagger !== null && piiTagger.entities.length === 0)
      throw new JobError(`--pii-ner-model ${config.pii.backend === 'ner' ? config.pii.model : ''}: the model has no PER or LOC labels`);
    return { piiTagger, moderationClassifier };
  } catch (error) {
    if (error instanceof ModelError) throw new JobError(error.message, { cause: error });
    throw error;
  }
}
