/**
 * One error type for every refusal the server makes. Routes throw it; app.onError renders it in the
 * native shape on /api/* and in OpenAI's shape on /v1/*. Messages are ours and never echo user text.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryAfterSeconds: number | null;
  /** OpenAI's `param`, when one field is at fault. */
  readonly param: string | null;
  constructor(status: number, code: string, message: string, options: { retryAfterSeconds?: number | null; param?: string | null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.param = options.param ?? null;
  }
}

export function nativeErrorBody(error: ApiError): { error: { code: string; message: string; retryAfterSeconds?: number } } {
  const body: { code: string; message: string; retryAfterSeconds?: number } = { code: error.code, message: error.message };
  if (error.retryAfterSeconds !== null) body.retryAfterSeconds = error.retryAfterSeconds;
  return { error: body };
}

/** OpenAI's `type` for an HTTP status, as its API reports them. */
function openAiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export function openAiErrorBody(error: ApiError): { error: { message: string; type: string; param: string | null; code: string } } {
  return { error: { message: error.message, type: openAiErrorType(error.status), param: error.param, code: error.code } };
}

export function errorHeaders(error: ApiError): Record<string, string> {
  return error.retryAfterSeconds === null ? {} : { 'retry-after': String(error.retryAfterSeconds) };
}
