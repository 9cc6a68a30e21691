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

export function colorPoints(data: MapData, field: ColorField): { colors: Uint8Array; legend: Legend[] } {
  const n = data.header.points;
  const colors = new Uint8Array(n * 3);
  const codeOf = (point: number): number => {
    if (field === 'dataset') return data.dataset[point] ?? 0;
    if (field === 'language') return data.language[point] ?? 0;
    if (field === 'model') return data.model[point] ?? 0;
    if (field === 'toxic') return data.toxic[point] ?? TOXIC_UNKNOWN;
    const cluster = data.cluster[point] ?? NO_CLUSTER;
    return cluster === NO_CLUSTER ? -1 : (data.header.clusters.find((entry) => entry.id === cluster)?.parent ?? cluster);
  };
  const colorOf = (code: number): readonly [number, number, number] => {
    if (code < 0) return GREY;
    if (field === 'toxic') return code === TOXIC_TRUE ? [214, 39, 40] : code === TOXIC_UNKNOWN ? GREY : [44, 160, 44];
    if (field === 'cluster') return paletteColor(data.header.clusters.filter((entry) => entry.level === 1).findIndex((entry) => entry.id === code));
    return code >= PALETTE.length ? GREY : paletteColor(code);
  };
  const cache = new Map<number, readonly [number, number, number]>();
  for (let point = 0; point < n; point += 1) {
    const code = codeOf(point);
    let color = cache.get(code);
    if (color === undefined) {
      color = colorOf(code);
      cache.set(code, color);
    }
    colors[point * 3] = color[0];
    colors[point * 3 + 1] = color[1];
    colors[point * 3 + 2] = color[2];
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
