import { createHash } from 'node:crypto';
import type { MessageInput, Stage } from '../stage.ts';
import { candidateKey } from './candidate-key.ts';
import { PII_ENTITY_TYPES, type PiiEntityType } from './pii-entity.ts';
import { createPiiDetector, type PiiDetectorOptions } from './pii-detector.ts';
import { PlaceholderRegistry, redactText, type PiiPolicies, type PiiPolicy, type RedactedText } from './redact-text.ts';

/**
 * The PII + secrets stage over conversations (placeholders must be numbered consistently
 * across a conversation's messages, so a conversation is the unit).
 *
 * WildChat's document-frequency gate needs the whole corpus, so it is a two-pass API:
 *   1. `collectCandidates(batch)` → per conversation, the distinct hashed candidate keys;
 *      the caller counts in how many conversations each key occurs.
 *   2. `redact(batch, frequency)` → redacts, skipping names seen in ≥ personThreshold
 *      conversations and other entities in ≥ threshold (secrets are always redacted).
 * A conversation whose key list is empty has nothing to redact, so pass 2 may skip it.
 * `run(batch)` is pass 2 with the frequency lookup given at creation (none: no gate).
 */
export type PiiMessageResult = RedactedText;
export type ConversationInput = readonly MessageInput[];
export type FrequencyLookup = (key: string) => number;

export interface PiiThresholds {
  /** Names occurring in at least this many conversations are kept (WildChat: 50). */
  personThreshold?: number;
  /** Other entities occurring in at least this many conversations are kept (WildChat: 10). */
  threshold?: number;
}

export interface PiiStageOptions extends PiiDetectorOptions, PiiThresholds {
  policies?: Partial<Record<PiiEntityType, PiiPolicy>>;
  /** Frequency lookup used by `run`; without it `run` redacts without the gate. */
  frequency?: FrequencyLookup;
}

export interface PiiStage extends Stage<ConversationInput, PiiMessageResult[]> {
  collectCandidates(batch: readonly ConversationInput[]): Promise<string[][]>;
  redact(batch: readonly ConversationInput[], frequency: FrequencyLookup | null, thresholds?: PiiThresholds): Promise<PiiMessageResult[][]>;
}

export const PII_STAGE_VERSION = '1.0.0';
export const DEFAULT_PERSON_THRESHOLD = 50;
export const DEFAULT_THRESHOLD = 10;

export function createPiiStage(options: PiiStageOptions = {}): PiiStage {
  const detector = createPiiDetector(options);
  const policies = Object.fromEntries(PII_ENTITY_TYPES.map((entity) => [entity, options.policies?.[entity] ?? 'redact'])) as PiiPolicies;
  const defaults = {
    personThreshold: options.personThreshold ?? DEFAULT_PERSON_THRESHOLD,
    threshold: options.threshold ?? DEFAULT_THRESHOLD,
  };
  // Output depends on the configuration, so it is part of the version (cache key).
  const configuration = JSON.stringify({
    policies,
    defaults,
    entities: options.entities ?? null,
    ip: options.ipAddress ?? null,
    extra: options.extraRecognizers?.map((recognizer) => recognizer.name) ?? [],
  });
  const version = `${PII_STAGE_VERSION}+${createHash('sha256').update(configuration).digest('hex').slice(0, 8)}`;

  async function redact(batch: readonly ConversationInput[], frequency: FrequencyLookup | null, thresholds: PiiThresholds = {}): Promise<PiiMessageResult[][]> {
    const gate = frequency
      ? { frequency, personThreshold: thresholds.personThreshold ?? defaults.personThreshold, threshold: thresholds.threshold ?? defaults.threshold }
      : null;
    return batch.map((conversation) => {
      const placeholders = new PlaceholderRegistry();
      return conversation.map((message) => redactText(message.content, detector.detect(message.content), policies, placeholders, gate));
    });
  }

  return {
    name: 'pii',
    version,
    run: (batch) => redact(batch, options.frequency ?? null),
    redact,
    async collectCandidates(batch) {
      return batch.map((conversation) => {
        const keys = new Set<string>();
        for (const message of conversation) {
          for (const span of detector.detect(message.content)) {
            if (policies[span.entity] === 'keep') continue;
            keys.add(candidateKey(span.entity, message.content.slice(span.start, span.end)));
          }
        }
        return [...keys];
      });
    },
  };
}
