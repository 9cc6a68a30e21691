/**
 * The 2-D layout: UMAP (umap-js, seeded) fitted on a sample of the PCA-reduced points; every other
 * point is placed at the distance-weighted mean of its nearest sample points (in PCA space). This
 * "sample-fit then transform" costs one brute-force neighbour search per point, linear in the
 * input, where UMAP on everything would grow its graph with it. Inputs too small for a neighbour
 * graph use the first two principal components.
 */
import { UMAP } from 'umap-js';
import { seededRandom } from '../seeded-random.ts';

export interface ProjectionOptions {
  seed: number;
  /** Points UMAP is fitted on at most. */
  sampleSize: number;
  neighbours: number;
}

export const DEFAULT_PROJECTION: ProjectionOptions = { seed: 1, sampleSize: 4000, neighbours: 15 };

/** Indices of a seeded sample (all indices when count ≤ size), ascending. */
export function sampleIndices(count: number, size: number, seed: number): Uint32Array {
  if (count <= size) return Uint32Array.from({ length: count }, (_, index) => index);
  const random = seededRandom(seed);
  const chosen = new Uint32Array(size);
  // Reservoir sampling: one pass, uniform.
  for (let index = 0; index < count; index += 1) {
    if (index < size) chosen[index] = index;
    else {
      const slot = Math.floor(random() * (index + 1));
      if (slot < size) chosen[slot] = index;
    }
  }
  return chosen.sort();
}

function scaleToUnit(positions: Float32Array): void {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let index = 0; index < positions.length; index += 2) {
    const x = positions[index] ?? 0;
    const y = positions[index + 1] ?? 0;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  for (let index = 0; index < positions.length; index += 2) {
    positions[index] = ((positions[index] ?? 0) - (minX + maxX) / 2) / span + 0.5;
    positions[index + 1] = ((positions[index + 1] ?? 0) - (minY + maxY) / 2) / span + 0.5;
  }
}

/** Interleaved x,y in [0, 1] for every row of `reduced` (points × dimension, PCA space). */
export function projectTo2d(
  reduced: Float32Array,
  dimension: number,
  options: ProjectionOptions = DEFAULT_PROJECTION,
  onProgress?: (done: number) => void,
): Float32Array {
  const count = reduced.length / dimension;
  const positions = new Float32Array(count * 2);
  if (count === 0) return positions;
  if (count < 2 * options.neighbours || dimension < 2) {
    for (let point = 0; point < count; point += 1) {
      positions[point * 2] = reduced[point * dimension] ?? 0;
      positions[point * 2 + 1] = dimension > 1 ? (reduced[point * dimension + 1] ?? 0) : 0;
    }
    scaleToUnit(positions);
    return positions;
  }
  const sample = sampleIndices(count, options.sampleSize, options.seed);
  const sampleRows = Array.from(sample, (point) => Array.from(reduced.subarray(point * dimension, (point + 1) * dimension)));
  const umap = new UMAP({ nComponents: 2, nNeighbors: options.neighbours, minDist: 0.1, random: seededRandom(options.seed) });
  const fitted = umap.fit(sampleRows);
  const samplePositions = new Float32Array(sample.length * 2);
  fitted.forEach((position, row) => {
    samplePositions[row * 2] = position[0] ?? 0;
    samplePositions[row * 2 + 1] = position[1] ?? 0;
  });
  const sampleVectors = new Float32Array(sample.length * dimension);
  sample.forEach((point, row) => sampleVectors.set(reduced.subarray(point * dimension, (point + 1) * dimension), row * dimension));
  const isSample = new Uint8Array(count);
  sample.forEach((point, row) => {
    isSample[point] = 1;
    positions[point * 2] = samplePositions[row * 2] ?? 0;
    positions[point * 2 + 1] = samplePositions[row * 2 + 1] ?? 0;
  });
  const neighbourCount = Math.min(6, sample.length);
  const bestDistance = new Float64Array(neighbourCount);
  const bestRow = new Int32Array(neighbourCount);
  for (let point = 0; point < count; point += 1) {
    if (isSample[point] === 1) continue;
    bestDistance.fill(Infinity);
    const offset = point * dimension;
    for (let row = 0; row < sample.length; row += 1) {
      let distance = 0;
      const sampleOffset = row * dimension;
      for (let d = 0; d < dimension; d += 1) {
        const difference = (reduced[offset + d] ?? 0) - (sampleVectors[sampleOffset + d] ?? 0);
        distance += difference * difference;
      }
      if (distance >= (bestDistance[neighbourCount - 1] ?? 0)) continue;
      let slot = neighbourCount - 1;
      while (slot > 0 && (bestDistance[slot - 1] ?? 0) > distance) {
        bestDistance[slot] = bestDistance[slot - 1] ?? 0;
        bestRow[slot] = bestRow[slot - 1] ?? 0;
        slot -= 1;
      }
      bestDistance[slot] = distance;
      bestRow[slot] = row;
    }
    let weightSum = 0;
    let x = 0;
    let y = 0;
    for (let slot = 0; slot < neighbourCount; slot += 1) {
      const weight = 1 / (Math.sqrt(bestDistance[slot] ?? 0) + 1e-6);
      const row = bestRow[slot] ?? 0;
      x += weight * (samplePositions[row * 2] ?? 0);
      y += weight * (samplePositions[row * 2 + 1] ?? 0);
      weightSum += weight;
    }
    positions[point * 2] = x / weightSum;
    positions[point * 2 + 1] = y / weightSum;
    if (onProgress !== undefined && point % 10_000 === 0) onProgress(point);
  }
  scaleToUnit(positions);
  return positions;
}
