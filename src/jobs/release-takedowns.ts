/**
 * Applies the takedown ledger to a release: rows a takedown names never reach the passes, and the
 * manifest lists the hashes removed since the previous release written to the same folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReleaseManifest } from '../release/release-manifest.ts';
import type { ReleaseSource } from './release-sources.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import { removedSince, takedownMatches, type TakedownSelectors, type TakedownSummary } from '../release/takedown-match.ts';

/**
 * Leaves taken-down rows out of a release.
 *
 * Imported rows stay in the database, so they are dropped twice: on input (stored hash, turn
 * identifiers, hashed IPs) and on output, because the published conversation_hash is computed after
 * redaction and may differ from the stored one. Output drops happen after the filters counted the
 * row, so the manifest reports them apart in `takedowns.dropped_rows`.
 *
 * Collected conversations a takedown named were deleted from the raw log, so only the selectors
 * that name a user or a turn in stored terms still apply, to what that user sent since. Hashes never
 * select collected rows: identical texts share a hash (another user's "hi" is not taken down), and
 * the anonymised profile publishes turn ordinals and re-keyed IP hashes that would match other
 * conversations' stored values.
 */
export function withoutTakenDown(
  source: ReleaseSource,
  summary: TakedownSummary,
): { source: ReleaseSource; keep: (record: ReleaseRecord) => boolean; droppedRows: () => number } {
  const selectors: TakedownSelectors =
    source.kind === 'collected'
      ? { conversationHashes: new Set(), turnIdentifiers: summary.selectors.turnIdentifiers, hashedIps: summary.selectors.hashedIps }
      : summary.selectors;
  // Rows are read once per pass; count each key once.
  const dropped = new Set<string>();
  const keep = (record: ReleaseRecord) => {
    if (!takedownMatches(record, selectors)) return true;
    dropped.add(`out:${record.conversation_hash}`);
    return false;
  };
  if (selectors.conversationHashes.size + selectors.turnIdentifiers.size + selectors.hashedIps.size === 0)
    return { source, keep: () => true, droppedRows: () => 0 };
  const rows = source.rows;
  async function* filtered() {
    for await (const batch of rows()) {
      yield batch.filter((row) => {
        if (!takedownMatches(row.record, selectors)) return true;
        dropped.add(row.key);
        return false;
      });
    }
  }
  return { source: { ...source, rows: filtered }, keep: source.kind === 'collected' ? () => true : keep, droppedRows: () => dropped.size };
}

/** The `takedowns.through` of the manifest already in `outDir` (epoch ms), or null. */
export function previousTakedownsThrough(outDir: string): number | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { takedowns?: { through?: unknown } };
    const through = manifest.takedowns?.through;
    return typeof through === 'string' && Number.isFinite(Date.parse(through)) ? Date.parse(through) : null;
  } catch {
    return null;
  }
}

export function takedownManifestSection(
  summary: TakedownSummary,
  previousThrough: number | null,
  droppedRows: number,
): NonNullable<ReleaseManifest['takedowns']> {
  return {
    through: summary.through === null ? null : new Date(summary.through).toISOString(),
    removed_since_previous: removedSince(summary, previousThrough),
    removed_total: new Set(summary.entries.map((entry) => entry.conversationHash)).size,
    dropped_rows: droppedRows,
  };
}
