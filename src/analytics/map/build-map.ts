/**
 * Embeddings → a map: PCA (fitted on a sample), a 2-D layout, k-means clusters in PCA space with
 * a second level over their centroids, c-TF-IDF labels, and the privacy gate over all of it.
 * Pure: the job hands in vectors, per-point fields and terms, and a PII check.
 */
import { MAX_CATEGORIES, NO_CLUSTER, TOXIC_FALSE, TOXIC_TRUE, TOXIC_UNKNOWN, type MapCluster, type MapData } from '../../schema/map-data.ts';
import { gateClusters, safeLabel, termPassesGate, type GateCounts, type PiiCheck, type TermStatistics } from './cluster-privacy-gate.ts';
import { assignKMeans, fitKMeans } from './kmeans.ts';
import { fitPca, transformPca } from './pca.ts';
import { DEFAULT_PROJECTION, projectTo2d, sampleIndices } from './projection.ts';

export interface MapInputDataset {
  name: string;
  /** points × dimension. */
  vectors: Float32Array;
  users: ReadonlyArray<string | null>;
  languages: ReadonlyArray<string | null>;
  models: ReadonlyArray<string | null>;
  toxic: ReadonlyArray<boolean | null>;
  /** Label terms of each point's text (conversationTerms). */
  terms: ReadonlyArray<readonly string[]>;
}

export interface BuildMapOptions {
  name: string;
  embeddingVersion: string;
  textRule: string;
  dimension: number;
  k: number;
  seed: number;
  containsPii: PiiCheck;
  /** Fine clusters wanted at most (fewer when the input is small). */
  maxClusters?: number;
  pcaComponents?: number;
  /** Points PCA, k-means and UMAP are fitted on at most. */
  sampleSize?: number;
  umapSampleSize?: number;
  createdAt: number;
  onPhase?: (phase: string) => void;
}

const LABEL_TERMS = 3;

function categories(values: ReadonlyArray<string | null>): { names: string[]; codes: Uint8Array } {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value ?? 'unknown', (counts.get(value ?? 'unknown') ?? 0) + 1);
  const ranked = [...counts.entries()].sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0])).map(([name]) => name);
  const names = ranked.length > MAX_CATEGORIES ? [...ranked.slice(0, MAX_CATEGORIES - 1), 'other'] : ranked;
  const index = new Map(names.map((name, position) => [name, position]));
  const codes = Uint8Array.from(values, (value) => index.get(value ?? 'unknown') ?? MAX_CATEGORIES - 1);
  return { names, codes };
}

/** c-TF-IDF (Grootendorst): tf of the term in the cluster × log(1 + mean terms per cluster / its frequency over all clusters). */
function labelClusters(
  members: ReadonlyArray<readonly number[]>,
  terms: ReadonlyArray<readonly string[]>,
  users: readonly string[],
  k: number,
  containsPii: PiiCheck,
): Array<string | null> {
  const perCluster = members.map((points) => {
    const statistics = new Map<string, TermStatistics>();
    for (const point of points) {
      for (const term of terms[point] ?? []) {
        let entry = statistics.get(term);
        if (entry === undefined) {
          entry = { conversations: 0, users: new Set() };
          statistics.set(term, entry);
        }
        entry.conversations += 1;
        entry.users.add(users[point] ?? '');
      }
    }
    return statistics;
  });
  const overall = new Map<string, number>();
  let totalTerms = 0;
  for (const statistics of perCluster) {
    for (const [term, entry] of statistics) {
      overall.set(term, (overall.get(term) ?? 0) + entry.conversations);
      totalTerms += entry.conversations;
    }
  }
  const average = totalTerms / Math.max(1, perCluster.length);
  return perCluster.map((statistics) => {
    const ranked = [...statistics.entries()]
      .filter(([, entry]) => termPassesGate(entry, k))
      .map(([term, entry]) => ({ term, score: entry.conversations * Math.log(1 + average / (overall.get(term) ?? 1)) }))
      .sort((left, right) => right.score - left.score || left.term.localeCompare(right.term))
      .slice(0, LABEL_TERMS * 2)
      .map((entry) => entry.term);
    const label = safeLabel(ranked, containsPii);
    return label === null ? null : label.split(', ').slice(0, LABEL_TERMS).join(', ');
  });
}

export interface BuiltMap {
  data: MapData;
  /** Index of each point's dataset and its position there, in map order. */
  origin: Array<{ dataset: number; row: number }>;
}

