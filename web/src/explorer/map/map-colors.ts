/** Colours of the map's categories (a categorical palette readable on light and dark backgrounds). */
import { NO_CLUSTER, TOXIC_TRUE, TOXIC_UNKNOWN, type MapData } from '../../../../src/schema/map-data.ts';

export const COLOR_FIELDS = ['dataset', 'language', 'model', 'toxic', 'cluster'] as const;
export type ColorField = (typeof COLOR_FIELDS)[number];

const PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
  [57, 59, 121],
  [173, 73, 74],
];
const GREY: readonly [number, number, number] = [150, 150, 150];

export function paletteColor(index: number): readonly [number, number, number] {
  return PALETTE[index % PALETTE.length] ?? GREY;
}

export interface Legend {
  name: string;
  color: readonly [number, number, number];
}

/**
 * One colour per point, through a table from the field's code to RGB (built once per call), so a
 * million points cost one table read each rather than a lookup of their category.
 */
export function colorPoints(data: MapData, field: ColorField): { colors: Uint8Array; legend: Legend[] } {
  const n = data.header.points;
  const colors = new Uint8Array(n * 3);
  const topClusters = data.header.clusters.filter((entry) => entry.level === 1);
  const colorOf = (code: number): readonly [number, number, number] => {
    if (field === 'toxic') return code === TOXIC_TRUE ? [214, 39, 40] : code === TOXIC_UNKNOWN ? GREY : [44, 160, 44];
    return code >= PALETTE.length ? GREY : paletteColor(code);
  };
  const codes =
    field === 'dataset' ? data.dataset : field === 'language' ? data.language : field === 'model' ? data.model : field === 'toxic' ? data.toxic : data.cluster;
  const table = new Uint8Array((field === 'cluster' ? 0x10000 : 0x100) * 3);
  if (field === 'cluster') {
    for (let code = 0; code < 0x10000; code += 1) table.set(GREY, code * 3);
    for (const cluster of data.header.clusters) {
      if (cluster.id === NO_CLUSTER) continue;
      const top = topClusters.findIndex((entry) => entry.id === (cluster.parent ?? cluster.id));
      table.set(top < 0 ? GREY : paletteColor(top), cluster.id * 3);
    }
  } else for (let code = 0; code < 0x100; code += 1) table.set(colorOf(code), code * 3);
  for (let point = 0; point < n; point += 1) {
    const base = (codes[point] ?? 0) * 3;
    colors[point * 3] = table[base] ?? 0;
    colors[point * 3 + 1] = table[base + 1] ?? 0;
    colors[point * 3 + 2] = table[base + 2] ?? 0;
  }
  const names =
    field === 'dataset'
      ? data.header.datasets.map((entry) => entry.name)
      : field === 'language'
        ? data.header.languages
        : field === 'model'
          ? data.header.models
          : field === 'toxic'
            ? ['not toxic', 'toxic', 'unknown']
            : data.header.clusters.filter((entry) => entry.level === 1).map((entry) => entry.label ?? 'unlabelled topic');
  const legend = names.slice(0, PALETTE.length).map((name, code) => ({ name, color: field === 'cluster' ? paletteColor(code) : colorOf(code) }));
  return { colors, legend };
}
