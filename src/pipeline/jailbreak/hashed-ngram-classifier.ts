/**
 * A hashed n-gram logistic regression for jailbreak prompts: word unigrams and bigrams of the
 * first characters of a prompt, hashed into a fixed number of buckets (the "hashing trick"),
 * binary presence, L2-normalised, trained by stochastic gradient descent with balanced class
 * weights and L2 regularisation. Pure and deterministic (seeded shuffle). Used by the jailbreak
 * evaluation to measure whether a trained classifier generalises to prompts written after its
 * training data; it ships no weights.
 */

export interface HashedNgramOptions {
  /** Number of hash buckets, a power of two (default 2^18). */
  buckets?: number;
  /** Characters of each prompt read (default 4,000: set-ups come first). */
  maxCharacters?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** FNV-1a, 32-bit. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class HashedNgramClassifier {
  private readonly buckets: number;
  private readonly maxCharacters: number;
  private readonly weights: Float64Array;
  private bias = 0;

  constructor(private readonly options: HashedNgramOptions = {}) {
    this.buckets = options.buckets ?? 1 << 18;
    if ((this.buckets & (this.buckets - 1)) !== 0) throw new Error('buckets must be a power of two');
    this.maxCharacters = options.maxCharacters ?? 4_000;
    this.weights = new Float64Array(this.buckets);
  }

  /** Distinct bucket indices of a text's features. */
  features(text: string): Uint32Array {
    const words = text.slice(0, this.maxCharacters).toLowerCase().match(WORD) ?? [];
    const indices = new Set<number>();
    const mask = this.buckets - 1;
    for (let index = 0; index < words.length; index += 1) {
      const word = words[index] as string;
      indices.add(hashString(word) & mask);
      if (index + 1 < words.length) indices.add(hashString(`${word} ${words[index + 1] as string}`) & mask);
    }
    return Uint32Array.from(indices);
  }

  train(texts: readonly string[], labels: readonly boolean[]): void {
    if (texts.length !== labels.length) throw new Error('texts and labels differ in length');
    const positives = labels.filter(Boolean).length;
    const negatives = labels.length - positives;
    if (positives === 0 || negatives === 0) throw new Error('training needs both classes');
    const featureSets = texts.map((text) => this.features(text));
    const positiveWeight = labels.length / (2 * positives);
    const negativeWeight = labels.length / (2 * negatives);
    const order = texts.map((_, index) => index);
    let state = (this.options.seed ?? 1) >>> 0 || 1;
    const random = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4294967296;
    };
    const epochs = this.options.epochs ?? 8;
    const baseRate = this.options.learningRate ?? 0.5;
    const l2 = this.options.l2 ?? 1e-5;
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let index = order.length - 1; index > 0; index -= 1) {
        const other = Math.floor(random() * (index + 1));
        [order[index], order[other]] = [order[other] as number, order[index] as number];
      }
      const rate = baseRate / (1 + epoch);
      for (const example of order) {
        const features = featureSets[example] as Uint32Array;
        if (features.length === 0) continue;
        const value = 1 / Math.sqrt(features.length);
        const label = labels[example] === true ? 1 : 0;
        const gradient = (this.probabilityOf(features) - label) * (label === 1 ? positiveWeight : negativeWeight);
        for (const feature of features) {
          this.weights[feature] = (this.weights[feature] as number) * (1 - rate * l2) - rate * gradient * value;
        }
        this.bias -= rate * gradient * 0.1;
      }
    }
  }

  /** Probability that `text` is a jailbreak prompt. */
  score(text: string): number {
    return this.probabilityOf(this.features(text));
  }

  private probabilityOf(features: Uint32Array): number {
    if (features.length === 0) return 1 / (1 + Math.exp(-this.bias));
    const value = 1 / Math.sqrt(features.length);
    let sum = this.bias;
    for (const feature of features) sum += (this.weights[feature] as number) * value;
    return 1 / (1 + Math.exp(-sum));
  }
}
