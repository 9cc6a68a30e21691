import { getHeaderValue, type HeaderSource } from './header-source.ts';

/** The only request headers ever recorded (as WildChat released: browser string and languages). */
export interface AllowedHeaders {
  userAgent: string | null;
  acceptLanguage: string | null;
}

/** Longer values are cut: real browsers send far less, and we do not want to store padding or payloads. */
export const MAXIMUM_HEADER_VALUE_LENGTH = 512;

export function pickAllowedHeaders(headers: HeaderSource): AllowedHeaders {
  return {
    userAgent: boundedHeader(headers, 'user-agent'),
    acceptLanguage: boundedHeader(headers, 'accept-language'),
  };
}

function boundedHeader(headers: HeaderSource, name: string): string | null {
  // Control characters have no place in these headers and would only make the stored value unsafe to print.
  const cleaned = getHeaderValue(headers, name)
    ?.slice(0, MAXIMUM_HEADER_VALUE_LENGTH * 2)
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  if (cleaned === undefined || cleaned.length === 0) return null;
  // Cut by code points so an emoji or CJK character is never split in half.
  return Array.from(cleaned).slice(0, MAXIMUM_HEADER_VALUE_LENGTH).join('');
}
