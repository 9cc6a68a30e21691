/**
 * Turns texts into model inputs: token ids in windows that fit the model, each token tied to the
 * word (and so the character range) it came from. Uses the Hugging Face tokenizer.json through
 * @huggingface/tokenizers, which covers WordPiece (BERT), Unigram (XLM-R, E5) and BPE.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { ModelError } from './model-error.ts';
import { splitWords, type WordSpan } from './word-spans.ts';

export interface EncodedWindow {
  /** Which input text the window belongs to. */
  textIndex: number;
  /** Token ids, special tokens included. */
  ids: number[];
  /** Per token: index into `words`, or -1 for special tokens. */
  wordOfToken: number[];
  /** The words of the whole text (shared by its windows). */
  words: WordSpan[];
}

const WORD_CACHE_LIMIT = 50_000;

export class WindowedTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly prefix: number[];
  private readonly suffix: number[];
  private readonly wordLimit: number;
  private readonly cache = new Map<string, number[]>();
  /** Id used to pad a batch to one length (masked out, so its value only matters to models that derive positions from it). */
  readonly padId: number;

  constructor(tokenizerJson: object, tokenizerConfig: Record<string, unknown>, maxTokens: number) {
    try {
      this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    } catch (error) {
      throw new ModelError(`tokenizer.json is not supported (${(error as Error).message})`);
    }
    // The special tokens the post-processor wraps a sequence in ([CLS] … [SEP], <s> … </s>).
    const specials = this.tokenizer.encode('', { add_special_tokens: true }).ids;
    this.prefix = specials.slice(0, 1);
    this.suffix = specials.slice(1);
    this.wordLimit = maxTokens - specials.length;
    this.padId = ['[PAD]', '<pad>', '<|pad|>'].map((token) => this.tokenizer.token_to_id(token)).find((id) => id !== undefined) ?? 0;
    if (this.wordLimit < 1) throw new ModelError(`model accepts ${maxTokens} tokens, fewer than its special tokens need`);
  }

  /** Token ids of one word (without special tokens); unknown input gives the unknown token. */
  private wordIds(word: string): number[] {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const ids = this.tokenizer.encode(word, { add_special_tokens: false }).ids;
    if (this.cache.size >= WORD_CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, ids);
    return ids;
  }

  /**
   * Windows of at most maxTokens tokens; a text longer than one window is cut at word boundaries
   * (a single word longer than a window is cut to fit).
   */
  encode(texts: readonly string[], maximumWindows = Number.POSITIVE_INFINITY): EncodedWindow[] {
    const windows: EncodedWindow[] = [];
    texts.forEach((text, textIndex) => {
      const words = splitWords(text);
      let ids: number[] = [];
      let wordOfToken: number[] = [];
      let count = 0;
      const flush = (): void => {
        windows.push({
          textIndex,
          ids: [...this.prefix, ...ids, ...this.suffix],
          wordOfToken: [...this.prefix.map(() => -1), ...wordOfToken, ...this.suffix.map(() => -1)],
          words,
        });
        count += 1;
        ids = [];
        wordOfToken = [];
      };
      for (let wordIndex = 0; wordIndex < words.length && count < maximumWindows; wordIndex += 1) {
        const word = words[wordIndex] as WordSpan;
        const pieces = this.wordIds(text.slice(word.start, word.end)).slice(0, this.wordLimit);
        if (pieces.length === 0) continue;
        if (ids.length + pieces.length > this.wordLimit) flush();
        if (count >= maximumWindows) break;
        for (const piece of pieces) {
          ids.push(piece);
          wordOfToken.push(wordIndex);
        }
      }
      if ((ids.length > 0 || count === 0) && count < maximumWindows) flush();
    });
    return windows;
  }
}
