/**
 * Raw log records: what the collection server writes. These are never changed by the pipeline;
 * annotations live beside them. Timestamps are epoch milliseconds (UTC).
 *
 * A "turn" is one exchange: a user message and the assistant reply to it, sharing one
 * `turnIdentifier` (as in WildChat, where both messages of an exchange carry the same id).
 * Turns form a tree through `parentTurnId`: a regenerate or an edit is a sibling turn, never an
 * overwrite, so no turn is ever lost.
 */
import { z } from 'zod';

export const RAW_SCHEMA_VERSION = 1;

/** Only these request headers are ever recorded. */
export const requestContextSchema = z.object({
  hashedIp: z.string(),
  /** Which HMAC key produced hashedIp, so keys can be rotated. */
  ipKeyId: z.string(),
  country: z.string().nullable(),
  state: z.string().nullable(),
  userAgent: z.string().nullable(),
  acceptLanguage: z.string().nullable(),
});
export type RequestContext = z.infer<typeof requestContextSchema>;

export const chatRoleSchema = z.enum(['system', 'user', 'assistant', 'developer', 'tool']);
export const chatMessageSchema = z.object({ role: chatRoleSchema, content: z.string() });
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const samplingParamsSchema = z.object({
  temperature: z.number().nullable().optional(),
  top_p: z.number().nullable().optional(),
  max_tokens: z.number().int().nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .optional(),
  presence_penalty: z.number().nullable().optional(),
  frequency_penalty: z.number().nullable().optional(),
  seed: z.number().int().nullable().optional(),
});
export type SamplingParams = z.infer<typeof samplingParamsSchema>;

export const usageSchema = z
  .object({
    prompt_tokens: z.number().int().nullable().optional(),
    completion_tokens: z.number().int().nullable().optional(),
    total_tokens: z.number().int().nullable().optional(),
  })
  .passthrough();
export type Usage = z.infer<typeof usageSchema>;

/**
 * pending: user message committed, upstream not answered yet.
 * streaming: reply arriving; assistantContent holds what was flushed so far.
 * complete: upstream finished normally.
 * stopped: the user pressed stop.
 * client_aborted: the client went away mid-stream.
 * upstream_error: the upstream failed (see error).
 * interrupted: the server died mid-turn; found and marked at the next start.
 */
export const turnStatusSchema = z.enum(['pending', 'streaming', 'complete', 'stopped', 'client_aborted', 'upstream_error', 'interrupted']);
export type TurnStatus = z.infer<typeof turnStatusSchema>;
export const FINAL_TURN_STATUSES: readonly TurnStatus[] = ['complete', 'stopped', 'client_aborted', 'upstream_error', 'interrupted'];

/** How a turn came to be. */
export const turnOriginSchema = z.enum(['send', 'regenerate', 'edit', 'openai']);
export type TurnOrigin = z.infer<typeof turnOriginSchema>;

/** Error kinds never carry user text or upstream bodies, only a code and our own message. */
export const turnErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  upstreamStatus: z.number().int().nullable().optional(),
});
export type TurnError = z.infer<typeof turnErrorSchema>;

export interface ConsentRecord {
  id: string;
  /** SHA-256 of the opaque bearer token; the token itself is never stored. */
  tokenHash: string;
  termsVersion: string;
  consentedAt: number;
  context: RequestContext;
  /** Set when the user deleted their data (DELETE /api/me). */
  withdrawnAt: number | null;
}

export interface ConversationRecord {
  id: string;
  consentId: string;
  title: string | null;
  /** System prompt the client sent (OpenAI-compatible clients); our own web app sends none. */
  systemPrompt: string | null;
  source: 'native' | 'openai';
  createdAt: number;
  updatedAt: number;
}

export interface TurnRecord {
  /** Auto-increment id, shared by the user message and its reply. */
  turnIdentifier: number;
  conversationId: string;
  consentId: string;
  parentTurnId: number | null;
  origin: TurnOrigin;
  /**
   * Messages the client sent before this turn that we never stored as turns (for example a
   * client that starts a conversation through /v1 with earlier history). Null when none.
   */
  contextMessages: ChatMessage[] | null;
  userContent: string;
  assistantContent: string;
  request: RequestContext;
  modelRequested: string;
  modelReported: string | null;
  params: SamplingParams;
  upstreamId: string | null;
  upstreamCreated: number | null;
  systemFingerprint: string | null;
  usage: Usage | null;
  finishReason: string | null;
  status: TurnStatus;
  error: TurnError | null;
  receivedAt: number;
  firstTokenAt: number | null;
  completedAt: number | null;
  /**
   * Hash of the path from the root to this turn (system prompt + every user/assistant pair),
   * set when the turn is final. Used to link resent histories to stored conversations.
   */
  pathHash: string | null;
}

/** A deletion marker: no later release may include these conversations. */
export interface TombstoneRecord {
  id: number;
  consentId: string;
  conversationId: string | null;
  reason: 'user_deleted_all' | 'user_deleted_conversation' | 'operator';
  deletedAt: number;
}
