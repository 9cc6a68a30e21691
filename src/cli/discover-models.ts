import type { LlmClient } from '../llm/llm-client.ts';
import { UpstreamError } from '../llm/llm-client.ts';
import { CliError } from './cli-error.ts';

/**
 * The models to offer: the operator's list, or every model the upstream lists. Without a list, an
 * unreachable upstream stops the start-up, since the server would have nothing to offer.
 */
export async function discoverModels(llm: LlmClient, configured: string[] | null, upstreamUrl: string): Promise<string[]> {
  if (configured !== null) return configured;
  const where = `${displayUrl(upstreamUrl)}/models`;
  let models: string[];
  try {
    models = (await llm.listModels()).map((model) => model.id);
  } catch (error) {
    const reason = error instanceof UpstreamError ? `${error.code}${error.upstreamStatus === null ? '' : ` (HTTP ${error.upstreamStatus})`}` : 'request failed';
    throw new CliError(
      `cannot list the upstream's models at ${where}: ${reason}. ` +
        'Check --upstream-url and --upstream-key, or name the models with --models to start without asking the upstream.',
      { cause: error },
    );
  }
  const unique = [...new Set(models)];
  if (unique.length === 0) {
    throw new CliError(`the upstream lists no models at ${where}; name them with --models`);
  }
  return unique;
}

/** The URL without credentials or query, safe to print. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return '(invalid URL)';
  }
}
