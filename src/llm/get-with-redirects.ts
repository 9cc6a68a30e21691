/**
 * A GET through the upstream transport that follows redirects, as the Hugging Face hub answers
 * file downloads with a redirect to its CDN. The authorization header is only sent to the host
 * it was meant for.
 */
import type { TransportResponse, UpstreamTransport } from './upstream-transport.ts';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAXIMUM_REDIRECTS = 5;

export class DownloadError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DownloadError';
    this.status = status;
  }
}

export async function getWithRedirects(
  transport: UpstreamTransport,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<TransportResponse> {
  const origin = new URL(url).host;
  let target = url;
  for (let hop = 0; hop <= MAXIMUM_REDIRECTS; hop += 1) {
    const sameHost = new URL(target).host === origin;
    const sent = sameHost ? headers : Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    let response: TransportResponse;
    try {
      response = await transport(target, { method: 'GET', headers: sent, signal });
    } catch (error) {
      // The URL names a public file (no user data), so it may appear in the message.
      throw new DownloadError(`GET ${new URL(target).origin}${new URL(target).pathname} failed (${(error as Error).message})`, null, { cause: error });
    }
    if (!REDIRECTS.has(response.status)) return response;
    const location = response.headers.get('location');
    response.cancel();
    if (location === null) throw new DownloadError(`GET ${new URL(target).pathname}: redirect without a location`, response.status);
    target = new URL(location, target).toString();
  }
  throw new DownloadError(`GET ${new URL(url).pathname}: more than ${MAXIMUM_REDIRECTS} redirects`, null);
}
