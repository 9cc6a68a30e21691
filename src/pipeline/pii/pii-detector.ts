import type { PiiEntityType, PiiSpan, Recognizer } from './pii-entity.ts';
import { resolveOverlaps } from './resolve-overlaps.ts';
import { createCreditCardRecognizer } from './recognizers/credit-card-recognizer.ts';
import { createCryptoRecognizer } from './recognizers/crypto-recognizer.ts';
import { createEmailRecognizer } from './recognizers/email-recognizer.ts';
import { createIbanRecognizer } from './recognizers/iban-recognizer.ts';
import { createIdDocumentRecognizer } from './recognizers/id-document-recognizer.ts';
import { createIpAddressRecognizer, type IpAddressOptions } from './recognizers/ip-address-recognizer.ts';
import { createPersonRecognizer } from './recognizers/person-recognizer.ts';
import { createPhoneRecognizer } from './recognizers/phone-recognizer.ts';
import { createProfileUrlRecognizer } from './recognizers/profile-url-recognizer.ts';
import { createUsSsnRecognizer } from './recognizers/us-ssn-recognizer.ts';
import { createSecretRecognizer } from './secrets/secret-recognizer.ts';
import { createNameModelRecognizer } from './names/name-model-recognizer.ts';
import { createLocationRecognizer } from './places/location-recognizer.ts';
import { createStreetAddressRecognizer } from './places/street-address-recognizer.ts';

export interface PiiDetectorOptions {
  /** Entity types to look for; all by default. */
  entities?: readonly PiiEntityType[];
  ipAddress?: IpAddressOptions;
  /** Extra recognizers (e.g. an ONNX NER model wrapped as a Recognizer). */
  extraRecognizers?: readonly Recognizer[];
  /** Entity types a model finds instead (spans passed to `detect`): their built-in recognizers are left out. */
  modelEntities?: readonly PiiEntityType[];
}

export interface PiiDetector {
  readonly recognizers: readonly Recognizer[];
  /** Disjoint spans, sorted by start, ready for redaction; `modelSpans` (from an injected model) are merged in. */
  detect(text: string, modelSpans?: readonly PiiSpan[]): PiiSpan[];
}

export function createPiiDetector(options: PiiDetectorOptions = {}): PiiDetector {
  const all: Recognizer[] = [
    createSecretRecognizer(),
    createEmailRecognizer(),
    createProfileUrlRecognizer(),
    createCreditCardRecognizer(),
    createIbanRecognizer(),
    createCryptoRecognizer(),
    createUsSsnRecognizer(),
    createIpAddressRecognizer(options.ipAddress),
    createIdDocumentRecognizer('PASSPORT'),
    createIdDocumentRecognizer('DRIVER_LICENSE'),
    createPhoneRecognizer(),
    createPersonRecognizer(),
    createNameModelRecognizer(),
    createStreetAddressRecognizer(),
    createLocationRecognizer(),
    ...(options.extraRecognizers ?? []),
  ];
  const wanted = options.entities ? new Set(options.entities) : null;
  const fromModel = new Set(options.modelEntities ?? []);
  const recognizers = all.filter((recognizer) => (wanted === null || wanted.has(recognizer.entity)) && !fromModel.has(recognizer.entity));
  return {
    recognizers,
    detect(text, modelSpans = []) {
      if (text.trim().length < 5) return [];
      const spans: PiiSpan[] = wanted === null ? [...modelSpans] : modelSpans.filter((span) => wanted.has(span.entity));
      for (const recognizer of recognizers) {
        if (recognizer.mayMatch(text)) spans.push(...recognizer.find(text));
      }
      return spans.length === 0 ? spans : resolveOverlaps(text, spans);
    },
  };
}
