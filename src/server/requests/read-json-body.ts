/**
 * Reads a JSON request body with the size limit enforced while the bytes arrive (a huge body is cut
 * off at the limit, never buffered whole), strict UTF-8, and a zod schema. Every failure is an
 * ApiError whose message names fields, never their values.
 */
import type { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../responses/api-error.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

interface NodeBindings {
  incoming?: Readable;
  server?: NodeBindings;
}

/** The Node request stream when served by @hono/node-server and nobody has read the body yet. */
function nodeIncoming(c: Context): Readable | null {
  const bindings = (c.env ?? {}) as NodeBindings;
  const incoming = (bindings.server ?? bindings).incoming;
  if (incoming === undefined || typeof incoming.on !== 'function' || incoming.readableEnded || incoming.readableDidRead) return null;
  return incoming;
}

export async function readBodyBytes(c: Context, maxBytes: number): Promise<Uint8Array> {
  const request = c.req.raw;
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw bodyTooLarge(maxBytes);
  // Reading the Node stream directly skips building a web ReadableStream per request, which was
  // the largest cost on the way to the upstream call.
  const incoming = nodeIncoming(c);
  if (incoming !== null) return readNodeStream(incoming, maxBytes);
  return readWebStream(request, maxBytes);
}

function readNodeStream(incoming: Readable, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = (): void => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        cleanup();
        // Stop reading; the server discards or cuts the rest of the upload.
        incoming.pause();
        reject(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, total));
    };
    const onError = (): void => {
      cleanup();
      reject(new ApiError(400, 'body_unreadable', 'The request body could not be read.'));
    };
    const onClose = (): void => {
      if (!incoming.readableEnded) onError();
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

async function readWebStream(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function bodyTooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'body_too_large', `The request body is larger than ${maxBytes} bytes.`);
}

/** Parses the body; an empty body counts as `{}` so that routes with only optional fields accept it. */
/** application/json or any +json type. Browsers send text/plain cross-site without asking first; we never read it. */
function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const type = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

export async function readJsonBody<Schema extends z.ZodType>(c: Context, schema: Schema, maxBytes: number): Promise<z.infer<Schema>> {
  const bytes = await readBodyBytes(c, maxBytes);
  if (bytes.byteLength > 0 && !isJsonContentType(c.req.header('content-type'))) {
    throw new ApiError(415, 'unsupported_media_type', 'The request body must be JSON, sent with Content-Type: application/json.');
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_utf8', 'The request body is not valid UTF-8.');
  }
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => (issue.path.length === 0 ? '(body)' : issue.path.join('.'))))];
    const first = fields[0] ?? null;
    throw new ApiError(400, 'invalid_request', `Invalid or missing field(s): ${fields.join(', ')}.`, { param: first });
  }
  return parsed.data;
}
