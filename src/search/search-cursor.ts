/** Opaque page cursors: the last hit's document id (and score for relevance), never an offset. */
import { z } from 'zod';
import { SearchRequestError, type SearchSort } from './search-index.ts';

const cursorSchema = z.object({ s: z.enum(['time-desc', 'time-asc', 'relevance']), id: z.number().int(), score: z.number().optional() });
export type SearchCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(token: string, sort: SearchSort): SearchCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new SearchRequestError('cursor', 'cursor is not one this server issued');
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw new SearchRequestError('cursor', 'cursor is not one this server issued');
  if (result.data.s !== sort) throw new SearchRequestError('cursor', 'cursor belongs to another sort order: start from the first page');
  if (result.data.s === 'relevance' && result.data.score === undefined) throw new SearchRequestError('cursor', 'cursor is not one this server issued');
  return result.data;
}
