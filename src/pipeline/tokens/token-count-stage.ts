/** Per-message token counts (OpenAI encoding, optionally Llama-2). */
import type { MessageInput, Stage } from '../stage.ts';
import { countLlamaTokens, countOpenAITokens, type LlamaTokenizer, type OpenAIEncoding } from './token-counter.ts';

export interface TokenCounts {
  encoding: OpenAIEncoding;
  tokens: number;
  /** Llama-2 tokenizer count (paper Table 1 comparable); null when turned off. */
  llama2Tokens: number | null;
}

export interface TokenCountStageOptions {
  encoding?: OpenAIEncoding;
  /** Count Llama-2 tokens as well with this tokenizer (about 10x slower; loadLlamaTokenizer), or not (null, the default). */
  llama2?: LlamaTokenizer | null;
}

export class TokenCountStage implements Stage<MessageInput, TokenCounts> {
  readonly name = 'tokens';
  readonly version: string;
  private readonly encoding: OpenAIEncoding;
  private readonly llama2: LlamaTokenizer | null;

  constructor(options: TokenCountStageOptions = {}) {
    this.encoding = options.encoding ?? 'o200k_base';
    this.llama2 = options.llama2 ?? null;
    this.version = `${this.encoding}${this.llama2 !== null ? '+llama2' : ''}:v1`;
  }

  async run(batch: readonly MessageInput[]): Promise<readonly TokenCounts[]> {
    return batch.map((message) => ({
      encoding: this.encoding,
      tokens: countOpenAITokens(message.content, this.encoding),
      llama2Tokens: this.llama2 !== null ? countLlamaTokens(message.content, this.llama2) : null,
    }));
  }
}
