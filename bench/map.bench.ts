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
const phases: Array<[string, number, number]> = [];
let phaseStart = process.hrtime.bigint();
let phaseCpu = cpuSeconds();
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
    if (phaseName !== '') phases.push([phaseName, seconds(phaseStart), cpuSeconds() - phaseCpu]);
    phaseName = phase;
    phaseStart = process.hrtime.bigint();
    phaseCpu = cpuSeconds();
  },
});
phases.push([phaseName, seconds(phaseStart), cpuSeconds() - phaseCpu]);
const mapCpu = cpuSeconds() - cpu;
const mapWall = seconds(started);
const projectionCpu = phases.find(([name]) => name === 'projection')?.[2] ?? 0;

const pageResult = pagePoints > 0 ? await measurePage(pagePoints) : null;
const fineClusters = built.data.header.clusters.filter((cluster) => cluster.level === 2);

printLines(`embedding map: ${size.toLocaleString('en-US')} conversations, page ${pagePoints.toLocaleString('en-US')} points`, [
  { name: 'embed (hashed n-grams, 256-d)', value: `${embedCpu.toFixed(1)} CPU-s, ${embedWall.toFixed(1)} s wall (${Math.round(size / embedWall)} texts/s)` },
  {
    name: 'map (PCA, UMAP sample, placement, k-means, labels)',
    value: `${mapCpu.toFixed(1)} CPU-s, ${mapWall.toFixed(1)} s wall; phases ${phases.map(([name, wall, cpu]) => `${name} ${cpu.toFixed(1)} CPU-s / ${wall.toFixed(1)} s`).join(', ')}`,
  },
  { name: 'embed + map, target ≤ 10 min', value: `${((embedWall + mapWall) / 60).toFixed(2)} min wall — ${embedWall + mapWall <= 600 ? 'met' : 'missed'}` },
  {
    name:
      size >= 1_000_000 ? `${size.toLocaleString('en-US')} projected (sample-fit then transform)` : '1M projection (extrapolated: placement is linear in N)',
    value:
      size >= 1_000_000
        ? `${(projectionCpu / 60).toFixed(1)} CPU-min projection; whole map ${(mapWall / 60).toFixed(1)} min wall (target ≤ 30 min)`
        : `≈ ${((projectionCpu * 1_000_000) / size / 60).toFixed(1)} CPU-min projection (target ≤ 30 min)`,
  },
  {
    name: 'clusters',
    value: `${fineClusters.length} fine, ${fineClusters.filter((cluster) => cluster.label !== null).length} labelled, ${built.data.header.unclustered} unclustered`,
  },
  ...(pageResult === null
    ? []
    : [
        {
          name: `page load, ${pageResult.points.toLocaleString('en-US')} points (binary ${pageResult.megabytes.toFixed(1)} MB)`,
          value: `first frame ${pageResult.firstFrameSeconds.toFixed(2)} s (target ≤ 3 s) — ${pageResult.firstFrameSeconds <= 3 ? 'met' : 'missed'}; every point drawn ${pageResult.allDrawnSeconds.toFixed(2)} s`,
        },
        {
          name: 'page marks (ms after navigation)',
          value: Object.entries(pageResult.marks)
            .map(([name, time]) => `${name} ${time.toFixed(0)}`)
            .join(', '),
        },
        { name: 'baseline: animation frames, nothing drawn', value: frameSummary(pageResult.idleFrames) },
        {
          name: `pan with the moving sample (budget settled at ${pageResult.sampleSize.toLocaleString('en-US')} points)`,
          value: `all 60 frames ${frameSummary(pageResult.sampleFrames)}; last 30 ${frameSummary(pageResult.sampleFrames.slice(30))}; target ≥ 30 fps`,
        },
        { name: 'pan, every point', value: `${frameSummary(pageResult.allFrames)} on ${pageResult.renderer}` },
      ]),
  { name: 'peak RSS', value: `${peakRssMegabytes().toFixed(0)} MB` },
]);

interface PageResult {
  points: number;
  megabytes: number;
  /** Navigation to the first frame (drawn from the level-of-detail sample). */
  firstFrameSeconds: number;
  /** Navigation to the frame with every point. */
  allDrawnSeconds: number;
  /** Page marks (ms since navigation): the binary's request and response end, then map:fetched, map:decoded, map:first-frame, map:all-drawn. */
  marks: Record<string, number>;
  /** Frame times (ms): the same-run baseline (animation frames, nothing drawn), panning with the sample, panning with every point. */
  idleFrames: number[];
  sampleFrames: number[];
  allFrames: number[];
  sampleSize: number;
  renderer: string;
}

/** A map of `n` points in the page: clustered random positions (the page's cost does not depend on where points are). */
async function measurePage(n: number): Promise<PageResult> {
  const random = seededRandom(7);
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
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const loadStarted = process.hrtime.bigint();
    await page.goto(`${url}/map?map=million`);
    await page.locator(`canvas.map-canvas[data-points="${n}"]`).waitFor({ timeout: 120_000 });
    // The first frame is drawn in the same task that sets data-points; wait one more frame for it to land.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const firstFrameSeconds = seconds(loadStarted);
    await page.locator('canvas.map-canvas[data-drawn="all"]').waitFor({ timeout: 120_000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const allDrawnSeconds = seconds(loadStarted);
    const marks = await page.evaluate(() => {
      const binary = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/map.bin')) as PerformanceResourceTiming | undefined;
      return {
        'map.bin requested': binary?.startTime ?? NaN,
        'map.bin received': binary?.responseEnd ?? NaN,
        ...Object.fromEntries(
          ['map:fetched', 'map:decoded', 'map:first-frame', 'map:all-drawn'].map((name) => [name, performance.getEntriesByName(name)[0]?.startTime ?? NaN]),
        ),
      };
    });
    const panFrames = (level: 'idle' | 'sample' | 'all'): Promise<number[]> =>
      page.evaluate(async (which) => {
        const times: number[] = [];
        const map = window.wildchatMap;
        if (map === undefined) return times;
        let last = performance.now();
        for (let frame = 0; frame < 60; frame += 1) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          if (which !== 'idle') map.pan(0.01, 0.005, which);
          const now = performance.now();
          times.push(now - last);
          last = now;
        }
        return times;
      }, level);
    const idleFrames = await panFrames('idle');
    const sampleFrames = await panFrames('sample');
    const allFrames = await panFrames('all');
    const sampleSize = await page.evaluate(() => window.wildchatMap?.sampleSize ?? 0);
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return info && gl ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    });
    return { points: n, megabytes: bigMap.length / 1e6, firstFrameSeconds, allDrawnSeconds, marks, idleFrames, sampleFrames, allFrames, sampleSize, renderer };
  } finally {
    await browser.close();
    server.close();
    await embeddings.close();
    await index.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function frameSummary(frames: readonly number[]): string {
  const sorted = [...frames].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  return `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${(1000 / median).toFixed(0)} fps)`;
}
