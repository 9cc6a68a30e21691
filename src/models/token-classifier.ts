/**
 * Token classification (NER): the label of a word is the label of its first token, and BIO /
 * IOB2 / IO word labels are joined into whole entities whose character range runs from their
 * first word's start to their last word's end, so an entity is never cut inside a word.
 */
import { ModelError } from './model-error.ts';
import type { LoadedModel } from './onnx-model.ts';
import type { EncodedWindow } from './windowed-tokenizer.ts';

export interface TaggedEntity {
  start: number;
  end: number;
  /** The label without its B-/I- prefix (PER, LOC, ORG, MISC …). */
  type: string;
  /** Mean probability of the entity's words. */
  score: number;
}

interface WordLabel {
  word: number;
  prefix: 'B' | 'I' | null;
  type: string | null;
  probability: number;
}

function splitLabel(label: string): Pick<WordLabel, 'prefix' | 'type'> {
  if (label === 'O') return { prefix: null, type: null };
  const match = /^([BIES])[-_](.+)$/.exec(label);
  // BIOES: S (single) and B start an entity; I and E continue one.
  if (match !== null) return { prefix: match[1] === 'B' || match[1] === 'S' ? 'B' : 'I', type: match[2] as string };
  return { prefix: 'I', type: label };
}

export function softmaxRow(values: Float32Array, offset: number, count: number): { best: number; probability: number } {
  let maximum = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index += 1) maximum = Math.max(maximum, values[offset + index] ?? 0);
  let total = 0;
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index += 1) {
    const value = values[offset + index] ?? 0;
    total += Math.exp(value - maximum);
    if (value > bestValue) {
      bestValue = value;
      best = index;
    }
  }
  return { best, probability: Math.exp(bestValue - maximum) / total };
}

function joinEntities(window: EncodedWindow, labels: readonly WordLabel[]): TaggedEntity[] {
  const entities: TaggedEntity[] = [];
  let current: { type: string; firstWord: number; lastWord: number; probabilities: number[] } | null = null;
  const close = (): void => {
    if (current === null) return;
    const first = window.words[current.firstWord];
    const last = window.words[current.lastWord];
    if (first !== undefined && last !== undefined) {
      const score = current.probabilities.reduce((sum, value) => sum + value, 0) / current.probabilities.length;
      entities.push({ start: first.start, end: last.end, type: current.type, score });
    }
    current = null;
  };
  for (const label of labels) {
    if (label.type === null) {
      close();
      continue;
    }
    // An I- that does not continue an entity of its type starts one (IOB1 and model slips).
    if (current !== null && label.prefix === 'I' && current.type === label.type) {
      current.lastWord = label.word;
      current.probabilities.push(label.probability);
      continue;
    }
    close();
    current = { type: label.type, firstWord: label.word, lastWord: label.word, probabilities: [label.probability] };
  }
  close();
  return entities;
}

export interface TokenClassifier {
  readonly modelId: string;
  readonly labels: readonly string[];
  tag(texts: readonly string[]): Promise<TaggedEntity[][]>;
}

export function createTokenClassifier(model: LoadedModel): TokenClassifier {
  const labels = model.folder.labels;
  if (labels.length === 0) throw new ModelError(`model ${model.id} has no id2label in config.json: it is not a token-classification model`);
  const parsed = labels.map(splitLabel);
  return {
    modelId: model.id,
    labels,
    async tag(texts) {
      const results: TaggedEntity[][] = texts.map(() => []);
      const windows = model.tokenizer.encode(texts);
      await model.run(windows, (batch, output) => {
        if (output.dims.length !== 3 || output.dims[2] !== labels.length)
          throw new ModelError(`model ${model.id}: output shape [${output.dims.join(', ')}] is not [batch, tokens, ${labels.length}]`);
        batch.forEach((window, row) => {
          const wordLabels: WordLabel[] = [];
          for (let position = 0; position < window.ids.length; position += 1) {
            const word = window.wordOfToken[position] ?? -1;
            if (word < 0 || (position > 0 && window.wordOfToken[position - 1] === word)) continue;
            const { best, probability } = softmaxRow(output.data, (row * output.sequenceLength + position) * labels.length, labels.length);
            const label = parsed[best] ?? { prefix: null, type: null };
            wordLabels.push({ word, prefix: label.prefix, type: label.type, probability });
          }
          results[window.textIndex]?.push(...joinEntities(window, wordLabels));
        });
      });
      for (const entities of results) entities.sort((left, right) => left.start - right.start);
      return results;
    },
  };
}
