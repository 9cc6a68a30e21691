import type { Setting } from './setting.ts';

/** Settings of the release commands (owned by src/release; filled in as those commands grow). */
export const releaseSettings = [] as const satisfies readonly Setting[];
