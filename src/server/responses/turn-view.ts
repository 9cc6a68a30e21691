/** The client-facing shape of a turn (docs/api.md, TurnView). */
import type { TurnRecord } from '../../schema/raw-records.ts';

export interface TurnView {
  turnIdentifier: number;
  parentTurnId: number | null;
  origin: TurnRecord['origin'];
  userContent: string;
  assistantContent: string;
  model: string;
  status: TurnRecord['status'];
  finishReason: string | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  completedAt: string | null;
}

export function toTurnView(turn: TurnRecord): TurnView {
  return {
    turnIdentifier: turn.turnIdentifier,
    parentTurnId: turn.parentTurnId,
    origin: turn.origin,
    userContent: turn.userContent,
    assistantContent: turn.assistantContent,
    model: turn.modelReported ?? turn.modelRequested,
    status: turn.status,
    finishReason: turn.finishReason,
    error: turn.error === null ? null : { code: turn.error.code, message: turn.error.message },
    createdAt: new Date(turn.receivedAt).toISOString(),
    completedAt: turn.completedAt === null ? null : new Date(turn.completedAt).toISOString(),
  };
}
