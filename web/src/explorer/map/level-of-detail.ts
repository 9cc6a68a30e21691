/**
 * Level of detail for the map: while the view moves, only a fixed-size subset of the points is
 * drawn (software WebGL rasterises a million points at about one frame a second); every point is
 * drawn again once the view is still. The subset is chosen by a hash of the point index, not by
 * Math.random, so the same points stay on screen frame after frame (no flicker), and a smaller
 * subset is always contained in a larger one.
 */

/** Points drawn while moving, at most. */
export const MOVING_SAMPLE_SIZE = 100_000;
/** Lit points (search matches, lasso, topic) always join the moving sample, up to this many. */
export const LIT_IN_SAMPLE_CAP = 50_000;
/** The view counts as still after this long without a pan or zoom. */
export const SETTLE_MS = 180;

/** A well-mixed 32-bit hash of an index (the murmur3 finaliser), so neighbouring indices are unrelated. */
function mix(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Ascending indices of the points to draw while moving: about `size` of `count` points, plus every
 * lit point when there are at most `litCap` of them (so highlights do not vanish during a pan).
 * Returns null when every point fits in the sample anyway.
 */
export function movingSample(count: number, size: number, lit: Uint8Array | null = null, litCap = LIT_IN_SAMPLE_CAP): Uint32Array | null {
  if (count <= size) return null;
  let litCount = 0;
  if (lit !== null) for (let point = 0; point < count; point += 1) litCount += lit[point] === 1 ? 1 : 0;
  const includeLit = lit !== null && litCount <= litCap;
  const threshold = Math.floor((size / count) * 0x1_0000_0000);
  const chosen = new Uint32Array(size + (includeLit ? litCount : 0) + 1024);
  let length = 0;
  for (let point = 0; point < count; point += 1) {
    if (mix(point) < threshold || (includeLit && lit[point] === 1)) {
      // The hash gives about `size` points; in the rare case it gives more, grow rather than drop some.
      if (length === chosen.length) return growAndFinish(chosen, length, point, count, threshold, includeLit ? lit : null);
      chosen[length] = point;
      length += 1;
    }
  }
  return chosen.subarray(0, length);
}

function growAndFinish(chosen: Uint32Array, length: number, from: number, count: number, threshold: number, lit: Uint8Array | null): Uint32Array {
  const rest: number[] = [];
  for (let point = from; point < count; point += 1) if (mix(point) < threshold || lit?.[point] === 1) rest.push(point);
  const result = new Uint32Array(length + rest.length);
  result.set(chosen.subarray(0, length));
  result.set(rest, length);
  return result;
}
