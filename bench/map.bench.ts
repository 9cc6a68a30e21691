/**
 * The embedding map's targets (issue 13): N generated conversations (default 100,000) embedded with
 * the no-model default and mapped (PCA, UMAP on a 4,000-point sample, neighbour placement of the
 * rest, k-means, c-TF-IDF labels) ≤ 10 min on 2 cores; then a 1M-point map (WILDCHAT_MAP_PAGE_POINTS)
 * loaded in headless Chromium (≤ 3 s) and panned (frame times, ≥ 30 fps). CPU-seconds are the
 * figure to compare on this shared machine; wall times are given with them.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { buildMap } from '../src/analytics/map/build-map.ts';
import { conversationTerms } from '../src/analytics/map/cluster-terms.ts';
import { HashedNgramBackend } from '../src/embedding/hashed-ngram-backend.ts';
import { createPiiDetector } from '../src/pipeline/pii/index.ts';
import { encodeMapData } from '../src/schema/map-data.ts';
import { createMapRoutes } from '../src/server/explorer/map-routes.ts';
import { mountWeb } from '../src/server/static/serve-web.ts';
import { SqliteEmbeddingStore } from '../src/store/sqlite/sqlite-embedding-store.ts';
import { SqliteSearchIndex } from '../src/search/sqlite/sqlite-search-index.ts';
import { ensureWebBuilt, launchChromium, webDist } from '../test/browser/browser-harness.ts';
import { benchSize, cpuSeconds, peakRssMegabytes, scratchDirectory, seconds } from './bench-support.ts';

function printLines(title: string, lines: ReadonlyArray<{ name: string; value: string }>): void {
  process.stdout.write(`${title} (${new Date().toISOString()}, load ${os.loadavg()[0]?.toFixed(1) ?? '?'})\n`);
  for (const line of lines) process.stdout.write(`  ${line.name}: ${line.value}\n`);
}
import { generateConversations, seededRandom } from './generate-conversations.ts';

const size = benchSize();
const pagePoints = Number(process.env.WILDCHAT_MAP_PAGE_POINTS ?? 1_000_000);
const detector = createPiiDetector();

// 1. Embed N first user turns.
const backend = new HashedNgramBackend();
const dimension = backend.dimension;
const vectors = new Float32Array(size * dimension);
const users: string[] = [];
const languages: string[] = [];
const models: string[] = [];
const toxic: boolean[] = [];
const terms: string[][] = [];
let cpu = cpuSeconds();
let started = process.hrtime.bigint();
let row = 0;
for (const conversation of generateConversations(size)) {
  const text = conversation.turns[0]?.user ?? '';
  vectors.set(backend.embedOne(text), row * dimension);
  users.push(conversation.hashedIp);
  languages.push(conversation.language);
  models.push(conversation.model);
  toxic.push(false);
  terms.push(conversationTerms(text));
  row += 1;
}
const embedCpu = cpuSeconds() - cpu;
const embedWall = seconds(started);

// 2. Map them.
cpu = cpuSeconds();
started = process.hrtime.bigint();
const phases: Array<[string, number]> = [];
let phaseStart = process.hrtime.bigint();
let phaseName = '';
const built = buildMap([{ name: 'bench', vectors, users, languages, models, toxic, terms }], {
  name: 'bench',
  embeddingVersion: backend.version,
  textRule: 'first-user-turn',
  dimension,
  k: 25,
  seed: 1,
  containsPii: (text) => detector.detect(text).length > 0,
  createdAt: Date.now(),
  onPhase: (phase) => {
    if (phaseName !== '') phases.push([phaseName, seconds(phaseStart)]);
    phaseName = phase;
    phaseStart = process.hrtime.bigint();
  },
});
phases.push([phaseName, seconds(phaseStart)]);
const mapCpu = cpuSeconds() - cpu;
const mapWall = seconds(started);
const projection = phases.find(([name]) => name === 'projection')?.[1] ?? 0;

// 3. A map of `pagePoints` points in the page: clustered random positions (the page's cost does not depend on where points are).
const random = seededRandom(7);
const n = pagePoints;
const positions = new Float32Array(n * 2);
const centres = Array.from({ length: 40 }, () => [random(), random()] as const);
for (let point = 0; point < n; point += 1) {
  const [cx, cy] = centres[point % centres.length] ?? [0.5, 0.5];
  positions[point * 2] = Math.min(1, Math.max(0, cx + (random() - 0.5) * 0.15));
  positions[point * 2 + 1] = Math.min(1, Math.max(0, cy + (random() - 0.5) * 0.15));
}
const bigMap = encodeMapData({
  header: {
    ...built.data.header,
    name: 'million',
    points: n,
    datasets: [
      { name: 'a', points: n / 2, hasUsers: true },
      { name: 'b', points: n / 2, hasUsers: false },
    ],
  },
  positions,
  cluster: Uint16Array.from({ length: n }, (_, point) => built.data.cluster[point % size] ?? 0),
  dataset: Uint8Array.from({ length: n }, (_, point) => (point < n / 2 ? 0 : 1)),
  language: new Uint8Array(n),
  model: new Uint8Array(n),
  toxic: new Uint8Array(n),
});
const folder = scratchDirectory('map');
const embeddings = new SqliteEmbeddingStore(path.join(folder, 'embeddings.sqlite'));
await embeddings.saveMap({ name: 'million', createdAt: Date.now(), description: JSON.stringify({ datasets: ['a', 'b'] }), points: bigMap, keys: '' });
const index = new SqliteSearchIndex(':memory:');
const app = new Hono();
app.route('/', createMapRoutes({ index, embeddings, budgetMs: 1000, countCap: 10_000, raw: false }));
await ensureWebBuilt();
mountWeb(app, webDist, { page: 'explore.html' });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
const loadStarted = process.hrtime.bigint();
await page.goto(`${url}/map?map=million`);
await page.locator(`canvas.map-canvas[data-points="${n}"]`).waitFor({ timeout: 120_000 });
// The first frame is drawn in the same task that sets data-points; wait one more frame for it to land.
await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
const loadSeconds = seconds(loadStarted);
const frames = await page.evaluate(async () => {
  const times: number[] = [];
  const map = window.wildchatMap;
  if (map === undefined) return times;
  let last = performance.now();
  for (let frame = 0; frame < 60; frame += 1) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    map.pan(0.01, 0.005);
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  return times;
});
const renderer = await page.evaluate(() => {
  const gl = document.createElement('canvas').getContext('webgl');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  return info && gl ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
});
await browser.close();
server.close();
await embeddings.close();
await index.close();
fs.rmSync(folder, { recursive: true, force: true });
const sorted = [...frames].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
const fineClusters = built.data.header.clusters.filter((cluster) => cluster.level === 2);

printLines(`embedding map: ${size.toLocaleString('en-US')} conversations, page ${n.toLocaleString('en-US')} points`, [
  { name: 'embed (hashed n-grams, 256-d)', value: `${embedCpu.toFixed(1)} CPU-s, ${embedWall.toFixed(1)} s wall (${Math.round(size / embedWall)} texts/s)` },
  {
    name: 'map (PCA, UMAP sample, placement, k-means, labels)',
    value: `${mapCpu.toFixed(1)} CPU-s, ${mapWall.toFixed(1)} s wall; phases ${phases.map(([name, time]) => `${name} ${time.toFixed(1)} s`).join(', ')}`,
  },
  { name: 'embed + map, target ≤ 10 min', value: `${((embedWall + mapWall) / 60).toFixed(2)} min wall — ${embedWall + mapWall <= 600 ? 'met' : 'missed'}` },
  {
    name: '1M projection (extrapolated: placement is linear in N)',
    value: `≈ ${((projection * 1_000_000) / size / 60).toFixed(1)} min projection (target ≤ 30 min)`,
  },
  {
    name: 'clusters',
    value: `${fineClusters.length} fine, ${fineClusters.filter((cluster) => cluster.label !== null).length} labelled, ${built.data.header.unclustered} unclustered`,
  },
  {
    name: `page load, ${n.toLocaleString('en-US')} points (binary ${(bigMap.length / 1e6).toFixed(1)} MB)`,
    value: `${loadSeconds.toFixed(2)} s (target ≤ 3 s) — ${loadSeconds <= 3 ? 'met' : 'missed'}`,
  },
  { name: 'pan frame time', value: `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${(1000 / median).toFixed(0)} fps; target ≥ 30) on ${renderer}` },
  { name: 'peak RSS', value: `${peakRssMegabytes().toFixed(0)} MB` },
]);
