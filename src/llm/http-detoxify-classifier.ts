/**
 * DetoxifyClassifier over HTTP: `POST {url}` with `{"texts": [...]}`; the answer is either
 * `{"results": [scores, ...]}` or a bare array of scores, one per text, each with the Detoxify
 * keys. This file does network I/O and is passed into the stage.
 */
import { z } from 'zod';
import { detoxifyScoresSchema, toDetoxifyScores, type DetoxifyClassifier, type DetoxifyScores } from '../pipeline/moderation/detoxify-classifier.ts';

export interface HttpDetoxifyClassifierOptions {
  url: string;
  /** Shown in the stage version, e.g. 'detoxify-multilingual'. */
  model?: string;
  apiKey?: string | null;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

const responseSchema = z.union([z.object({ results: z.array(detoxifyScoresSchema) }), z.array(detoxifyScoresSchema)]);

export class DetoxifyRequestError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DetoxifyRequestError';
    this.status = status;
  }
}

export class HttpDetoxifyClassifier implements DetoxifyClassifier {
  readonly model: string;
  private readonly url: string;
  private readonly apiKey: string | null;
  private readonly timeoutMs: number;
  private readonly fetchImplementation: typeof globalThis.fetch;

  constructor(options: HttpDetoxifyClassifierOptions) {
    this.url = options.url;
    this.model = options.model ?? 'detoxify-multilingual';
    this.apiKey = options.apiKey ?? null;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.fetchImplementation = options.fetch ?? globalThis.fetch;
  }

  async classify(texts: readonly string[]): Promise<DetoxifyScores[]> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.apiKey !== null && this.apiKey !== '') headers.authorization = `Bearer ${this.apiKey}`;
    let response: Response;
    try {
      response = await this.fetchImplementation(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ texts }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DetoxifyRequestError('detoxify request failed', null, { cause: error });
    }
    if (!response.ok) {
      await response.arrayBuffer().catch(() => undefined);
      throw new DetoxifyRequestError(`detoxify endpoint answered HTTP ${response.status}`, response.status);
    }
    const parsed = responseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new DetoxifyRequestError('detoxify endpoint returned an unexpected body shape', response.status);
    const results = Array.isArray(parsed.data) ? parsed.data : parsed.data.results;
    if (results.length !== texts.length) {
      throw new DetoxifyRequestError(`detoxify endpoint returned ${results.length} results for ${texts.length} texts`, response.status);
    }
    return results.map((result) => toDetoxifyScores(result));
  }
}
