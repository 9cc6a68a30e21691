/**
 * Where an upstream lives and how we introduce ourselves to it: the base URL check and the bearer
 * header, once for every client in src/llm.
 */

/** Validates an OpenAI-style base URL (e.g. https://api.openai.com/v1) and returns it without trailing slashes. */
export function normaliseBaseUrl(baseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new Error('upstream base URL is not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('upstream base URL must be http or https');
  return baseUrl.replace(/\/+$/, '');
}

/** Request headers with the bearer token when there is one; an empty key counts as none. */
export function upstreamHeaders(apiKey: string | null | undefined, headers: Record<string, string>): Record<string, string> {
  if (apiKey === null || apiKey === undefined || apiKey === '') return { ...headers };
  return { ...headers, authorization: `Bearer ${apiKey}` };
}
