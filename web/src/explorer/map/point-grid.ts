/** A uniform grid over [0,1]² for finding the point under the cursor and the points in a lasso. */
export class PointGrid {
  private readonly cells: Uint32Array;
  private readonly starts: Uint32Array;
  constructor(
    private readonly positions: Float32Array,
    private readonly size = 256,
  ) {
    const count = positions.length / 2;
    const cellOf = new Uint32Array(count);
    const counts = new Uint32Array(size * size + 1);
    for (let point = 0; point < count; point += 1) {
      const cell = this.cell(positions[point * 2] ?? 0, positions[point * 2 + 1] ?? 0);
      cellOf[point] = cell;
      counts[cell + 1] = (counts[cell + 1] ?? 0) + 1;
    }
    for (let cell = 1; cell < counts.length; cell += 1) counts[cell] = (counts[cell] ?? 0) + (counts[cell - 1] ?? 0);
    this.starts = counts.slice();
    const fill = counts.slice();
    this.cells = new Uint32Array(count);
    for (let point = 0; point < count; point += 1) {
      const cell = cellOf[point] ?? 0;
      this.cells[fill[cell] ?? 0] = point;
      fill[cell] = (fill[cell] ?? 0) + 1;
    }
  }

  private clampIndex(value: number): number {
    return Math.max(0, Math.min(this.size - 1, Math.floor(value * this.size)));
  }

  private cell(x: number, y: number): number {
    return this.clampIndex(y) * this.size + this.clampIndex(x);
  }

  /** The nearest point within `radius` (map units), or -1. */
  nearest(x: number, y: number, radius: number): number {
    let best = -1;
    let bestDistance = radius * radius;
    for (let row = this.clampIndex(y - radius); row <= this.clampIndex(y + radius); row += 1) {
      for (let column = this.clampIndex(x - radius); column <= this.clampIndex(x + radius); column += 1) {
        const cell = row * this.size + column;
        for (let slot = this.starts[cell] ?? 0; slot < (this.starts[cell + 1] ?? 0); slot += 1) {
          const point = this.cells[slot] ?? 0;
          const distance = ((this.positions[point * 2] ?? 0) - x) ** 2 + ((this.positions[point * 2 + 1] ?? 0) - y) ** 2;
          if (distance <= bestDistance) {
            bestDistance = distance;
            best = point;
          }
        }
      }
    }
    return best;
  }

  /** Points inside a polygon (map coordinates), by ray casting. */
  inside(polygon: ReadonlyArray<readonly [number, number]>): number[] {
    const xs = polygon.map((vertex) => vertex[0]);
    const ys = polygon.map((vertex) => vertex[1]);
    const found: number[] = [];
    for (let row = this.clampIndex(Math.min(...ys)); row <= this.clampIndex(Math.max(...ys)); row += 1) {
      for (let column = this.clampIndex(Math.min(...xs)); column <= this.clampIndex(Math.max(...xs)); column += 1) {
        const cell = row * this.size + column;
        for (let slot = this.starts[cell] ?? 0; slot < (this.starts[cell + 1] ?? 0); slot += 1) {
          const point = this.cells[slot] ?? 0;
          if (pointInPolygon(this.positions[point * 2] ?? 0, this.positions[point * 2 + 1] ?? 0, polygon)) found.push(point);
        }
      }
    }
    return found.sort((left, right) => left - right);
  }
}

export function pointInPolygon(x: number, y: number, polygon: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let index = 0, previous = polygon.length - 1; index < polygon.length; previous = index, index += 1) {
    const [xi, yi] = polygon[index] ?? [0, 0];
    const [xj, yj] = polygon[previous] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
