import type { Setting } from './setting.ts';

/** Settings of the dataset commands (owned by src/dataset; filled in as those commands grow). */
export const datasetSettings = [] as const satisfies readonly Setting[];
