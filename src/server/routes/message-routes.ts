/** Native sending: new message (or edit), regenerate, stop. Replies stream as SSE. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { samplingParamsSchema, TurnOrigin } from '../../schema/raw-records.ts';
import { admitUpstreamCall, assertAcceptingMessages, checkConversationLength, checkUserContent } from '../limits/admit-message.ts';
import { ApiError } from '../responses/api-error.ts';
import { loadPath } from '../turns/conversation-path.ts';
import { requireConsent } from '../middleware/require-consent.ts';
import { respondWithNativeStream } from '../responses/native-turn-response.ts';
import { readJsonBody } from '../requests/read-json-body.ts';
import type { AppDeps } from '../app/app-deps.ts';
import type { AppEnv, ServicesFor } from '../app/server-services.ts';
import { ownConversation } from '../requests/own-conversation.ts';

/** The sampling controls the web app offers; anything else is refused rather than silently dropped. */
const nativeParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    max_tokens: z.number().int().min(1).max(1_000_000).nullish(),
  })
  .strict();

const turnIdSchema = z.number().int().positive();
// Native bodies are strict, like their params: an unknown key is refused (400), not dropped.
const sendBodySchema = z
  .object({
    content: z.string(),
    parentTurnId: turnIdSchema.nullable(),
    model: z.string().min(1).optional(),
    params: nativeParamsSchema.optional(),
    editOf: turnIdSchema.optional(),
  })
  .strict();
const regenerateBodySchema = z
  .object({
    model: z.string().min(1).optional(),
    params: nativeParamsSchema.optional(),
  })
  .strict();

/** Plain decimal only: Number() would also read "0x1", " 1" and "1e0" as turn 1. */
function parseTurnId(value: string): number {
  const id = /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError(404, 'turn_not_found', 'No such turn.');
  return id;
}

function checkModel(services: { deps: Pick<AppDeps, 'models'> }, model: string | undefined, fallback: string): string {
  const chosen = model ?? fallback;
  if (!services.deps.models.includes(chosen)) throw new ApiError(400, 'unknown_model', 'This model is not offered here; see GET /api/config.');
  return chosen;
}

export type MessageRouteServices = ServicesFor<
  'clock' | 'turns' | 'metrics' | 'costs' | 'limiter' | 'protection',
  'config' | 'models' | 'store' | 'terms' | 'resolveClientIp' | 'ipHasher' | 'geo'
>;

export function messageRoutes(services: MessageRouteServices): Hono<AppEnv> {
  const { deps } = services;
  const routes = new Hono<AppEnv>();
  const auth = requireConsent(services, { currentTermsOnly: true });

  /** Shared by send and regenerate once the new turn's place in the tree is known. */
  async function startNativeTurn(
    c: Context<AppEnv>,
    input: {
      conversationId: string;
      systemPrompt: string | null;
      parentTurnId: number | null;
      origin: TurnOrigin;
      userContent: string;
      model: string;
      params: z.infer<typeof samplingParamsSchema>;
    },
  ): Promise<Response> {
    const path = await loadPath(deps.store, input.conversationId, input.parentTurnId, deps.config.maxTurns);
    // A reply still arriving cannot be continued yet: its text is not final.
    const parent = path.turns[path.turns.length - 1];
    if (parent !== undefined && (parent.status === 'pending' || parent.status === 'streaming')) {
      throw new ApiError(409, 'parent_not_final', 'The previous reply is still being written; wait for it to finish or stop it.');
    }
    checkConversationLength(path.turns.length + 1, deps.config.maxTurns);
    const { request, hold, lease } = await admitUpstreamCall(c, services, {
      consentId: c.get('consent').id,
      model: input.model,
      systemPrompt: input.systemPrompt,
      history: path.messages,
      userContent: input.userContent,
      params: input.params,
    });
    const run = await services.turns.start({
      conversationId: input.conversationId,
      consentId: c.get('consent').id,
      systemPrompt: input.systemPrompt,
      parentTurnId: input.parentTurnId,
      origin: input.origin,
      contextMessages: null,
      pathMessages: path.messages,
      userContent: input.userContent,
      request,
      model: input.model,
      params: lease.params,
      hold,
    });
    return respondWithNativeStream(c, run);
  }

  routes.post('/api/conversations/:id/messages', auth, async (c) => {
    assertAcceptingMessages(services);
    const body = await readJsonBody(c, sendBodySchema, deps.config.maxBodyBytes);
    const userContent = checkUserContent(body.content, deps.config.maxMessageChars);
    const model = checkModel(services, body.model, deps.models[0] ?? '');
    const conversation = await ownConversation(deps.store, c.get('consent').id, c.req.param('id'));
    if (body.editOf !== undefined) {
      const edited = await deps.store.getTurn(body.editOf);
      if (edited === null || edited.conversationId !== conversation.id)
        throw new ApiError(404, 'turn_not_found', 'The edited turn is not in this conversation.');
      if (edited.parentTurnId !== body.parentTurnId) throw new ApiError(400, 'invalid_edit', 'An edit must have the same parent as the turn it edits.');
    }
    return startNativeTurn(c, {
      conversationId: conversation.id,
      // Conversations started through /v1 may carry a system prompt; it stays on every later turn.
      systemPrompt: conversation.systemPrompt,
      parentTurnId: body.parentTurnId,
      origin: body.editOf === undefined ? 'send' : 'edit',
      userContent,
      model,
      params: withoutNulls(body.params ?? {}),
    });
  });

  routes.post('/api/conversations/:id/turns/:turnIdentifier/regenerate', auth, async (c) => {
    assertAcceptingMessages(services);
    const body = await readJsonBody(c, regenerateBodySchema, deps.config.maxBodyBytes);
    const conversation = await ownConversation(deps.store, c.get('consent').id, c.req.param('id'));
    const turnIdentifier = parseTurnId(c.req.param('turnIdentifier'));
    const original = await deps.store.getTurn(turnIdentifier);
    if (original === null || original.conversationId !== conversation.id) throw new ApiError(404, 'turn_not_found', 'No such turn in this conversation.');
    return startNativeTurn(c, {
      conversationId: conversation.id,
      systemPrompt: conversation.systemPrompt,
      parentTurnId: original.parentTurnId,
      origin: 'regenerate',
      userContent: original.userContent,
      model: checkModel(services, body.model, original.modelRequested),
      params: body.params === undefined ? original.params : withoutNulls(body.params),
    });
  });

  routes.post('/api/turns/:turnIdentifier/stop', auth, async (c) => {
    const consentId = c.get('consent').id;
    const turnIdentifier = parseTurnId(c.req.param('turnIdentifier'));
    const running = services.turns.find(turnIdentifier);
    if (running !== undefined && running.consentId === consentId) {
      running.abort('stopped');
      return c.json({ stopped: true });
    }
    const turn = await deps.store.getTurn(turnIdentifier);
    if (turn === null || turn.consentId !== consentId) throw new ApiError(404, 'turn_not_found', 'No such turn.');
    return c.json({ stopped: false });
  });

  return routes;
}

/** Unset and null controls are left out so the upstream applies its own defaults. */
function withoutNulls(params: z.infer<typeof nativeParamsSchema>): z.infer<typeof samplingParamsSchema> {
  const result: z.infer<typeof samplingParamsSchema> = {};
  if (params.temperature != null) result.temperature = params.temperature;
  if (params.top_p != null) result.top_p = params.top_p;
  if (params.max_tokens != null) result.max_tokens = params.max_tokens;
  return result;
}
