/**
 * The manifest of a sharded release, from the global plan and the merged report: the same input
 * snapshot and fields runRelease (run-release.ts) records for a one-process run.
 */
import type { PipelineReport } from './release-passes.ts';
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
}): ReleaseManifest {
  const { plan, kind } = options;
  const snapshot: InputSnapshot = {
    conversations: plan.conversations,
    rows: plan.rows,
    rowKeysSha256: plan.rowKeysDigest,
    maxTurnIdentifier: kind === 'collected' ? plan.maxTurnIdentifier : null,
    lastActivity: plan.lastActivity === null ? null : new Date(plan.lastActivity).toISOString(),
    deletedConversations: options.deletedConversations,
  };
  return buildManifest({ config: options.config, kind, snapshot, report: options.report, stages: options.stages });
}
