/**
 * Fetches a Hugging Face model pinned to a commit into the cache on first use. The hub's file
 * listing at that commit names every file's checksum: the sha256 of LFS files (the weights) and
 * the git blob sha1 of small ones (config, tokenizer). Each download is checked against it, the
 * files are written to a temporary folder that is renamed into place only when all are complete
 * and verified, and a lock file records their sha256 so later runs detect a changed cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ProgressSink } from '../core/progress-sink.ts';
import { SILENT_PROGRESS } from '../core/progress-sink.ts';
import { processIsRunning } from '../core/process-is-running.ts';
import { DownloadError, getWithRedirects } from '../llm/get-with-redirects.ts';
import type { UpstreamTransport } from '../llm/upstream-transport.ts';
import { ModelError } from './model-error.ts';
import { ONNX_FILE_CANDIDATES, OPTIONAL_TEXT_FILES, REQUIRED_TEXT_FILES } from './model-folder.ts';
import { sha256OfFile } from './sha256-file.ts';

export const DEFAULT_HUB_URL = 'https://huggingface.co';
export const LOCK_FILE = 'wildchat-model-lock.json';

const listingSchema = z.array(
  z
    .object({
      type: z.string(),
      path: z.string(),
      oid: z.string(),
      size: z.number().int().nonnegative(),
      lfs: z.object({ oid: z.string(), size: z.number().int().nonnegative() }).loose().optional(),
    })
    .loose(),
);
type ListedFile = z.infer<typeof listingSchema>[number];

const lockSchema = z.object({
  id: z.string(),
  revision: z.string(),
  files: z.record(z.string(), z.object({ sha256: z.string(), size: z.number() })),
});
export type ModelLock = z.infer<typeof lockSchema>;

export interface HubModelOptions {
  id: string;
  revision: string;
  /** The models folder inside the data dir. */
  cacheDir: string;
  transport: UpstreamTransport;
  hubUrl?: string;
  /** A Hugging Face access token, for gated models. */
  token?: string | null;
  progress?: ProgressSink;
  /** A download stalls (and fails) after this long without a byte. */
  idleTimeoutMs?: number;
}

export function hubModelFolder(cacheDir: string, id: string, revision: string): string {
  return path.join(cacheDir, id.replace('/', '--'), revision);
}

/** The files a model needs, picked from the listing: config, tokenizer and one ONNX export (with its external data). */
function pickFiles(listing: readonly ListedFile[], id: string): ListedFile[] {
  const files = new Map(listing.filter((entry) => entry.type === 'file').map((entry) => [entry.path, entry]));
  const picked: ListedFile[] = [];
  for (const name of REQUIRED_TEXT_FILES) {
    const file = files.get(name);
    if (file === undefined) throw new ModelError(`model ${id}: the hub has no ${name} at this revision`);
    picked.push(file);
  }
  for (const name of OPTIONAL_TEXT_FILES) {
    const file = files.get(name);
    if (file !== undefined) picked.push(file);
  }
  const onnx = ONNX_FILE_CANDIDATES.map((name) => files.get(name)).find((file) => file !== undefined);
  if (onnx === undefined) throw new ModelError(`model ${id}: no ONNX export at this revision (looked for ${ONNX_FILE_CANDIDATES.join(', ')})`);
  picked.push(onnx);
  // Models over 2 GB keep their weights beside the graph.
  const external = files.get(`${onnx.path}_data`);
  if (external !== undefined) picked.push(external);
  return picked;
}

function safeRelativePath(file: string, id: string): string {
  const normalised = path.posix.normalize(file);
  if (normalised.startsWith('..') || path.posix.isAbsolute(normalised))
    throw new ModelError(`model ${id}: the listing names a file outside the model (${file})`);
  return normalised;
}

async function readAll(response: Awaited<ReturnType<UpstreamTransport>>): Promise<string> {
  return response.text();
}

function withIdleTimeout(timeoutMs: number): { signal: AbortSignal; touch: () => void; done: () => void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout = setTimeout(() => controller.abort(new Error('no data for too long')), timeoutMs);
  return {
    signal: controller.signal,
    touch() {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new Error('no data for too long')), timeoutMs);
    },
    done: () => clearTimeout(timer),
  };
}

