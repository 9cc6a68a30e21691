/**
 * Shared vocabulary of the PII stage: entity types, the span every recognizer returns and the
 * replacement strings. Replacement strings default to the ones WildChat published
 * (`<PRESIDIO_ANONYMIZED_…>` and `<TRUFFLEHOG_REDACTED_…>`) so redacted text stays comparable.
 */

export const PII_ENTITY_TYPES = [
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'CREDIT_CARD',
  'IBAN_CODE',
  'IP_ADDRESS',
  'US_SSN',
  'CRYPTO',
  'URL',
  'PERSON',
  'SECRET',
  'STREET_ADDRESS',
  'LOCATION',
  'PASSPORT',
  'DRIVER_LICENSE',
] as const;

export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

/** Metadata must never carry the matched text; only facts about it (kind, region, detector…). */
export type SpanMetadata = Readonly<Record<string, string | number | boolean>>;

export interface PiiSpan {
  /** UTF-16 offsets into the scanned text, end exclusive. */
  start: number;
  end: number;
  entity: PiiEntityType;
  /** 0..1; used to break ties between overlapping spans. */
  score: number;
  /** For SECRET spans: the detector name used in `<TRUFFLEHOG_REDACTED_{detector}>`. */
  detector?: string;
  metadata?: SpanMetadata;
}

export interface Recognizer {
  readonly name: string;
  readonly entity: PiiEntityType;
  /** Cheap test run first; when false the (more expensive) scan is skipped. */
  mayMatch(text: string): boolean;
  find(text: string): PiiSpan[];
}

/** Priority when spans overlap: secrets and checksummed numbers beat looser guesses. */
export const ENTITY_PRIORITY: Readonly<Record<PiiEntityType, number>> = {
  SECRET: 100,
  CREDIT_CARD: 90,
  IBAN_CODE: 85,
  CRYPTO: 80,
  EMAIL_ADDRESS: 75,
  URL: 70,
  US_SSN: 65,
  IP_ADDRESS: 60,
  PASSPORT: 56,
  DRIVER_LICENSE: 55,
  PHONE_NUMBER: 50,
  STREET_ADDRESS: 45,
  PERSON: 40,
  LOCATION: 30,
};

/** Short labels used by the `placeholder` policy (`NAME_1`, `EMAIL_2`, …). */
export const PLACEHOLDER_LABELS: Readonly<Record<PiiEntityType, string>> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CARD',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP',
  US_SSN: 'SSN',
  CRYPTO: 'CRYPTO',
  URL: 'URL',
  PERSON: 'NAME',
  SECRET: 'SECRET',
  STREET_ADDRESS: 'ADDRESS',
  LOCATION: 'LOCATION',
  PASSPORT: 'PASSPORT',
  DRIVER_LICENSE: 'LICENSE',
};

/** The WildChat-compatible replacement for a span under the `redact` policy. */
export function redactionString(span: Pick<PiiSpan, 'entity' | 'detector'>): string {
  if (span.entity === 'SECRET') return `<TRUFFLEHOG_REDACTED_${normalizeDetectorName(span.detector ?? 'SECRET')}>`;
  return `<PRESIDIO_ANONYMIZED_${span.entity}>`;
}

/** WildChat's rule for detector names: upper-case, non-alphanumerics → `_`, at most 64 chars. */
export function normalizeDetectorName(detector: string): string {
  return detector
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '_')
    .slice(0, 64);
}
