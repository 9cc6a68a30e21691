/** The caller's own data: export it, or delete all of it (which also revokes the token). */
import { Hono } from 'hono';
import type { ConversationSummary, Store } from '../../store/store.ts';
import { createConsentToken, hashConsentToken } from '../requests/consent-token.ts';
import { takeWrite } from '../limits/write-limits.ts';
import { requireConsent } from '../middleware/require-consent.ts';
import type { AppEnv, ServicesFor } from '../app/server-services.ts';
import { toTurnView } from '../responses/turn-view.ts';
import { conversationTexts } from '../turns/derived-texts.ts';
import { toConversationView } from '../responses/conversation-view.ts';

/** The store's largest page; the export reads every page. */
const EXPORT_PAGE_SIZE = 1000;

/**
 * Every conversation of a consent. `before` is strict and several conversations can share the
 * boundary's updatedAt (same millisecond), so each page starts at the boundary time again and
 * repeats are dropped; only more than a page of conversations within one millisecond would be cut.
 */
async function listAllConversations(store: Store, consentId: string): Promise<ConversationSummary[]> {
  const all: ConversationSummary[] = [];
  const seen = new Set<string>();
  let before: number | undefined;
  for (;;) {
    const page = await store.listConversations(consentId, before === undefined ? { limit: EXPORT_PAGE_SIZE } : { limit: EXPORT_PAGE_SIZE, before });
    let added = 0;
    for (const summary of page) {
      if (seen.has(summary.id)) continue;
      seen.add(summary.id);
      all.push(summary);
      added += 1;
    }
    const last = page[page.length - 1];
    if (page.length < EXPORT_PAGE_SIZE || last === undefined || added === 0) return all;
    before = last.updatedAt + 1;
  }
}

export type MeRouteServices = ServicesFor<'clock' | 'turns' | 'writeLimiter' | 'metrics' | 'protection', 'eraseDerived' | 'store' | 'terms'>;

export function meRoutes(services: MeRouteServices): Hono<AppEnv> {
  const { deps } = services;
  const routes = new Hono<AppEnv>();
  // Terms changes must never lock anyone out of their own data.
  routes.use('/api/me', requireConsent(services, { currentTermsOnly: false }));
  routes.use('/api/me/*', requireConsent(services, { currentTermsOnly: false }));

  routes.get('/api/me/export', async (c) => {
    const consent = c.get('consent');
    const conversations = [];
    for (const summary of await listAllConversations(deps.store, consent.id)) {
      const turns = await deps.store.listTurns(summary.id);
      conversations.push({ conversation: toConversationView(summary, summary.turnCount, summary.lastModel), turns: turns.map(toTurnView) });
    }
    c.header('content-disposition', 'attachment; filename="wildchat-my-data.json"');
    return c.json({
      consent: { termsVersion: consent.termsVersion, consentedAt: new Date(consent.consentedAt).toISOString() },
      conversations,
    });
  });

  /**
   * "Forget this browser": the token stops working, the consent and its conversations stay (and
   * may be released as agreed). The new token hash is of a token nobody is given.
   */
  routes.post('/api/me/forget', async (c) => {
    const consent = c.get('consent');
    takeWrite(services, consent.id);
    await deps.store.replaceConsentTokenHash(consent.id, hashConsentToken(createConsentToken()));
    return c.json({ forgotten: true });
  });

  routes.delete('/api/me', async (c) => {
    const consent = c.get('consent');
    takeWrite(services, consent.id);
    await services.turns.abortConsent(consent.id);
    // Derived data first: the store's deletion then checkpoints the WAL, so neither survives on disk.
    if (deps.eraseDerived !== undefined) {
      const texts: string[] = [];
      for (const summary of await listAllConversations(deps.store, consent.id)) texts.push(...(await conversationTexts(deps.store, summary.id)));
      await deps.eraseDerived(texts);
    }
    const result = await deps.store.deleteConsentData(consent.id, services.clock());
    return c.json({ deletedConversations: result.conversations, deletedTurns: result.turns });
  });

  return routes;
}
