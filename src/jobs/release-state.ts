/**
 * Lets a re-run with nothing new finish at once. After a release, the data folder keeps a small
 * state file per output folder: the config hash, a cheap snapshot of the input (counts and
 * maxima the store reads in one query) and the manifest's hash. A later run with the same
 * config and snapshot, whose review-window boundary moved past no conversation, is up to date.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { configHash, type ReleaseConfig } from '../release/release-config.ts';
import { DAY_MILLISECONDS } from '../release/run-release.ts';
import type { Store } from '../store/store.ts';

const releaseStateSchema = z.object({
  outDir: z.string(),
  configHash: z.string(),
  snapshot: z.array(z.number()),
  /** Review-window boundary of the run (epoch ms); null for imported datasets. */
  reviewCutoff: z.number().nullable(),
  manifestSha256: z.string().nullable(),
});
export type ReleaseState = z.infer<typeof releaseStateSchema>;

function stateFile(dataDir: string, outDir: string): string {
  const name = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return path.join(dataDir, 'releases', `${name}.json`);
}

function manifestHash(outDir: string): string | null {
  try {
    return createHash('sha256')
      .update(fs.readFileSync(path.join(outDir, 'manifest.json')))
      .digest('hex');
  } catch {
    return null;
  }
}

/** The state this run would leave (its manifest hash is filled in after writing). */
export async function releaseStateFor(store: Store, config: ReleaseConfig, datasetName: string | null, now: number, outDir: string): Promise<ReleaseState> {
  return {
    outDir: path.resolve(outDir),
    configHash: configHash(config),
    snapshot: datasetName === null ? await store.collectedSnapshot() : await store.datasets.datasetSnapshot(datasetName),
    reviewCutoff: datasetName === null ? now - config.reviewWindowDays * DAY_MILLISECONDS : null,
    manifestSha256: null,
  };
}

export function readReleaseState(dataDir: string, outDir: string): ReleaseState | null {
  try {
    const parsed = releaseStateSchema.safeParse(JSON.parse(fs.readFileSync(stateFile(dataDir, outDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeReleaseState(dataDir: string, state: ReleaseState): void {
  const file = stateFile(dataDir, state.outDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...state, manifestSha256: manifestHash(state.outDir) })}\n`);
}

/** True when the existing release in `current.outDir` is what this run would write again. */
export async function isUpToDate(previous: ReleaseState | null, current: ReleaseState, store: Store): Promise<boolean> {
  if (previous === null || previous.configHash !== current.configHash) return false;
  if (previous.snapshot.join(',') !== current.snapshot.join(',')) return false;
  if (previous.manifestSha256 === null || previous.manifestSha256 !== manifestHash(current.outDir)) return false;
  if (previous.reviewCutoff === null || current.reviewCutoff === null || previous.reviewCutoff === current.reviewCutoff) return true;
  // The review window moved: up to date only if no activity falls between the two boundaries.
  const low = Math.min(previous.reviewCutoff, current.reviewCutoff);
  const high = Math.max(previous.reviewCutoff, current.reviewCutoff);
  return (await store.countActivityBetween(low, high)) === 0;
}
