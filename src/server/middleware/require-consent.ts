/**
 * Bearer-token authentication: the token's SHA-256 must name a consent that was not withdrawn.
 * Runs before any body is read, so an unconsented request stores and forwards nothing.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../responses/api-error.ts';
import { bearerToken, hashConsentToken } from '../requests/consent-token.ts';
import type { AppDeps } from '../app/app-deps.ts';
import type { AppEnv, ServerServices } from '../app/server-services.ts';

export interface RequireConsentOptions {
  /**
   * Refuse consents given to older terms (401 terms_outdated), so the user is asked again. Off for
   * reading, exporting and deleting one's own data, which must keep working after the terms change.
   */
  currentTermsOnly: boolean;
}

export type ConsentCheckServices = Pick<ServerServices, 'protection' | 'clock'> & { deps: Pick<AppDeps, 'store' | 'terms'> };

export function requireConsent(services: ConsentCheckServices, options: RequireConsentOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token === null) throw new ApiError(401, 'unauthorized', 'Missing or malformed bearer token; consent first (POST /api/consent).');
    const consent = await services.deps.store.findConsentByTokenHash(hashConsentToken(token));
    if (consent === null || consent.withdrawnAt !== null)
      throw new ApiError(401, 'unauthorized', 'Unknown or withdrawn token; consent first (POST /api/consent).');
    const ttlDays = services.protection().tokenTtlDays;
    if (ttlDays > 0 && services.clock() - consent.consentedAt >= ttlDays * 86_400_000) {
      throw new ApiError(401, 'token_expired', "This browser's consent has expired; please read and accept the terms again.");
    }
    if (options.currentTermsOnly && consent.termsVersion !== services.deps.terms.version) {
      throw new ApiError(401, 'terms_outdated', 'The terms have changed; please read and accept them again.');
    }
    c.set('consent', consent);
    await next();
  };
}