export function buildMap(datasets: readonly MapInputDataset[], options: BuildMapOptions): BuiltMap {
  const { dimension, k } = options;
  const count = datasets.reduce((sum, dataset) => sum + dataset.vectors.length / dimension, 0);
  const vectors = new Float32Array(count * dimension);
  const origin: BuiltMap['origin'] = [];
  const users: string[] = [];
  const languages: Array<string | null> = [];
  const models: Array<string | null> = [];
  const terms: Array<readonly string[]> = [];
  const datasetCodes = new Uint8Array(count);
  const toxic = new Uint8Array(count);
  let offset = 0;
  datasets.forEach((dataset, datasetIndex) => {
    const points = dataset.vectors.length / dimension;
    vectors.set(dataset.vectors, offset * dimension);
    for (let row = 0; row < points; row += 1) {
      const point = offset + row;
      origin.push({ dataset: datasetIndex, row });
      const user = dataset.users[row] ?? null;
      // Users of two datasets are different people even when their hashes collide; without users a conversation counts alone.
      users.push(user === null ? `conversation:${point}` : `${datasetIndex}:${user}`);
      languages.push(dataset.languages[row] ?? null);
      models.push(dataset.models[row] ?? null);
      terms.push(dataset.terms[row] ?? []);
      datasetCodes[point] = datasetIndex;
      const value = dataset.toxic[row] ?? null;
      toxic[point] = value === null ? TOXIC_UNKNOWN : value ? TOXIC_TRUE : TOXIC_FALSE;
    }
    offset += points;
  });

  options.onPhase?.('pca');
  const sampleSize = options.sampleSize ?? 20_000;
  const sample = sampleIndices(count, sampleSize, options.seed);
  const sampleRows = new Float32Array(sample.length * dimension);
  sample.forEach((point, row) => sampleRows.set(vectors.subarray(point * dimension, (point + 1) * dimension), row * dimension));
  const pca = fitPca(sampleRows, dimension, options.pcaComponents ?? 32, options.seed);
  const reduced = transformPca(pca, vectors);
  const reducedDimension = pca.componentCount;

  options.onPhase?.('projection');
  const positions = projectTo2d(reduced, reducedDimension, {
    ...DEFAULT_PROJECTION,
    seed: options.seed,
    sampleSize: options.umapSampleSize ?? DEFAULT_PROJECTION.sampleSize,
  });

  options.onPhase?.('clusters');
  const fineK = Math.max(1, Math.min(options.maxClusters ?? 48, Math.floor(count / Math.max(1, 2 * k))));
  const reducedSample = transformPca(pca, sampleRows);
  const fine = fitKMeans(reducedSample, reducedDimension, fineK, options.seed);
  const rawAssignment = assignKMeans(fine, reduced, reducedDimension);
  const counts: GateCounts[] = Array.from({ length: fine.k }, () => ({ conversations: 0, users: 0 }));
  const userSets = Array.from({ length: fine.k }, () => new Set<string>());
  rawAssignment.forEach((cluster, point) => {
    const entry = counts[cluster];
    if (entry !== undefined) entry.conversations += 1;
    userSets[cluster]?.add(users[point] ?? '');
  });
  userSets.forEach((set, cluster) => {
    const entry = counts[cluster];
    if (entry !== undefined) entry.users = set.size;
  });
  const target = gateClusters(counts, fine.centroids, reducedDimension, k);
  const passing = [...new Set(Array.from(target).filter((cluster) => cluster >= 0))].sort((left, right) => left - right);
  const fineId = new Map(passing.map((cluster, index) => [cluster, index]));
  const cluster = new Uint16Array(count);
  const members: number[][] = passing.map(() => []);
  let unclustered = 0;
  rawAssignment.forEach((raw, point) => {
    const merged = target[raw] ?? -1;
    const id = merged < 0 ? undefined : fineId.get(merged);
    if (id === undefined) {
      cluster[point] = NO_CLUSTER;
      unclustered += 1;
    } else {
      cluster[point] = id;
      members[id]?.push(point);
    }
  });

  const clusters: MapCluster[] = [];
  if (passing.length > 0) {
    const centroids = new Float32Array(passing.length * reducedDimension);
    const weights = new Float32Array(passing.length);
    passing.forEach((raw, index) => {
      centroids.set(fine.centroids.subarray(raw * reducedDimension, (raw + 1) * reducedDimension), index * reducedDimension);
      weights[index] = members[index]?.length ?? 0;
    });
    const topK = Math.max(1, Math.min(8, Math.ceil(Math.sqrt(passing.length))));
    const top = fitKMeans(centroids, reducedDimension, topK, options.seed + 1, weights);
    const parentOf = assignKMeans(top, centroids, reducedDimension);
    const usedTops = [...new Set(parentOf)].sort((left, right) => left - right);
    const topId = new Map(usedTops.map((raw, index) => [raw, passing.length + index]));
    const topMembers = usedTops.map((raw) => passing.flatMap((_, index) => (parentOf[index] === raw ? (members[index] ?? []) : [])));
    const fineLabels = labelClusters(members, terms, users, k, options.containsPii);
    const topLabels = labelClusters(topMembers, terms, users, k, options.containsPii);
    passing.forEach((_, index) => {
      const points = members[index] ?? [];
      clusters.push({
        id: index,
        level: 2,
        parent: topId.get(parentOf[index] ?? 0) ?? null,
        label: fineLabels[index] ?? null,
        conversations: points.length,
        users: new Set(points.map((point) => users[point])).size,
      });
    });
    usedTops.forEach((raw, index) => {
      const points = topMembers[index] ?? [];
      clusters.push({
        id: topId.get(raw) ?? 0,
        level: 1,
        parent: null,
        label: topLabels[index] ?? null,
        conversations: points.length,
        users: new Set(points.map((point) => users[point])).size,
      });
    });
  }

  const languageCodes = categories(languages);
  const modelCodes = categories(models);
  return {
    origin,
    data: {
      header: {
        format: 1,
        name: options.name,
        points: count,
        embeddingVersion: options.embeddingVersion,
        textRule: options.textRule,
        k,
        datasets: datasets.map((dataset) => ({
          name: dataset.name,
          points: dataset.vectors.length / dimension,
          hasUsers: dataset.users.some((user) => user !== null),
        })),
        languages: languageCodes.names,
        models: modelCodes.names,
        clusters,
        unclustered,
        labelSource: 'c-tf-idf',
        createdAt: options.createdAt,
      },
      positions,
      cluster,
      dataset: datasetCodes,
      language: languageCodes.codes,
      model: modelCodes.codes,
      toxic,
    },
  };
}
