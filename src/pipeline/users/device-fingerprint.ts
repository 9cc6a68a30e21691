/**
 * A coarse device fingerprint for statistics only (never released, never used to link people):
 * SHA-256 hex of the user-agent and accept-language headers. Null when both are missing.
 */
import { createHash } from 'node:crypto';

export function deviceFingerprint(userAgent: string | null | undefined, acceptLanguage: string | null | undefined): string | null {
  if ((userAgent ?? '') === '' && (acceptLanguage ?? '') === '') return null;
  // A separator keeps ('ab', 'c') and ('a', 'bc') apart.
  return createHash('sha256')
    .update(userAgent ?? '', 'utf8')
    .update('\n', 'utf8')
    .update(acceptLanguage ?? '', 'utf8')
    .digest('hex');
}
