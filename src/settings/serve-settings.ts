import type { ProtectionConfig } from './protection-settings.ts';
import type { Setting } from './setting.ts';

export const serveSettings = [
  {
    key: 'port',
    commands: ['serve', 'explore'],
    type: 'integer',
    defaultValue: '3000',
    min: 0,
    max: 65535,
    env: ['WILDCHAT_PORT', 'PORT'],
    help: 'TCP port to listen on (0 picks a free port).',
  },
  {
    key: 'host',
    commands: ['serve', 'explore'],
    type: 'string',
    defaultValue: '127.0.0.1',
    env: ['WILDCHAT_HOST'],
    help: 'Interface to bind. Use 0.0.0.0 to accept connections from other machines.',
  },
  {
    key: 'dataDir',
    commands: ['serve', 'export', 'import', 'release', 'datasets', 'migrate', 'keys', 'stats', 'report', 'index', 'explore', 'takedown', 'embed', 'map'],
    type: 'path',
    defaultValue: './wildchat-data',
    env: ['WILDCHAT_DATA_DIR'],
    help: 'Folder holding the SQLite database and the secret IP-hashing keys (created on first run, mode 0700).',
  },
  {
    key: 'databaseUrl',
    commands: ['serve', 'export', 'import', 'release', 'migrate', 'keys', 'worker', 'datasets', 'stats', 'report', 'index', 'explore', 'takedown'],
    type: 'string',
    defaultValue: null,
    env: ['DATABASE_URL', 'WILDCHAT_DATABASE_URL'],
    help: 'PostgreSQL connection URL (postgres://user:password@host:5432/db). When set, the raw log, datasets and annotation cache live there instead of the SQLite file in the data folder, and several `wildchat serve` instances can share it. With `index`/`explore` the search index lives there too (full text + pg_trgm).',
    secret: true,
  },
  {
    key: 'upstreamUrl',
    commands: ['serve', 'embed', 'map'],
    type: 'string',
    defaultValue: 'https://api.openai.com/v1',
    env: ['WILDCHAT_UPSTREAM_URL', 'OPENAI_BASE_URL'],
    help: 'Base URL of the OpenAI-compatible API that answers the chats (OpenAI, vLLM, Ollama, llama.cpp, ...).',
  },
  {
    key: 'upstreamKey',
    commands: ['serve', 'embed', 'map'],
    type: 'string',
    defaultValue: null,
    env: ['WILDCHAT_UPSTREAM_KEY', 'OPENAI_API_KEY'],
    help: 'API key sent to the upstream as a Bearer token.',
    secret: true,
  },
  {
    key: 'models',
    commands: ['serve'],
    type: 'list',
    defaultValue: null,
    env: ['WILDCHAT_MODELS'],
    help: 'Comma-separated models offered to users. Default: every model the upstream lists at /models.',
  },
  {
    key: 'trustProxy',
    commands: ['serve'],
    type: 'boolean',
    defaultValue: 'false',
    env: ['WILDCHAT_TRUST_PROXY'],
    help: 'Take the client IP from the client IP header (set by your reverse proxy). Leave off when clients connect directly, or anyone can forge their IP.',
  },
  {
    key: 'clientIpHeader',
    commands: ['serve'],
    type: 'string',
    defaultValue: 'x-forwarded-for',
    env: ['WILDCHAT_CLIENT_IP_HEADER'],
    help: 'Header that carries the client IP when --trust-proxy is on (X-Forwarded-For style comma list, or forwarded for RFC 7239).',
  },
  {
    key: 'proxyHops',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '1',
    min: 1,
    max: 10,
    unit: 'proxies',
    env: ['WILDCHAT_PROXY_HOPS'],
    help: 'Trusted proxies in front of the server that append to the client IP header. The client IP is taken this many places from the right, so addresses a client forges on the left are ignored.',
  },
  {
    key: 'disabledMessage',
    commands: ['serve'],
    type: 'string',
    defaultValue: null,
    env: ['WILDCHAT_DISABLED_MESSAGE'],
    help: 'Kill switch: when set, this banner is shown and new messages are refused with 503.',
  },
  {
    key: 'adminToken',
    commands: ['serve'],
    type: 'string',
    defaultValue: null,
    env: ['WILDCHAT_ADMIN_TOKEN'],
    help: 'Operator token for the admin endpoints (PUT /admin/kill-switch with Authorization: Bearer TOKEN). Unset: no admin endpoints. With PostgreSQL the switch reaches every instance within a second.',
    secret: true,
  },
  {
    key: 'termsFile',
    commands: ['serve'],
    type: 'path',
    defaultValue: null,
    env: ['WILDCHAT_TERMS_FILE'],
    help: 'Markdown file with your own consent terms. Its content hash becomes the terms version, so editing it asks every user to consent again.',
  },
  {
    key: 'geoDb',
    commands: ['serve'],
    type: 'path',
    defaultValue: null,
    env: ['WILDCHAT_GEO_DB'],
    help: 'MaxMind-format city database (e.g. GeoLite2-City.mmdb). Default: the bundled DB-IP Lite city database.',
  },
  {
    key: 'rateLimitPerMinute',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '20',
    unit: 'messages per minute',
    min: 1,
    env: ['WILDCHAT_RATE_LIMIT_PER_MINUTE'],
    help: 'Messages one hashed IP may send per minute.',
  },
  {
    key: 'maxConcurrentStreams',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '3',
    unit: 'streams',
    min: 1,
    env: ['WILDCHAT_MAX_CONCURRENT_STREAMS'],
    help: 'Replies one hashed IP may stream at the same time.',
  },
  {
    key: 'maxMessageChars',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '32000',
    unit: 'characters',
    min: 1,
    env: ['WILDCHAT_MAX_MESSAGE_CHARS'],
    help: 'Longest user message accepted.',
  },
  {
    key: 'maxTurns',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '100',
    unit: 'turns',
    min: 1,
    env: ['WILDCHAT_MAX_TURNS'],
    help: 'Longest conversation (user/assistant exchanges on one path) accepted.',
  },
  {
    key: 'maxBodyBytes',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '1048576',
    unit: 'bytes',
    min: 1024,
    env: ['WILDCHAT_MAX_BODY_BYTES'],
    help: 'Largest request body accepted (413 above it).',
  },
  {
    key: 'firstTokenTimeoutMs',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '60000',
    unit: 'ms',
    min: 1,
    env: ['WILDCHAT_FIRST_TOKEN_TIMEOUT_MS'],
    help: 'Give up when the upstream sends no reply token for this long after the request.',
  },
  {
    key: 'stallTimeoutMs',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '30000',
    unit: 'ms',
    min: 1,
    env: ['WILDCHAT_STALL_TIMEOUT_MS'],
    help: 'Give up when a started reply stalls for this long.',
  },
  {
    key: 'upstreamRetries',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '2',
    unit: 'retries',
    min: 0,
    max: 10,
    env: ['WILDCHAT_UPSTREAM_RETRIES'],
    help: 'Retries for upstream faults before the first byte of the reply (never after).',
  },
  {
    key: 'flushIntervalMs',
    commands: ['serve'],
    type: 'integer',
    defaultValue: '250',
    unit: 'ms',
    min: 10,
    env: ['WILDCHAT_FLUSH_INTERVAL_MS'],
    help: 'How often a streaming reply is written to the store; a crash loses at most this much.',
  },
  {
    key: 'logLevel',
    commands: ['serve', 'export', 'import', 'release'],
    type: 'string',
    defaultValue: 'info',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    env: ['WILDCHAT_LOG_LEVEL'],
    help: 'Log level. Logs never contain IPs or message text.',
  },
] as const satisfies readonly Setting[];

/**
 * Parsed serve configuration (the server and CLI share this shape). The protection settings are
 * optional here: a caller that leaves one out gets its table default (see resolveProtection).
 */
export interface ServeConfig extends Partial<ProtectionConfig> {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  upstreamUrl: string;
  upstreamKey: string | null;
  models: string[] | null;
  trustProxy: boolean;
  clientIpHeader: string;
  proxyHops: number;
  disabledMessage: string | null;
  adminToken: string | null;
  termsFile: string | null;
  geoDb: string | null;
  rateLimitPerMinute: number;
  maxConcurrentStreams: number;
  maxMessageChars: number;
  maxTurns: number;
  maxBodyBytes: number;
  firstTokenTimeoutMs: number;
  stallTimeoutMs: number;
  upstreamRetries: number;
  flushIntervalMs: number;
  logLevel: string;
}
