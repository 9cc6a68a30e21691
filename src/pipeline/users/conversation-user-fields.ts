/**
 * Conversation-level user fields: WildChat-4.8M takes the most frequent per-turn value of each
 * field (user turns only), independently per field; null values are skipped.
 */
import { mostFrequent } from '../../core/most-frequent.ts';

export interface UserTurnFields {
  hashedIp: string | null;
  state: string | null;
  country: string | null;
}

export function conversationUserFields(turns: readonly UserTurnFields[]): UserTurnFields {
  return {
    hashedIp: mostFrequent(turns.map((turn) => turn.hashedIp)),
    state: mostFrequent(turns.map((turn) => turn.state)),
    country: mostFrequent(turns.map((turn) => turn.country)),
  };
}
