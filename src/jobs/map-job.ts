/**
 * `wildchat map`: reads the stored embeddings of one or more datasets (one text rule, one
 * embedding version: mixing versions is refused), re-reads their texts only to count label terms,
 * builds the map and stores it beside the embeddings for the explorer.
 */
import { buildMap, type MapInputDataset } from '../analytics/map/build-map.ts';
import type { PiiCheck } from '../analytics/map/cluster-privacy-gate.ts';
import { conversationTerms } from '../analytics/map/cluster-terms.ts';
import { SILENT_PROGRESS, type ProgressSink } from '../core/progress-sink.ts';
import { embeddingText } from '../embedding/embedding-text.ts';
import { encodeMapData, type MapHeader } from '../schema/map-data.ts';
import { EmbeddingVersionError, type EmbeddingStore, type TextRule } from '../store/embedding-store.ts';
import type { Store } from '../store/store.ts';
import { datasetDocuments } from './dataset-documents.ts';

export interface MapRunOptions {
  store: Store;
  embeddings: EmbeddingStore;
  datasets: readonly string[];
  textRule: TextRule;
  name: string;
  /** Only conversations in this language (WildVis draws one map per language); null = all. */
  language: string | null;
  k: number;
  seed: number;
  containsPii: PiiCheck;
  /** Relabels a cluster from its gated terms only (never conversation text); null keeps c-TF-IDF labels. */
  relabel: ((terms: string) => Promise<string | null>) | null;
  progress?: ProgressSink;
  now?: () => number;
}

export interface MapRunReport {
  name: string;
  header: MapHeader;
  bytes: number;
  seconds: number;
  cpuSeconds: number;
}

export async function buildDatasetMap(options: MapRunOptions): Promise<MapRunReport> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const progress = options.progress ?? SILENT_PROGRESS;
  const sets = [];
  for (const dataset of options.datasets) {
    const set = await options.embeddings.getSet(dataset, options.textRule);
    if (set === null || set.points === 0)
      throw new Error(`${dataset} has no ${options.textRule} embeddings: run wildchat embed ${dataset} --text ${options.textRule} first`);
    sets.push(set);
  }
  const versions = [...new Set(sets.map((set) => set.version))];
  if (versions.length > 1) {
    throw new EmbeddingVersionError(
      `mismatched embedding versions: ${sets.map((set) => `${set.dataset} has ${set.version}`).join(', ')}; one map needs one version (re-embed with the same --backend and model, --replace)`,
    );
  }
  const inputs: MapInputDataset[] = [];
  const keyLines: string[] = [];
  for (const set of sets) {
    progress.begin(`reading ${set.dataset}`, set.points, 'points');
    const points = await options.embeddings.readPoints(set.id);
    const rowOf = new Map(points.keys.map((key, row) => [key, row]));
    const terms: string[][] = points.keys.map(() => []);
    for await (const chunk of datasetDocuments(options.store, set.dataset, { after: 0, batchSize: 1000 })) {
      for (const document of chunk.documents) {
        const row = rowOf.get(document.key);
        if (row === undefined) continue;
        terms[row] = conversationTerms(embeddingText(document.record, options.textRule) ?? '');
      }
      progress.advance(chunk.documents.length);
    }
    progress.end();
    const keep = points.keys.map((_, row) => options.language === null || points.languages[row] === options.language);
    const rows = keep.flatMap((kept, row) => (kept ? [row] : []));
    const vectors = new Float32Array(rows.length * points.dimension);
    rows.forEach((row, index) => vectors.set(points.vectors.subarray(row * points.dimension, (row + 1) * points.dimension), index * points.dimension));
    const pick = <T>(values: readonly T[]): T[] => rows.map((row) => values[row] as T);
    inputs.push({
      name: set.dataset,
      vectors,
      users: pick(points.users),
      languages: pick(points.languages),
      models: pick(points.models),
      toxic: pick(points.toxic),
      terms: pick(terms),
    });
    for (const row of rows) keyLines.push(`${set.dataset}\t${points.keys[row] ?? ''}\t${points.conversationHashes[row] ?? ''}`);
  }
  const first = sets[0];
  if (first === undefined) throw new Error('name at least one dataset to map');
  progress.begin('building the map', null, 'phases');
  const built = buildMap(inputs, {
    name: options.name,
    embeddingVersion: first.version,
    textRule: options.textRule,
    dimension: first.dimension,
    k: options.k,
    seed: options.seed,
    containsPii: options.containsPii,
    createdAt: (options.now ?? Date.now)(),
    onPhase: () => progress.advance(1),
  });
  progress.end();
  if (built.data.header.points === 0) throw new Error(`no embedded conversations${options.language === null ? '' : ` in ${options.language}`} to map`);
  if (options.relabel !== null) {
    for (const cluster of built.data.header.clusters) {
      if (cluster.label === null) continue;
      const label = await options.relabel(cluster.label);
      if (label !== null && label.trim() !== '' && !options.containsPii(label)) cluster.label = label.trim().slice(0, 80);
    }
    built.data.header.labelSource = 'llm over c-tf-idf terms';
  }
  const bytes = encodeMapData(built.data);
  await options.embeddings.saveMap({
    name: options.name,
    createdAt: built.data.header.createdAt,
    description: JSON.stringify({ points: built.data.header.points, datasets: options.datasets }),
    points: bytes,
    keys: keyLines.join('\n'),
  });
  const cpu = process.cpuUsage(cpuStarted);
  return {
    name: options.name,
    header: built.data.header,
    bytes: bytes.length,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
