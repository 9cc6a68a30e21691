/**
 * Sequence classification: one probability per label and text. Multi-label models (Detoxify's
 * heads) use a sigmoid per label, single-label ones a softmax; config.json's problem_type
 * decides, and without it a two-label model is taken as single-label. A text longer than one
 * window gets each label's maximum over its windows (a toxic passage late in a long message
 * still counts).
 */
import { ModelError } from './model-error.ts';
import type { LoadedModel } from './onnx-model.ts';

export interface TextClassifier {
  readonly modelId: string;
  readonly labels: readonly string[];
  classify(texts: readonly string[]): Promise<number[][]>;
}

export function isMultiLabel(problemType: string | null, labelCount: number): boolean {
  if (problemType === 'multi_label_classification') return true;
  if (problemType === 'single_label_classification') return false;
  return labelCount !== 2;
}

export function createTextClassifier(model: LoadedModel): TextClassifier {
  const labels = model.folder.labels;
  if (labels.length === 0) throw new ModelError(`model ${model.id} has no id2label in config.json: it is not a text-classification model`);
  const multiLabel = isMultiLabel(model.folder.problemType, labels.length);
  return {
    modelId: model.id,
    labels,
    async classify(texts) {
      const results = texts.map(() => new Array<number>(labels.length).fill(0));
      await model.run(model.tokenizer.encode(texts), (batch, output) => {
        if (output.dims.length !== 2 || output.dims[1] !== labels.length)
          throw new ModelError(`model ${model.id}: output shape [${output.dims.join(', ')}] is not [batch, ${labels.length}]`);
        batch.forEach((window, row) => {
          const logits = output.data.subarray(row * labels.length, (row + 1) * labels.length);
          const maximum = Math.max(...logits);
          const total = multiLabel ? 1 : logits.reduce((sum, value) => sum + Math.exp(value - maximum), 0);
          const target = results[window.textIndex] as number[];
          logits.forEach((value, label) => {
            const probability = multiLabel ? 1 / (1 + Math.exp(-value)) : Math.exp(value - maximum) / total;
            target[label] = Math.max(target[label] ?? 0, probability);
          });
        });
      });
      return results;
    },
  };
}
