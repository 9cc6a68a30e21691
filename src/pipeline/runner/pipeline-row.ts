/** One row entering the release pipeline: an unannotated release record and the facts filters need. */
import type { ReleaseRecord } from '../../schema/release-record.ts';
import type { MessageInput } from '../stage.ts';

export interface PipelineRowFacts {
  /** Null for imported datasets, which carry no consent of ours. */
  consent: { termsVersion: string; withdrawnAt: number | null } | null;
  tombstoned: boolean;
  /** Epoch ms; what --since/--until select on. */
  createdAt: number;
  /** Epoch ms of the last message or edit; what the review window is measured from. */
  lastActivityAt: number;
  /** Set when the turn status policy dropped every turn of the row (src/release/turn-status-policy.ts). */
  noTurnsLeft?: boolean;
}

export interface PipelineRow {
  /** Unique and stable between the two passes (e.g. conversation id + branch). */
  key: string;
  record: ReleaseRecord;
  facts: PipelineRowFacts;
}

export function rowMessages(record: ReleaseRecord): MessageInput[] {
  return record.conversation.map((message) => ({
    role: message.role === 'user' || message.role === 'assistant' ? message.role : 'system',
    content: message.content,
  }));
}
