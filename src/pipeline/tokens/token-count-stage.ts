/** Per-message token counts (OpenAI encoding, optionally Llama-2). */
import type { MessageInput, Stage } from '../stage.ts';
import { countLlamaTokens, countOpenAITokens, type OpenAIEncoding } from './token-counter.ts';

export interface TokenCounts {
  encoding: OpenAIEncoding;
  tokens: number;
  /** Llama-2 tokenizer count (paper Table 1 comparable); null when turned off. */
  llama2Tokens: number | null;
}

export interface TokenCountStageOptions {
  encoding?: OpenAIEncoding;
  /** Count Llama-2 tokens as well (about 10x slower). */
  llama2?: boolean;
}

export class TokenCountStage implements Stage<MessageInput, TokenCounts> {
  readonly name = 'tokens';
  readonly version: string;
  private readonly encoding: OpenAIEncoding;
  private readonly llama2: boolean;

  constructor(options: TokenCountStageOptions = {}) {
    this.encoding = options.encoding ?? 'o200k_base';
    this.llama2 = options.llama2 ?? true;
    this.version = `${this.encoding}${this.llama2 ? '+llama2' : ''}:v1`;
  }

  async run(batch: readonly MessageInput[]): Promise<readonly TokenCounts[]> {
    return batch.map((message) => ({
      encoding: this.encoding,
      tokens: countOpenAITokens(message.content, this.encoding),
      llama2Tokens: this.llama2 ? countLlamaTokens(message.content) : null,
    }));
  }
}
