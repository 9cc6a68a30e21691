import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPiiDetector } from '../../pipeline/pii/index.ts';
import { decodeMapData, encodeMapData, NO_CLUSTER } from '../../schema/map-data.ts';
import { seededRandom } from '../seeded-random.ts';
import { buildMap, type MapInputDataset } from './build-map.ts';
import { conversationTerms } from './cluster-terms.ts';

const DIMENSION = 8;
const detector = createPiiDetector();
const containsPii = (text: string): boolean => detector.detect(text).length > 0;

interface GroupSpec {
  axis: number;
  points: number;
  /** user of point i, or null for datasets without users. */
  user: (index: number) => string | null;
  terms: (index: number) => string[];
}

function dataset(name: string, groups: GroupSpec[], seed = 3): MapInputDataset {
  const random = seededRandom(seed);
  const rows: number[] = [];
  const input = { name, users: [] as Array<string | null>, languages: [] as string[], models: [] as string[], toxic: [] as boolean[], terms: [] as string[][] };
  for (const group of groups) {
    for (let index = 0; index < group.points; index += 1) {
      for (let d = 0; d < DIMENSION; d += 1) rows.push((d === group.axis ? 5 : 0) + random() * 0.1);
      input.users.push(group.user(index));
      input.languages.push('English');
      input.models.push('gpt-4');
      input.toxic.push(false);
      input.terms.push(group.terms(index));
    }
  }
  return { ...input, vectors: Float32Array.from(rows) };
}

function build(datasets: MapInputDataset[], k = 25, maxClusters = 2) {
  return buildMap(datasets, {
    name: 'test',
    embeddingVersion: 'v',
    textRule: 'first-user-turn',
    dimension: DIMENSION,
    k,
    seed: 1,
    containsPii,
    maxClusters,
    createdAt: 0,
  });
}

const fineClusters = (data: ReturnType<typeof build>['data']) => data.header.clusters.filter((cluster) => cluster.level === 2);

test('two well-separated topics with enough users become two labelled clusters', () => {
  const { data } = build([
    dataset('d', [
      { axis: 0, points: 60, user: (index) => `a${index}`, terms: () => ['weather', 'forecast'] },
      { axis: 1, points: 60, user: (index) => `b${index}`, terms: () => ['python', 'code'] },
    ]),
  ]);
  const fine = fineClusters(data);
  assert.equal(fine.length, 2);
  assert.deepEqual(fine.map((cluster) => cluster.label).sort(), ['code, python', 'forecast, weather']);
  assert.ok(fine.every((cluster) => cluster.users === 60 && cluster.conversations === 60));
  assert.equal(data.header.unclustered, 0);
  assert.ok(
    data.header.clusters.some((cluster) => cluster.level === 1),
    'a second level exists',
  );
});

test('gate: a cluster with fewer than k distinct users is merged into the nearest passing one', () => {
  const { data } = build([
    dataset('d', [
      { axis: 0, points: 60, user: (index) => `a${index}`, terms: () => ['weather'] },
      // 60 conversations, but only 3 people: not enough to show as a topic.
      { axis: 1, points: 60, user: (index) => `b${index % 3}`, terms: () => ['secretproject'] },
    ]),
  ]);
  const fine = fineClusters(data);
  assert.equal(fine.length, 1);
  assert.equal(fine[0]?.conversations, 120);
  assert.ok(Array.from(data.cluster).every((value) => value === 0));
  assert.ok(!data.header.clusters.some((cluster) => cluster.label?.includes('secretproject')));
});

test('gate: when no cluster has k users, nothing is clustered or labelled', () => {
  const { data } = build([dataset('d', [{ axis: 0, points: 80, user: (index) => `a${index % 5}`, terms: () => ['weather'] }])]);
  assert.deepEqual(data.header.clusters, []);
  assert.equal(data.header.unclustered, 80);
  assert.ok(Array.from(data.cluster).every((value) => value === NO_CLUSTER));
});

test('gate: a cluster with fewer than k conversations is merged even in a dataset without users', () => {
  const { data } = build(
    [
      dataset('sharegpt', [
        { axis: 0, points: 60, user: () => null, terms: () => ['weather'] },
        { axis: 1, points: 10, user: () => null, terms: () => ['recipe'] },
      ]),
    ],
    25,
    2,
  );
  assert.equal(data.header.datasets[0]?.hasUsers, false, 'the map says the dataset has no users');
  const fine = fineClusters(data);
  assert.equal(fine.length, 1);
  assert.equal(fine[0]?.conversations, 70);
});

test('gate: a label term must be used in k conversations by k users, so one person’s repeated word never shows', () => {
  const { data } = build([
    dataset('d', [
      {
        axis: 0,
        points: 60,
        user: (index) => (index < 30 ? 'same-person' : `u${index}`),
        // "zanzibar" is in 30 conversations, all by one person; "weather" in all 60 by 31 people.
        terms: (index) => (index < 30 ? ['zanzibar', 'weather'] : ['weather']),
      },
    ]),
  ]);
  const [cluster] = fineClusters(data);
  assert.equal(cluster?.label, 'weather');
});

test('gate: label terms pass the PII detector', () => {
  const { data } = build([dataset('d', [{ axis: 0, points: 60, user: (index) => `u${index}`, terms: () => ['555-123-4567', 'helpdesk'] }])], 25, 1);
  const [cluster] = fineClusters(data);
  assert.equal(cluster?.label, 'helpdesk');
});

test('two datasets share one map; the binary form round-trips', () => {
  const built = build([
    dataset('wildchat', [{ axis: 0, points: 40, user: (index) => `w${index}`, terms: () => ['weather'] }]),
    dataset('sharegpt', [{ axis: 1, points: 40, user: () => null, terms: () => ['code'] }], 4),
  ]);
  const decoded = decodeMapData(encodeMapData(built.data));
  assert.deepEqual(
    decoded.header.datasets.map((entry) => [entry.name, entry.points, entry.hasUsers]),
    [
      ['wildchat', 40, true],
      ['sharegpt', 40, false],
    ],
  );
  assert.deepEqual(Array.from(decoded.dataset.slice(38, 42)), [0, 0, 1, 1]);
  assert.deepEqual(Array.from(decoded.positions), Array.from(built.data.positions));
  assert.ok(Array.from(decoded.positions).every((value) => value >= 0 && value <= 1));
  assert.equal(built.origin[40]?.dataset, 1);
});

test('label terms: words, no stop words, CJK bigrams, each once', () => {
  assert.deepEqual(conversationTerms('What is the weather in Paris? The weather!'), ['weather', 'paris']);
  assert.deepEqual(conversationTerms('今天天气'), ['今天', '天天', '天气']);
});
