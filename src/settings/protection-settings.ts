/**
 * Settings of `wildchat serve` that protect the operator: the upstream bill (concurrency, token
 * ceilings, prompt size, token budgets), the disk (write limits, stored context, free space), the
 * client-IP header (trusted proxies) and the session (origins, token lifetime, timeouts, /metrics).
 * Kept apart from serve-settings.ts so the cost and abuse controls read as one table.
 */
import type { ResolvedSettings } from './resolve-settings.ts';
import type { Setting } from './setting.ts';

export const protectionSettings = [
  { key: 'trustedProxies', commands: ['serve'], type: 'list', defaultValue: null, env: ['WILDCHAT_TRUSTED_PROXIES'], help: 'Comma-separated CIDRs of the reverse proxies allowed to set the client IP header (e.g. 127.0.0.1/32,10.0.0.0/8). Giving it turns --trust-proxy on; the header is then believed only from these peers, and hops are counted by skipping listed addresses from the right.' },
  { key: 'maxUpstreamConcurrency', commands: ['serve'], type: 'integer', defaultValue: '32', min: 1, unit: 'calls', env: ['WILDCHAT_MAX_UPSTREAM_CONCURRENCY'], help: 'Upstream calls running at once, over all users. Further messages wait in a queue (see --upstream-queue-timeout-ms).' },
  { key: 'upstreamQueueTimeoutMs', commands: ['serve'], type: 'integer', defaultValue: '10000', min: 0, unit: 'ms', env: ['WILDCHAT_UPSTREAM_QUEUE_TIMEOUT_MS'], help: 'Longest a message waits for a free upstream slot before it is refused with 503 and Retry-After.' },
  { key: 'upstreamQueueLength', commands: ['serve'], type: 'integer', defaultValue: '256', min: 0, unit: 'messages', env: ['WILDCHAT_UPSTREAM_QUEUE_LENGTH'], help: 'Messages that may wait for an upstream slot; beyond this they are refused at once (503).' },
  { key: 'maxTokensDefault', commands: ['serve'], type: 'integer', defaultValue: '2048', min: 1, unit: 'tokens', env: ['WILDCHAT_MAX_TOKENS_DEFAULT'], help: 'max_tokens sent upstream when the client sets none.' },
  { key: 'maxTokensCeiling', commands: ['serve'], type: 'integer', defaultValue: '4096', min: 1, unit: 'tokens', env: ['WILDCHAT_MAX_TOKENS_CEILING'], help: 'Largest max_tokens a client may ask for; larger values are lowered to it (the reply is cut at the ceiling, never refused).' },
  { key: 'modelTokenLimits', commands: ['serve'], type: 'list', defaultValue: null, env: ['WILDCHAT_MODEL_TOKEN_LIMITS'], help: 'Per-model max_tokens default and ceiling, comma-separated MODEL=DEFAULT/CEILING (e.g. gpt-4o=1024/4096,llama3=512/2048). Models not listed use --max-tokens-default and --max-tokens-ceiling.' },
  { key: 'maxPromptChars', commands: ['serve'], type: 'integer', defaultValue: '200000', min: 1, unit: 'characters', env: ['WILDCHAT_MAX_PROMPT_CHARS'], help: 'Largest prompt forwarded upstream, counting the system prompt, the whole history and the new message (413 above it).' },
  { key: 'maxPromptTokens', commands: ['serve'], type: 'integer', defaultValue: '64000', min: 1, unit: 'tokens', env: ['WILDCHAT_MAX_PROMPT_TOKENS'], help: 'Largest prompt forwarded upstream in o200k_base tokens, history included (413 above it).' },
  { key: 'consentDailyTokenBudget', commands: ['serve'], type: 'integer', defaultValue: '200000', min: 0, unit: 'tokens per UTC day', env: ['WILDCHAT_CONSENT_DAILY_TOKEN_BUDGET'], help: 'Upstream tokens (prompt + completion, from the upstream usage) one consent may spend per UTC day; 0 turns the limit off.' },
  { key: 'dailyTokenBudget', commands: ['serve'], type: 'integer', defaultValue: '20000000', min: 0, unit: 'tokens per UTC day', env: ['WILDCHAT_DAILY_TOKEN_BUDGET'], help: 'Upstream tokens the whole server may spend per UTC day. Each message reserves its prompt and max_tokens first, so the budget is never exceeded; when it is spent the kill switch trips until the next UTC day. 0 turns it off.' },
  { key: 'networkRateLimitPerMinute', commands: ['serve'], type: 'integer', defaultValue: '120', min: 1, unit: 'messages per minute', env: ['WILDCHAT_NETWORK_RATE_LIMIT_PER_MINUTE'], help: 'Messages and consents per minute from one IPv4 /24 or one IPv6 /48 together (on top of the per-IP limit).' },
  { key: 'writeRateLimitPerMinute', commands: ['serve'], type: 'integer', defaultValue: '60', min: 1, unit: 'writes per minute', env: ['WILDCHAT_WRITE_RATE_LIMIT_PER_MINUTE'], help: 'Writes (create, rename, delete, forget) one consent may make per minute.' },
  { key: 'maxConversationsPerConsent', commands: ['serve'], type: 'integer', defaultValue: '500', min: 1, max: 1000, unit: 'conversations', env: ['WILDCHAT_MAX_CONVERSATIONS_PER_CONSENT'], help: 'Conversations one consent may keep; creating more is refused (409) until some are deleted.' },
  { key: 'maxStoredContextChars', commands: ['serve'], type: 'integer', defaultValue: '100000', min: 0, unit: 'characters', env: ['WILDCHAT_MAX_STORED_CONTEXT_CHARS'], help: 'Largest history plus system prompt a /v1 client may send that the server has not stored before (it is stored with the turn; 413 above it).' },
  { key: 'minFreeDiskBytes', commands: ['serve'], type: 'integer', defaultValue: '1073741824', min: 0, unit: 'bytes', env: ['WILDCHAT_MIN_FREE_DISK_BYTES'], help: 'New conversations and messages are refused (503) when the data folder\'s file system has less free space than this; 0 turns the check off.' },
  { key: 'allowedOrigins', commands: ['serve'], type: 'list', defaultValue: null, env: ['WILDCHAT_ALLOWED_ORIGINS'], help: 'Origins (https://chat.example.org) allowed to send writes from a browser besides the server\'s own; cross-site writes from any other origin are refused (403).' },
  { key: 'tokenTtlDays', commands: ['serve'], type: 'integer', defaultValue: '0', min: 0, unit: 'days', env: ['WILDCHAT_TOKEN_TTL_DAYS'], help: 'Consent tokens expire this many days after the consent (the user consents again; their data stays). 0: never.' },
  { key: 'headersTimeoutMs', commands: ['serve'], type: 'integer', defaultValue: '10000', min: 1000, unit: 'ms', env: ['WILDCHAT_HEADERS_TIMEOUT_MS'], help: 'A client must send its request headers within this time.' },
  { key: 'requestTimeoutMs', commands: ['serve'], type: 'integer', defaultValue: '30000', min: 1000, unit: 'ms', env: ['WILDCHAT_REQUEST_TIMEOUT_MS'], help: 'A client must send its whole request (headers and body) within this time; the reply may stream longer.' },
  { key: 'maxConnections', commands: ['serve'], type: 'integer', defaultValue: '2000', min: 1, unit: 'connections', env: ['WILDCHAT_MAX_CONNECTIONS'], help: 'Open TCP connections accepted at once; more are closed at once.' },
  { key: 'metricsToken', commands: ['serve'], type: 'string', defaultValue: null, env: ['WILDCHAT_METRICS_TOKEN'], help: 'Bearer token /metrics requires. Without it (and without --metrics-port) /metrics answers only when the server binds a loopback address.', secret: true },
  { key: 'metricsPort', commands: ['serve'], type: 'integer', defaultValue: null, min: 0, max: 65535, env: ['WILDCHAT_METRICS_PORT'], help: 'Serve /metrics on this port of 127.0.0.1 only, and not on the main port.' },
] as const satisfies readonly Setting[];

export type ProtectionConfig = ResolvedSettings<typeof protectionSettings, 'serve'>;

