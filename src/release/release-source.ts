/** What the release passes read rows from; src/jobs/release-sources.ts builds them from the store. */
import type { PipelineRow } from '../pipeline/runner/pipeline-row.ts';

export interface ReleaseSource {
  kind: 'collected' | 'imported';
  /** 'collected' or the dataset name. */
  name: string;
  /** Called once per pass. */
  rows(): AsyncIterable<readonly PipelineRow[]>;
  /** For progress: conversations (collected) or records (imported) when known. */
  expectedRows: number | null;
}

export type BranchSelection = 'kept' | 'all';
