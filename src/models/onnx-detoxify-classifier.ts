/**
 * Detoxify scores from an in-process text-classification model (--moderation onnx). The
 * model's label names are mapped to Detoxify's seven keys: the names of the Jigsaw and Detoxify
 * checkpoints are known, others come from --moderation-onnx-labels. A key the model has no
 * label for scores 0 (the original Detoxify model has no sexual_explicit head).
 *
 * The moderation stage and the detoxify stage both ask for the same messages, so the last
 * results are kept by text and the second ask does not run the model again.
 */
import { DETOXIFY_KEYS, type DetoxifyClassifier, type DetoxifyKey, type DetoxifyScores } from '../pipeline/moderation/detoxify-classifier.ts';
import { ModelError } from './model-error.ts';
import type { LoadedModel } from './onnx-model.ts';
import { createTextClassifier } from './text-classifier.ts';

export const KNOWN_DETOXIFY_LABELS: Readonly<Record<string, DetoxifyKey>> = {
  toxicity: 'toxicity',
  toxic: 'toxicity',
  severe_toxicity: 'severe_toxicity',
  severe_toxic: 'severe_toxicity',
  obscene: 'obscene',
  threat: 'threat',
  insult: 'insult',
  identity_attack: 'identity_attack',
  identity_hate: 'identity_attack',
  sexual_explicit: 'sexual_explicit',
};

const MEMO_LIMIT = 4096;

export function createOnnxDetoxifyClassifier(model: LoadedModel, labels: Readonly<Record<string, DetoxifyKey>> = {}): DetoxifyClassifier {
  const classifier = createTextClassifier(model);
  const mapping = classifier.labels.map((label) => labels[label] ?? KNOWN_DETOXIFY_LABELS[label.toLowerCase()] ?? null);
  if (!mapping.includes('toxicity'))
    throw new ModelError(
      `model ${model.id}: none of its labels (${classifier.labels.join(', ')}) maps to toxicity; name it with --moderation-onnx-labels label=toxicity`,
    );
  const memo = new Map<string, DetoxifyScores>();
  return {
    model: `${model.id}${
      Object.keys(labels).length === 0
        ? ''
        : `+labels:${Object.entries(labels)
            .sort()
            .map(([label, key]) => `${label}=${key}`)
            .join(',')}`
    }`,
    async classify(texts) {
      const known = new Map<string, DetoxifyScores>();
      for (const text of texts) {
        const cached = memo.get(text);
        if (cached !== undefined) known.set(text, cached);
      }
      const missing = [...new Set(texts.filter((text) => !known.has(text)))];
      if (missing.length > 0) {
        const probabilities = await classifier.classify(missing);
        if (memo.size + missing.length > MEMO_LIMIT) memo.clear();
        missing.forEach((text, index) => {
          const scores = Object.fromEntries(DETOXIFY_KEYS.map((key) => [key, 0])) as DetoxifyScores;
          (probabilities[index] ?? []).forEach((probability, label) => {
            const key = mapping[label];
            if (key != null) scores[key] = Math.max(scores[key], probability);
          });
          known.set(text, scores);
          if (memo.size < MEMO_LIMIT) memo.set(text, scores);
        });
      }
      return texts.map((text) => ({ ...(known.get(text) as DetoxifyScores) }));
    },
  };
}
