/**
 * Level of detail for the map: while the view moves, only a subset of the points is drawn (software
 * WebGL rasterises a million points at about one frame a second); every point is drawn again once
 * the view is still. The subset is chosen by a hash of the point index, not by Math.random, so the
 * same points stay on screen frame after frame (no flicker). It is ordered by that hash, so any
 * prefix is itself an even sample and a smaller budget draws a prefix of the same index buffer.
 */

/** Points drawn while moving, at most (the budget starts here). */
export const MOVING_SAMPLE_SIZE = 100_000;
/** The budget never shrinks below this: fewer points no longer show the map's shape. */
export const MIN_MOVING_SAMPLE_SIZE = 12_500;
/** Lit points (search matches, lasso, topic) are always drawn while moving, up to this many. */
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
 * About `size` of `count` points, ordered by their hash, for the moving view; computed once a map.
 * Null when every point fits in the sample anyway.
 */
export function movingSample(count: number, size: number): Uint32Array | null {
  if (count <= size) return null;
  const threshold = Math.floor((size / count) * 0x1_0000_0000);
  const sampled: number[] = [];
  const hashes: number[] = [];
  for (let point = 0; point < count; point += 1) {
    const hash = mix(point);
    if (hash < threshold) {
      sampled.push(point);
      hashes.push(hash);
    }
  }
  return byHash(sampled, hashes, threshold);
}

/** The lit points, drawn on top of the moving sample so highlights do not vanish during a pan; null when there are more than `cap`. */
export function litPoints(lit: Uint8Array | null, cap = LIT_IN_SAMPLE_CAP): Uint32Array | null {
  if (lit === null) return null;
  const points: number[] = [];
  for (let point = 0; point < lit.length; point += 1) {
    if (lit[point] !== 1) continue;
    if (points.length === cap) return null;
    points.push(point);
  }
  return Uint32Array.from(points);
}

/**
 * The points ordered by their hash. The hashes are uniform below `threshold`, so a counting sort
 * into one bucket a point (then insertion sort inside the few that hold more than one) is linear,
 * where a comparison sort of 100k points costs more than the rest of the sample.
 */
function byHash(points: readonly number[], hashes: readonly number[], threshold: number): Uint32Array {
  const buckets = Math.max(1, points.length);
  const bucketOf = (hash: number): number => Math.min(buckets - 1, Math.floor((hash / threshold) * buckets));
  const starts = new Uint32Array(buckets + 1);
  for (const hash of hashes) starts[bucketOf(hash) + 1] = (starts[bucketOf(hash) + 1] ?? 0) + 1;
  for (let bucket = 1; bucket <= buckets; bucket += 1) starts[bucket] = (starts[bucket] ?? 0) + (starts[bucket - 1] ?? 0);
  const fill = starts.slice(0, buckets);
  const sortedPoints = new Uint32Array(points.length);
  const sortedHashes = new Float64Array(points.length);
  points.forEach((point, position) => {
    const hash = hashes[position] ?? 0;
    const bucket = bucketOf(hash);
    let slot = fill[bucket] ?? 0;
    fill[bucket] = slot + 1;
    // Insertion into the bucket's sorted run.
    while (slot > (starts[bucket] ?? 0) && (sortedHashes[slot - 1] ?? 0) > hash) {
      sortedHashes[slot] = sortedHashes[slot - 1] ?? 0;
      sortedPoints[slot] = sortedPoints[slot - 1] ?? 0;
      slot -= 1;
    }
    sortedHashes[slot] = hash;
    sortedPoints[slot] = point;
  });
  return sortedPoints;
}

/**
 * How many sampled points a moving frame draws: halved while frames come slower than the 30 fps
 * target, doubled (back up to MOVING_SAMPLE_SIZE) while they come at 60 fps. Fed the time of each
 * moving frame; a pause (the view was still) starts a new measurement.
 */
export class MovingFrameBudget {
  size = MOVING_SAMPLE_SIZE;
  private last: number | null = null;
  private slow = 0;
  private fast = 0;

  /** Returns true when the size changed. */
  frame(now: number): boolean {
    const last = this.last;
    this.last = now;
    if (last === null || now - last > 250) return false;
    const interval = now - last;
    this.slow = interval > 36 ? this.slow + 1 : 0;
    this.fast = interval < 20 ? this.fast + 1 : 0;
    const before = this.size;
    if (this.slow >= 3) this.size = Math.max(MIN_MOVING_SAMPLE_SIZE, Math.floor(this.size / 2));
    else if (this.fast >= 30) this.size = Math.min(MOVING_SAMPLE_SIZE, this.size * 2);
    else return false;
    this.slow = 0;
    this.fast = 0;
    return this.size !== before;
  }

  still(): void {
    this.last = null;
  }
}
