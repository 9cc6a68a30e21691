/** Seeded k-means (k-means++ start, Lloyd iterations) on rows of a Float32 matrix. */
import { seededRandom } from '../seeded-random.ts';

export interface KMeansResult {
  /** k × dimension, row-major. */
  centroids: Float32Array;
  k: number;
}

function squaredDistance(rows: Float32Array, row: number, centroids: Float32Array, centroid: number, dimension: number): number {
  let sum = 0;
  const a = row * dimension;
  const b = centroid * dimension;
  for (let d = 0; d < dimension; d += 1) {
    const difference = (rows[a + d] ?? 0) - (centroids[b + d] ?? 0);
    sum += difference * difference;
  }
  return sum;
}

export function nearestCentroid(rows: Float32Array, row: number, centroids: Float32Array, k: number, dimension: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let centroid = 0; centroid < k; centroid += 1) {
    const distance = squaredDistance(rows, row, centroids, centroid, dimension);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = centroid;
    }
  }
  return best;
}

/** Fits k centroids on rows, with optional per-row weights (a cluster of centroids weighs its sizes). */
export function fitKMeans(rows: Float32Array, dimension: number, requestedK: number, seed: number, weights?: Float32Array, iterations = 25): KMeansResult {
  const count = rows.length / dimension;
  const k = Math.max(1, Math.min(requestedK, count));
  const random = seededRandom(seed);
  const centroids = new Float32Array(k * dimension);
  const nearest = new Float64Array(count).fill(Infinity);
  const copy = (row: number, centroid: number): void => centroids.set(rows.subarray(row * dimension, (row + 1) * dimension), centroid * dimension);
  copy(Math.floor(random() * count), 0);
  for (let centroid = 1; centroid < k; centroid += 1) {
    let total = 0;
    for (let row = 0; row < count; row += 1) {
      nearest[row] = Math.min(nearest[row] ?? Infinity, squaredDistance(rows, row, centroids, centroid - 1, dimension));
      total += (nearest[row] ?? 0) * (weights?.[row] ?? 1);
    }
    let target = random() * total;
    let chosen = count - 1;
    for (let row = 0; row < count; row += 1) {
      target -= (nearest[row] ?? 0) * (weights?.[row] ?? 1);
      if (target <= 0) {
        chosen = row;
        break;
      }
    }
    copy(chosen, centroid);
  }
  const assignment = new Int32Array(count);
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    let moved = 0;
    for (let row = 0; row < count; row += 1) {
      const best = nearestCentroid(rows, row, centroids, k, dimension);
      if (best !== assignment[row] || iteration === 0) moved += 1;
      assignment[row] = best;
    }
    const sums = new Float64Array(k * dimension);
    const mass = new Float64Array(k);
    for (let row = 0; row < count; row += 1) {
      const centroid = assignment[row] ?? 0;
      const weight = weights?.[row] ?? 1;
      mass[centroid] = (mass[centroid] ?? 0) + weight;
      for (let d = 0; d < dimension; d += 1) sums[centroid * dimension + d] = (sums[centroid * dimension + d] ?? 0) + weight * (rows[row * dimension + d] ?? 0);
    }
    for (let centroid = 0; centroid < k; centroid += 1) {
      if ((mass[centroid] ?? 0) === 0) continue;
      for (let d = 0; d < dimension; d += 1) centroids[centroid * dimension + d] = (sums[centroid * dimension + d] ?? 0) / (mass[centroid] ?? 1);
    }
    if (moved === 0) break;
  }
  return { centroids, k };
}

export function assignKMeans(model: KMeansResult, rows: Float32Array, dimension: number): Uint16Array {
  const count = rows.length / dimension;
  const assignment = new Uint16Array(count);
  for (let row = 0; row < count; row += 1) assignment[row] = nearestCentroid(rows, row, model.centroids, model.k, dimension);
  return assignment;
}
