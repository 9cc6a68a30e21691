/**
 * A local stand-in for the Hugging Face hub: serves a model folder at one commit with the hub's
 * tree listing (sha256 for "LFS" files, git blob sha1 for the others) and its resolve URLs, which
 * redirect LFS files to a CDN path as the hub does. Faults can be planted: a file served with
 * other bytes than the listing promises, or a connection cut halfway through a file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface HubDoubleOptions {
  id: string;
  revision: string;
  folder: string;
  /** Files listed as LFS (the weights); default: *.onnx. */
  isLfs?: (file: string) => boolean;
  /** Serve these files with their bytes changed (the listing keeps the true checksum). */
  corrupt?: readonly string[];
  /** Cut the connection after half of these files' bytes. */
  truncate?: readonly string[];
  /** Only answer requests carrying this bearer token. */
  token?: string;
}

export interface HubDouble {
  url: string;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
}

function filesUnder(folder: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(folder, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(folder, relative) : [relative];
  });
}

export async function startHubDouble(options: HubDoubleOptions): Promise<HubDouble> {
  const isLfs = options.isLfs ?? ((file: string) => file.endsWith('.onnx'));
  const files = filesUnder(options.folder);
  const listing = files.map((file) => {
    const content = fs.readFileSync(path.join(options.folder, file));
    const blob = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
    const entry: Record<string, unknown> = { type: 'file', path: file, oid: blob, size: content.length };
    if (isLfs(file)) entry.lfs = { oid: createHash('sha256').update(content).digest('hex'), size: content.length, pointerSize: 134 };
    return entry;
  });
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://hub.local');
    requests.push(url.pathname);
    if (options.token !== undefined && url.pathname.startsWith('/api/') && request.headers.authorization !== `Bearer ${options.token}`) {
      response.writeHead(401).end('{"error":"unauthorized"}');
      return;
    }
    if (url.pathname === `/api/models/${options.id}/tree/${options.revision}`) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listing));
      return;
    }
    const resolvePrefix = `/${options.id}/resolve/${options.revision}/`;
    const cdnPrefix = '/cdn/';
    let file: string | null = null;
    if (url.pathname.startsWith(resolvePrefix)) {
      file = decodeURIComponent(url.pathname.slice(resolvePrefix.length));
      if (isLfs(file)) {
        response.writeHead(302, { location: `${cdnPrefix}${encodeURIComponent(file)}` }).end();
        return;
      }
    } else if (url.pathname.startsWith(cdnPrefix)) file = decodeURIComponent(url.pathname.slice(cdnPrefix.length));
    if (file === null || !files.includes(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    let content = fs.readFileSync(path.join(options.folder, file));
    if (options.corrupt?.includes(file)) {
      content = Buffer.from(content);
      content[content.length - 1] = (content[content.length - 1] ?? 0) ^ 0xff;
    }
    if (options.truncate?.includes(file)) {
      response.writeHead(200, { 'content-length': String(content.length) });
      response.write(content.subarray(0, Math.floor(content.length / 2)), () => response.destroy());
      return;
    }
    response.writeHead(200, { 'content-length': String(content.length) }).end(content);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
