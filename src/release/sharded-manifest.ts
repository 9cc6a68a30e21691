/**
 * The manifest of a sharded release, from the global plan and the merged report: the same input
 * snapshot and fields runRelease (run-release.ts) records for a one-process run.
 */
import { coarsenTimestamp } from './anonymise/coarsen-time.ts';
import type { TimestampPrecision } from './anonymise/release-profile.ts';
import type { PipelineReport } from './release-passes.ts';
import type { TurnStatusCounts } from './turn-status-policy.ts';
import type { ReleaseConfig } from './release-config.ts';
import { buildManifest, type InputSnapshot, type ReleaseManifest } from './release-manifest.ts';
import type { ShardedReleasePlan } from './shard-passes.ts';

export function shardedReleaseManifest(options: {
  config: ReleaseConfig;
  kind: 'collected' | 'imported';
  plan: ShardedReleasePlan;
  report: PipelineReport;
  stages: Record<string, string>;
  deletedConversations: number | null;
  /** The anonymised profile's precision: the newest activity is cut like every timestamp. */
  timestampPrecision: TimestampPrecision | null;
  turnStatus: TurnStatusCounts | null;
}): ReleaseManifest {
  const { plan, kind } = options;
  const snapshot: InputSnapshot = {
    conversations: plan.conversations,
    rows: plan.rows,
    rowKeysSha256: plan.rowKeysDigest,
    maxTurnIdentifier: kind === 'collected' ? plan.maxTurnIdentifier : null,
    lastActivity:
      plan.lastActivity === null
        ? null
        : options.timestampPrecision === null
          ? new Date(plan.lastActivity).toISOString()
          : coarsenTimestamp(new Date(plan.lastActivity).toISOString(), options.timestampPrecision),
    deletedConversations: options.deletedConversations,
  };
  return buildManifest({
    config: options.config,
    kind,
    snapshot,
    report: options.report,
    stages: options.stages,
    ...(options.turnStatus === null ? {} : { turnStatus: options.turnStatus }),
  });
}