async function downloadFile(
  options: HubModelOptions,
  file: ListedFile,
  target: string,
  headers: Record<string, string>,
): Promise<{ sha256: string; size: number }> {
  const hubUrl = (options.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, '');
  const url = `${hubUrl}/${options.id}/resolve/${options.revision}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
  const idle = withIdleTimeout(options.idleTimeoutMs ?? 60_000);
  const sha256 = createHash('sha256');
  // git's blob hash: sha1 over "blob <size>\0" and the content.
  const blobSha1 = createHash('sha1').update(`blob ${file.size}\0`);
  let size = 0;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const descriptor = fs.openSync(target, 'w');
  try {
    const response = await getWithRedirects(options.transport, url, headers, idle.signal);
    if (response.status !== 200) {
      response.cancel();
      throw new DownloadError(`model ${options.id}: ${file.path} answered HTTP ${response.status}`, response.status);
    }
    for (;;) {
      const chunk = await response.read();
      if (chunk === null) break;
      idle.touch();
      fs.writeSync(descriptor, chunk);
      sha256.update(chunk);
      blobSha1.update(chunk);
      size += chunk.length;
      options.progress?.advance(chunk.length);
    }
  } finally {
    idle.done();
    fs.closeSync(descriptor);
  }
  const digest = sha256.digest('hex');
  const expectedSize = file.lfs?.size ?? file.size;
  if (size !== expectedSize) throw new ModelError(`model ${options.id}: ${file.path} is ${size} bytes, the listing says ${expectedSize}`);
  if (file.lfs !== undefined ? digest !== file.lfs.oid : blobSha1.digest('hex') !== file.oid)
    throw new ModelError(
      `model ${options.id}: checksum mismatch for ${file.path} (the download does not match revision ${options.revision}); nothing was kept`,
    );
  return { sha256: digest, size };
}

/** Checks a cached model against its lock file; throws when a file changed or is missing. */
export function verifyCachedModel(folder: string, id: string): ModelLock {
  let lock: ModelLock;
  try {
    lock = lockSchema.parse(JSON.parse(fs.readFileSync(path.join(folder, LOCK_FILE), 'utf8')));
  } catch {
    throw new ModelError(`cached model ${id} in ${folder} has no valid ${LOCK_FILE}; delete the folder to fetch it again`);
  }
  for (const [file, expected] of Object.entries(lock.files)) {
    const full = path.join(folder, file);
    if (!fs.existsSync(full) || sha256OfFile(full) !== expected.sha256)
      throw new ModelError(`cached model ${id}: ${file} does not match its recorded sha256; delete ${folder} to fetch it again`);
  }
  return lock;
}

/** Temporary folders of runs that were killed mid-download (their process is gone). */
function removeAbandonedDownloads(cacheDir: string): void {
  if (!fs.existsSync(cacheDir)) return;
  for (const entry of fs.readdirSync(cacheDir)) {
    const match = /^\.partial-(\d+)-/.exec(entry);
    if (match !== null && !processIsRunning(Number(match[1]))) fs.rmSync(path.join(cacheDir, entry), { recursive: true, force: true });
  }
}

/** The cached folder of the model, fetching it first when it is not there. */
export async function ensureHubModel(options: HubModelOptions): Promise<string> {
  const folder = hubModelFolder(options.cacheDir, options.id, options.revision);
  if (fs.existsSync(path.join(folder, LOCK_FILE))) {
    verifyCachedModel(folder, options.id);
    return folder;
  }
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'wildchat-models' };
  if (options.token != null && options.token !== '') headers.authorization = `Bearer ${options.token}`;
  const hubUrl = (options.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, '');
  const listingUrl = `${hubUrl}/api/models/${options.id}/tree/${options.revision}?recursive=true`;
  const idle = withIdleTimeout(options.idleTimeoutMs ?? 60_000);
  let listing: ListedFile[];
  try {
    const response = await getWithRedirects(options.transport, listingUrl, headers, idle.signal);
    const body = await readAll(response);
    if (response.status === 401 || response.status === 403)
      throw new DownloadError(`model ${options.id}: the hub refused the listing (HTTP ${response.status}); a gated model needs HF_TOKEN`, response.status);
    if (response.status === 404) throw new DownloadError(`model ${options.id}@${options.revision} does not exist on ${hubUrl}`, 404);
    if (response.status !== 200) throw new DownloadError(`model ${options.id}: the hub listing answered HTTP ${response.status}`, response.status);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ModelError(`model ${options.id}: the hub listing is not JSON`);
    }
    const result = listingSchema.safeParse(parsed);
    if (!result.success) throw new ModelError(`model ${options.id}: the hub listing has an unexpected shape`);
    listing = result.data;
  } finally {
    idle.done();
  }
  const files = pickFiles(listing, options.id);
  removeAbandonedDownloads(options.cacheDir);
  const partial = path.join(options.cacheDir, `.partial-${process.pid}-${randomBytes(6).toString('hex')}`);
  const progress = options.progress ?? SILENT_PROGRESS;
  fs.mkdirSync(partial, { recursive: true });
  try {
    progress.begin(
      `Fetching ${options.id}`,
      files.reduce((sum, file) => sum + (file.lfs?.size ?? file.size), 0),
      'bytes',
    );
    const lock: ModelLock = { id: options.id, revision: options.revision, files: {} };
    for (const file of files) {
      const relative = safeRelativePath(file.path, options.id);
      lock.files[relative] = await downloadFile({ ...options, progress }, file, path.join(partial, relative), headers);
    }
    fs.writeFileSync(path.join(partial, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
    fs.mkdirSync(path.dirname(folder), { recursive: true });
    try {
      fs.renameSync(partial, folder);
    } catch (error) {
      // Another run finished the same model first: keep its copy.
      if (!fs.existsSync(path.join(folder, LOCK_FILE))) throw error;
    }
  } finally {
    progress.end();
    fs.rmSync(partial, { recursive: true, force: true });
  }
  verifyCachedModel(folder, options.id);
  return folder;
}
