/**
 * Consent tokens: 32 random bytes (base64url) handed to the client once. Only their SHA-256 is
 * stored, so a copy of the database cannot be used to act as a user.
 */
import { createHash, randomBytes } from 'node:crypto';

export function createConsentToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashConsentToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token from `Authorization: Bearer <token>`, or null. */
export function bearerToken(header: string | undefined | null): string | null {
  if (header === undefined || header === null) return null;
  const match = /^Bearer[ \t]+([A-Za-z0-9_\-.~+/=]{16,200})[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}
