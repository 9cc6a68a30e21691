/**
 * Seeded PCA by block power iteration on the covariance of a sample: with vectors of a few hundred
 * dimensions the covariance is small, so a randomised subspace iteration (Halko et al.) finds the
 * leading components in milliseconds and the projection of every point is one matrix product.
 */
import { seededRandom } from '../seeded-random.ts';

export interface PcaModel {
  mean: Float32Array;
  /** components × dimension, row-major, orthonormal rows. */
  components: Float32Array;
  componentCount: number;
  dimension: number;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gram–Schmidt on the columns of a dimension × count matrix stored column-major. */
function orthonormalize(columns: Float64Array, dimension: number, count: number): void {
  for (let column = 0; column < count; column += 1) {
    const offset = column * dimension;
    for (let previous = 0; previous < column; previous += 1) {
      const previousOffset = previous * dimension;
      let dot = 0;
      for (let row = 0; row < dimension; row += 1) dot += (columns[offset + row] ?? 0) * (columns[previousOffset + row] ?? 0);
      for (let row = 0; row < dimension; row += 1) columns[offset + row] = (columns[offset + row] ?? 0) - dot * (columns[previousOffset + row] ?? 0);
    }
    let norm = 0;
    for (let row = 0; row < dimension; row += 1) norm += (columns[offset + row] ?? 0) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let row = 0; row < dimension; row += 1) columns[offset + row] = (columns[offset + row] ?? 0) / norm;
  }
}

/** Fits on the given rows (points × dimension); callers pass a sample of a large input. */
export function fitPca(rows: Float32Array, dimension: number, componentCount: number, seed: number): PcaModel {
  const count = rows.length / dimension;
  const components = Math.min(componentCount, dimension, Math.max(1, count));
  const mean = new Float32Array(dimension);
  for (let point = 0; point < count; point += 1) for (let d = 0; d < dimension; d += 1) mean[d] = (mean[d] ?? 0) + (rows[point * dimension + d] ?? 0) / count;
  const covariance = new Float64Array(dimension * dimension);
  const centered = new Float64Array(dimension);
  for (let point = 0; point < count; point += 1) {
    for (let d = 0; d < dimension; d += 1) centered[d] = (rows[point * dimension + d] ?? 0) - (mean[d] ?? 0);
    for (let a = 0; a < dimension; a += 1) {
      const value = centered[a] ?? 0;
      if (value === 0) continue;
      const offset = a * dimension;
      for (let b = a; b < dimension; b += 1) covariance[offset + b] = (covariance[offset + b] ?? 0) + value * (centered[b] ?? 0);
    }
  }
  for (let a = 0; a < dimension; a += 1) for (let b = 0; b < a; b += 1) covariance[a * dimension + b] = covariance[b * dimension + a] ?? 0;
  const random = seededRandom(seed);
  const oversampled = Math.min(dimension, components + 8);
  let basis = new Float64Array(dimension * oversampled);
  for (let index = 0; index < basis.length; index += 1) basis[index] = gaussian(random);
  orthonormalize(basis, dimension, oversampled);
  for (let iteration = 0; iteration < 12; iteration += 1) {
    const next = new Float64Array(dimension * oversampled);
    for (let column = 0; column < oversampled; column += 1) {
      for (let row = 0; row < dimension; row += 1) {
        let sum = 0;
        const offset = row * dimension;
        for (let k = 0; k < dimension; k += 1) sum += (covariance[offset + k] ?? 0) * (basis[column * dimension + k] ?? 0);
        next[column * dimension + row] = sum;
      }
    }
    orthonormalize(next, dimension, oversampled);
    basis = next;
  }
  // Order the basis by captured variance (Rayleigh quotients), strongest first.
  const variance = Array.from({ length: oversampled }, (_, column) => {
    let total = 0;
    for (let row = 0; row < dimension; row += 1) {
      let sum = 0;
      for (let k = 0; k < dimension; k += 1) sum += (covariance[row * dimension + k] ?? 0) * (basis[column * dimension + k] ?? 0);
      total += sum * (basis[column * dimension + row] ?? 0);
    }
    return { column, total };
  }).sort((left, right) => right.total - left.total);
  const result = new Float32Array(components * dimension);
  variance.slice(0, components).forEach(({ column }, component) => {
    for (let d = 0; d < dimension; d += 1) result[component * dimension + d] = basis[column * dimension + d] ?? 0;
  });
  return { mean, components: result, componentCount: components, dimension };
}

/** Projects rows (points × dimension) onto the model's components (points × componentCount). */
export function transformPca(model: PcaModel, rows: Float32Array): Float32Array {
  const { dimension, componentCount } = model;
  const count = rows.length / dimension;
  const output = new Float32Array(count * componentCount);
  const centered = new Float32Array(dimension);
  for (let point = 0; point < count; point += 1) {
    for (let d = 0; d < dimension; d += 1) centered[d] = (rows[point * dimension + d] ?? 0) - (model.mean[d] ?? 0);
    for (let component = 0; component < componentCount; component += 1) {
      let sum = 0;
      const offset = component * dimension;
      for (let d = 0; d < dimension; d += 1) sum += (centered[d] ?? 0) * (model.components[offset + d] ?? 0);
      output[point * componentCount + component] = sum;
    }
  }
  return output;
}
