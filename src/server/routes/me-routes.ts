/** The caller's own data: export it, or delete all of it (which also revokes the token). */
import { Hono } from 'hono';
import { requireConsent } from '../middleware/require-consent.ts';
import type { AppEnv, ServerServices } from '../server-services.ts';
import { toTurnView } from '../turn-view.ts';
import { toConversationView } from './conversation-routes.ts';

/** Upper bound for one export; far above maxTurns-sized histories of a single person. */
const EXPORT_PAGE_SIZE = 200;

export function meRoutes(services: ServerServices): Hono<AppEnv> {
  const { deps } = services;
  const routes = new Hono<AppEnv>();
  // Terms changes must never lock anyone out of their own data.
  routes.use('/api/me', requireConsent(services, { currentTermsOnly: false }));
  routes.use('/api/me/*', requireConsent(services, { currentTermsOnly: false }));

  routes.get('/api/me/export', async (c) => {
    const consent = c.get('consent');
    const conversations = [];
    let before: number | undefined;
    for (;;) {
      const page = await deps.store.listConversations(consent.id, before === undefined ? { limit: EXPORT_PAGE_SIZE } : { limit: EXPORT_PAGE_SIZE, before });
      for (const summary of page) {
        const turns = await deps.store.listTurns(summary.id);
        conversations.push({ conversation: toConversationView(summary, summary.turnCount, summary.lastModel), turns: turns.map(toTurnView) });
      }
      const last = page[page.length - 1];
      if (page.length < EXPORT_PAGE_SIZE || last === undefined || last.updatedAt === before) break;
      before = last.updatedAt;
    }
    c.header('content-disposition', 'attachment; filename="wildchat-my-data.json"');
    return c.json({
      consent: { termsVersion: consent.termsVersion, consentedAt: new Date(consent.consentedAt).toISOString() },
      conversations,
    });
  });

  routes.delete('/api/me', async (c) => {
    const consent = c.get('consent');
    await services.turns.abortConsent(consent.id);
    const result = await deps.store.deleteConsentData(consent.id, services.clock());
    return c.json({ deletedConversations: result.conversations, deletedTurns: result.turns });
  });

  return routes;
}
