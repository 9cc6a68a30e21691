/**
 * OpenAI-compatible API: GET /v1/models and POST /v1/chat/completions. The bearer token is a
 * consent token, checked before anything is read, stored or forwarded. Turns are logged exactly
 * like native ones (same runner) and linked into conversations through the resent history.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { conversationTitleFrom } from '../../schema/conversation-title.ts';
import type { SamplingParams } from '../../schema/raw-records.ts';
import { admitUpstreamCall, assertAcceptingMessages, checkConversationLength, checkUserContent } from '../limits/admit-message.ts';
import { ApiError } from '../responses/api-error.ts';
import { requireConsent } from '../middleware/require-consent.ts';
import { respondWithOpenAiCompletion } from '../responses/openai-completion-response.ts';
import { openAiMessageSchema, splitHistory } from '../turns/openai-history.ts';
import { computePathHash } from '../turns/path-hash.ts';
import { assertConversationRoom, checkStoredContext } from '../limits/write-limits.ts';
import { readJsonBody } from '../requests/read-json-body.ts';
import type { AppEnv, ServicesFor } from '../app/server-services.ts';

const completionBodySchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(openAiMessageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  n: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
});

/** Only what the client set: unset values stay absent so the upstream applies its own defaults. */
function samplingParams(body: z.infer<typeof completionBodySchema>): SamplingParams {
  const params: SamplingParams = {};
  if (body.temperature != null) params.temperature = body.temperature;
  if (body.top_p != null) params.top_p = body.top_p;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) params.max_tokens = maxTokens;
  if (body.stop != null) params.stop = body.stop;
  if (body.presence_penalty != null) params.presence_penalty = body.presence_penalty;
  if (body.frequency_penalty != null) params.frequency_penalty = body.frequency_penalty;
  if (body.seed != null) params.seed = body.seed;
  return params;
}

export type OpenAiRouteServices = ServicesFor<
  'clock' | 'turns' | 'metrics' | 'costs' | 'limiter' | 'protection',
  'config' | 'models' | 'store' | 'terms' | 'resolveClientIp' | 'ipHasher' | 'geo'
>;

export function openAiRoutes(services: OpenAiRouteServices): Hono<AppEnv> {
  const { deps } = services;
  const routes = new Hono<AppEnv>();
  routes.use('/v1/*', requireConsent(services, { currentTermsOnly: true }));

  routes.get('/v1/models', (c) => c.json({ object: 'list', data: deps.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'wildchat' })) }));

  routes.post('/v1/chat/completions', async (c) => {
    assertAcceptingMessages(services);
    const body = await readJsonBody(c, completionBodySchema, deps.config.maxBodyBytes);
    if ((body.n ?? 1) > 1) throw new ApiError(400, 'unsupported_parameter', 'Only n=1 is supported.', { param: 'n' });
    if (!deps.models.includes(body.model)) {
      throw new ApiError(404, 'model_not_found', 'The model does not exist or is not offered here; see GET /v1/models.', { param: 'model' });
    }
    const split = splitHistory(body.messages);
    const userContent = checkUserContent(split.userContent, deps.config.maxMessageChars);
    checkConversationLength(split.turnCount, deps.config.maxTurns);

    const consentId = c.get('consent').id;
    const parent = split.history.length === 0 ? null : await deps.store.findTurnByPathHash(consentId, computePathHash(split.systemPrompt, split.history));
    if (parent === null) await assertConversationRoom(services, consentId);
    const { request, hold, lease } = await admitUpstreamCall(c, services, {
      consentId,
      model: body.model,
      systemPrompt: split.systemPrompt,
      history: split.history,
      userContent,
      params: samplingParams(body),
    });
    const conversationId = await hold.endOnFailure(async () => {
      if (parent === null) checkStoredContext(services, split.systemPrompt, split.history);
      return (
        parent?.conversationId ??
        (
          await deps.store.createConversation({
            consentId,
            // Named like a chat-page conversation, from the first user message the client sent.
            title: conversationTitleFrom(split.history.find((message) => message.role === 'user')?.content ?? userContent),
            systemPrompt: split.systemPrompt,
            source: 'openai',
            createdAt: services.clock(),
          })
        ).id
      );
    });
    const run = await services.turns.start({
      conversationId,
      consentId,
      systemPrompt: split.systemPrompt,
      parentTurnId: parent?.turnIdentifier ?? null,
      origin: 'openai',
      // History we never stored is kept on the turn so that nothing the client sent is lost.
      contextMessages: parent === null && split.history.length > 0 ? split.history : null,
      pathMessages: split.history,
      userContent,
      request,
      model: body.model,
      params: lease.params,
      hold,
    });
    return respondWithOpenAiCompletion(c, run, {
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      model: body.model,
    });
  });

  return routes;
}
