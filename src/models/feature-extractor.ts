/**
 * Feature extraction: one L2-normalised vector per text, the attention-masked mean of the last
 * hidden state (the pooling of sentence-transformers and E5 models), or the model's own pooled
 * output when it returns [batch, dimensions]. Texts are cut to the first window, as those
 * models were trained.
 */
import { ModelError } from './model-error.ts';
import type { LoadedModel } from './onnx-model.ts';

export interface FeatureExtractor {
  readonly modelId: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

function normalise(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let index = 0; index < vector.length; index += 1) vector[index] = (vector[index] ?? 0) / norm;
  return vector;
}

export function createFeatureExtractor(model: LoadedModel, options: { prefix?: string } = {}): FeatureExtractor {
  // E5 models expect "query: " / "passage: " in front of the text.
  const prefix = options.prefix ?? '';
  return {
    modelId: model.id,
    async embed(texts) {
      const results: Float32Array[] = texts.map(() => new Float32Array(0));
      await model.run(
        model.tokenizer.encode(
          texts.map((text) => prefix + text),
          1,
        ),
        (batch, output) => {
          const pooled = output.dims.length === 2;
          if (!pooled && output.dims.length !== 3)
            throw new ModelError(`model ${model.id}: output shape [${output.dims.join(', ')}] is not [batch, tokens, dimensions]`);
          const dimensions = Number(output.dims[output.dims.length - 1]);
          batch.forEach((window, row) => {
            const vector = new Float32Array(dimensions);
            if (pooled) vector.set(output.data.subarray(row * dimensions, (row + 1) * dimensions));
            else {
              const tokens = window.ids.length;
              for (let position = 0; position < tokens; position += 1) {
                const offset = (row * output.sequenceLength + position) * dimensions;
                for (let dimension = 0; dimension < dimensions; dimension += 1)
                  vector[dimension] = (vector[dimension] ?? 0) + (output.data[offset + dimension] ?? 0) / tokens;
              }
            }
            results[window.textIndex] = normalise(vector);
          });
        },
      );
      return results;
    },
  };
}
