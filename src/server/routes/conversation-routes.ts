/** List, create, read, rename and delete the caller's conversations. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ConversationRecord, TurnRecord } from '../../schema/raw-records.ts';
import type { ConversationSummary } from '../../store/store.ts';
import { ApiError } from '../responses/api-error.ts';
import { requireConsent } from '../middleware/require-consent.ts';
import { assertConversationRoom, takeWrite } from '../limits/write-limits.ts';
import { readJsonBody } from '../requests/read-json-body.ts';
import type { AppEnv, ServicesFor } from '../app/server-services.ts';
import { conversationTexts } from '../turns/derived-texts.ts';
import { toTurnView } from '../responses/turn-view.ts';
import { wellFormed } from '../requests/well-formed.ts';
import { ownConversation } from '../requests/own-conversation.ts';
import { toConversationView, type ConversationView } from '../responses/conversation-view.ts';

const MAX_TITLE_CHARS = 200;
const titleSchema = z.string().max(MAX_TITLE_CHARS).transform(wellFormed);
// Native bodies are strict: an unknown key is a client bug we would rather report than ignore.
const createBodySchema = z.object({ title: titleSchema.nullish() }).strict();
const renameBodySchema = z.object({ title: titleSchema }).strict();
const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});

/**
 * lastModel as the store's summaries compute it (so list, read and export agree): the model
 * requested for the newest turn, one of the offered ids a client can pick again.
 */
function viewWithTurns(conversation: ConversationRecord, turns: readonly TurnRecord[]): ConversationView {
  const last = turns.reduce<TurnRecord | null>((newest, turn) => (newest === null || turn.turnIdentifier > newest.turnIdentifier ? turn : newest), null);
  return toConversationView(conversation, turns.length, last?.modelRequested ?? null);
}

function summaryView(summary: ConversationSummary): ConversationView {
  return toConversationView(summary, summary.turnCount, summary.lastModel);
}

export type ConversationRouteServices = ServicesFor<
  'clock' | 'costs' | 'turns' | 'writeLimiter' | 'metrics' | 'protection',
  'config' | 'eraseDerived' | 'store' | 'terms'
>;

export function conversationRoutes(services: ConversationRouteServices): Hono<AppEnv> {
  const { deps } = services;
  const routes = new Hono<AppEnv>();
  routes.use('/api/conversations', requireConsent(services, { currentTermsOnly: false }));
  routes.use('/api/conversations/*', requireConsent(services, { currentTermsOnly: false }));
  // A consent to older terms may still read, export and delete, but not add or change anything.
  const currentTerms = requireConsent(services, { currentTermsOnly: true });

  routes.get('/api/conversations', async (c) => {
    const parsed = listQuerySchema.safeParse({ limit: c.req.query('limit'), before: c.req.query('before') });
    if (!parsed.success) throw new ApiError(400, 'invalid_request', 'Invalid query: limit must be 1-200 and before an ISO time.');
    const options: { limit: number; before?: number } = { limit: parsed.data.limit };
    if (parsed.data.before !== undefined) options.before = Date.parse(parsed.data.before);
    const summaries = await deps.store.listConversations(c.get('consent').id, options);
    return c.json({ conversations: summaries.map(summaryView) });
  });

  routes.post('/api/conversations', currentTerms, async (c) => {
    const consentId = c.get('consent').id;
    takeWrite(services, consentId);
    const body = await readJsonBody(c, createBodySchema, deps.config.maxBodyBytes);
    await services.costs.assertDiskRoom();
    await assertConversationRoom(services, consentId);
    const conversation = await deps.store.createConversation({
      consentId: c.get('consent').id,
      title: body.title?.trim() || null,
      systemPrompt: null,
      source: 'native',
      createdAt: services.clock(),
    });
    return c.json({ conversation: toConversationView(conversation, 0, null) }, 201);
  });

  routes.get('/api/conversations/:id', async (c) => {
    const conversation = await ownConversation(deps.store, c.get('consent').id, c.req.param('id'));
    const turns = await deps.store.listTurns(conversation.id);
    return c.json({ conversation: viewWithTurns(conversation, turns), turns: turns.map(toTurnView) });
  });

  routes.patch('/api/conversations/:id', currentTerms, async (c) => {
    const consentId = c.get('consent').id;
    takeWrite(services, consentId);
    const body = await readJsonBody(c, renameBodySchema, deps.config.maxBodyBytes);
    const conversation = await ownConversation(deps.store, consentId, c.req.param('id'));
    await deps.store.renameConversation(conversation.id, body.title.trim(), services.clock());
    const renamed = await ownConversation(deps.store, consentId, conversation.id);
    return c.json({ conversation: viewWithTurns(renamed, await deps.store.listTurns(conversation.id)) });
  });

  routes.delete('/api/conversations/:id', async (c) => {
    takeWrite(services, c.get('consent').id);
    const conversation = await ownConversation(deps.store, c.get('consent').id, c.req.param('id'));
    // A reply still streaming into this conversation is cut first, so no write lands after the delete.
    await services.turns.abortConversation(conversation.id);
    if (deps.eraseDerived !== undefined) await deps.eraseDerived(await conversationTexts(deps.store, conversation.id));
    await deps.store.deleteConversation(conversation.id, 'user_deleted_conversation', services.clock());
    return c.body(null, 204);
  });

  return routes;
}
