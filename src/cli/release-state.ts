/**
 * Lets a re-run with nothing new finish at once. After a release, the data folder keeps a small
 * state file per output folder: the config hash, a cheap snapshot of the input (counts and
 * maxima read with a few SQL aggregates) and the manifest's hash. A later run with the same
 * config and snapshot, whose review-window boundary moved past no conversation, is up to date.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { configHash, type ReleaseConfig } from '../release/release-config.ts';
import { DAY_MILLISECONDS } from '../release/run-release.ts';

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
    return createHash('sha256').update(fs.readFileSync(path.join(outDir, 'manifest.json'))).digest('hex');
  } catch {
    return null;
  }
}

function collectedSnapshot(database: Database): number[] {
  const row = database
    .prepare(
      `SELECT (SELECT count(*) FROM conversations) AS conversations,
              (SELECT coalesce(max(updated_at), 0) FROM conversations) AS updated,
              (SELECT count(*) FROM turns) AS turns,
              (SELECT coalesce(max(turn_identifier), 0) FROM turns) AS last_turn,
              (SELECT coalesce(max(coalesce(completed_at, received_at)), 0) FROM turns) AS last_activity,
              (SELECT count(*) FROM turns WHERE completed_at IS NULL) AS open_turns,
              (SELECT count(*) FROM tombstones) AS tombstones,
              (SELECT count(*) FROM consents WHERE withdrawn_at IS NOT NULL) AS withdrawn`,
    )
    .raw()
    .get() as number[];
  return row.map(Number);
}

function datasetSnapshot(database: Database, name: string): number[] {
  const row = database
    .prepare('SELECT count(r.id), coalesce(max(r.id), 0) FROM datasets d LEFT JOIN dataset_records r ON r.dataset_id = d.id WHERE d.name = ?')
    .raw()
    .get(name) as number[] | undefined;
  return (row ?? [0, 0]).map(Number);
}

/** The state this run would leave (its manifest hash is filled in after writing). */
export function releaseStateFor(database: Database, config: ReleaseConfig, datasetName: string | null, now: number, outDir: string): ReleaseState {
  return {
    outDir: path.resolve(outDir),
    configHash: configHash(config),
    snapshot: datasetName === null ? collectedSnapshot(database) : datasetSnapshot(database, datasetName),
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
export function isUpToDate(previous: ReleaseState | null, current: ReleaseState, database: Database): boolean {
  if (previous === null || previous.configHash !== current.configHash) return false;
  if (previous.snapshot.join(',') !== current.snapshot.join(',')) return false;
  if (previous.manifestSha256 === null || previous.manifestSha256 !== manifestHash(current.outDir)) return false;
  if (previous.reviewCutoff === null || current.reviewCutoff === null || previous.reviewCutoff === current.reviewCutoff) return true;
  // The review window moved: up to date only if no activity falls between the two boundaries.
  const low = Math.min(previous.reviewCutoff, current.reviewCutoff);
  const high = Math.max(previous.reviewCutoff, current.reviewCutoff);
  const crossed = database
    .prepare(
      `SELECT (SELECT count(*) FROM conversations WHERE updated_at > @low AND updated_at <= @high)
            + (SELECT count(*) FROM turns WHERE coalesce(completed_at, received_at) > @low AND coalesce(completed_at, received_at) <= @high)`,
    )
    .pluck()
    .get({ low, high }) as number;
  return crossed === 0;
}
