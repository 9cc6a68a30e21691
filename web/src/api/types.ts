/**
 * Shapes of everything the server sends to the web app (docs/api.md), parsed at the boundary so a
 * server/client mismatch fails loudly in one place instead of as `undefined` deep in a component.
 * zod/mini keeps the parsers small enough for the initial bundle budget.
 */
import * as z from 'zod/mini';

export const turnStatusSchema = z.enum(['pending', 'streaming', 'complete', 'stopped', 'client_aborted', 'upstream_error', 'interrupted']);
export type TurnStatus = z.infer<typeof turnStatusSchema>;

export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    retryAfterSeconds: z.optional(z.number()),
  }),
  retryAfterSeconds: z.optional(z.number()),
});

export const turnSchema = z.object({
  turnIdentifier: z.number(),
  parentTurnId: z.nullable(z.number()),
  origin: z.string(),
  userContent: z.string(),
  assistantContent: z.string(),
  model: z.nullable(z.string()),
  status: turnStatusSchema,
  finishReason: z.optional(z.nullable(z.string())),
  error: z.optional(z.nullable(z.object({ code: z.string(), message: z.string() }))),
  createdAt: z.string(),
  completedAt: z.optional(z.nullable(z.string())),
});
export type Turn = z.infer<typeof turnSchema>;

export const conversationSummarySchema = z.object({
  id: z.string(),
  title: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  turnCount: z.number(),
  lastModel: z.nullable(z.string()),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const termsSchema = z.object({ version: z.string(), text: z.string() });
export type Terms = z.infer<typeof termsSchema>;

export const configSchema = z.object({
  models: z.array(z.object({ id: z.string() })),
  defaultModel: z.nullable(z.string()),
  disabledMessage: z.nullable(z.string()),
  limits: z.object({ maxMessageChars: z.number(), maxTurns: z.number() }),
  termsVersion: z.string(),
});
export type AppConfig = z.infer<typeof configSchema>;

export const consentResponseSchema = z.object({
  token: z.string(),
  termsVersion: z.string(),
  consentedAt: z.string(),
});
export type ConsentResponse = z.infer<typeof consentResponseSchema>;

export const conversationListSchema = z.object({ conversations: z.array(conversationSummarySchema) });
export const conversationEnvelopeSchema = z.object({ conversation: conversationSummarySchema });
export const conversationDetailSchema = z.object({
  conversation: conversationSummarySchema,
  turns: z.array(turnSchema),
});
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

export const deleteMyDataSchema = z.object({ deletedConversations: z.number(), deletedTurns: z.number() });
export type DeleteMyDataResult = z.infer<typeof deleteMyDataSchema>;

export const stopResponseSchema = z.object({ stopped: z.boolean() });

export const streamTurnEventSchema = z.object({ turn: turnSchema });
export const streamDeltaEventSchema = z.object({ text: z.string() });
export const streamErrorEventSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryAfterSeconds: z.optional(z.number()),
});

/** One parsed event of a reply stream. */
export type StreamEvent =
  | { type: 'turn'; turn: Turn }
  | { type: 'delta'; text: string }
  | { type: 'done'; turn: Turn }
  | { type: 'error'; code: string; message: string; retryAfterSeconds?: number };

export interface GenerationParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
}
