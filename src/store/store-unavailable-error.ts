/**
 * The database cannot be reached right now (restarting, network down, pool exhausted). Adapters
 * throw this instead of their driver's error so the server can answer 503 with Retry-After rather
 * than 500, without knowing which adapter it has. The message names no query and no value.
 */
export class StoreUnavailableError extends Error {
  /** A hint for clients: seconds to wait before retrying. */
  readonly retryAfterSeconds: number;
  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StoreUnavailableError';
    this.retryAfterSeconds = options.retryAfterSeconds ?? 2;
  }
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}
