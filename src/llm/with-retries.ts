/**
 * The one retry loop every upstream call shares: an attempt that fails with a retryable
 * UpstreamError is tried again after the policy's delay; anything else ends the call.
 */
import { UpstreamError } from './llm-client.ts';
import type { RetryPolicy } from './retry-policy.ts';

export async function withRetries<T>(policy: RetryPolicy, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
  for (let failedAttempts = 0; ; failedAttempts++) {
    try {
      return await attempt();
    } catch (error) {
      await waitBeforeRetry(policy, signal, error, failedAttempts);
    }
  }
}

/**
 * Streams one attempt after another until one ends cleanly. The policy only retries faults from
 * before the first byte of the reply, so a retried attempt has yielded nothing yet.
 */
export async function* streamWithRetries<T>(policy: RetryPolicy, signal: AbortSignal | undefined, attempt: () => AsyncIterable<T>): AsyncGenerator<T> {
  for (let failedAttempts = 0; ; failedAttempts++) {
    try {
      yield* attempt();
      return;
    } catch (error) {
      await waitBeforeRetry(policy, signal, error, failedAttempts);
    }
  }
}

/** Returns after the wait when another attempt should follow; rethrows `error` otherwise. */
async function waitBeforeRetry(policy: RetryPolicy, signal: AbortSignal | undefined, error: unknown, failedAttempts: number): Promise<void> {
  if (!(error instanceof UpstreamError)) throw error;
  const delay = policy.delayBeforeRetry(error, failedAttempts);
  if (delay === null) throw error;
  await policy.sleep(delay, signal);
}
