import { candidateKey, normalizeEntityText } from './candidate-key.ts';
import { PLACEHOLDER_LABELS, redactionString, type PiiEntityType, type PiiSpan } from './pii-entity.ts';

export type PiiPolicy = 'redact' | 'placeholder' | 'keep';
export type PiiPolicies = Readonly<Record<PiiEntityType, PiiPolicy>>;

/** Numbering of `placeholder` values, shared by all messages of one conversation. */
export class PlaceholderRegistry {
  private readonly numbers = new Map<string, number>();
  private readonly counters = new Map<string, number>();

  placeholderFor(entity: PiiEntityType, value: string): string {
    const label = PLACEHOLDER_LABELS[entity];
    const key = `${entity}\u0000${normalizeEntityText(value)}`;
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = (this.counters.get(label) ?? 0) + 1;
      this.counters.set(label, number);
      this.numbers.set(key, number);
    }
    return `${label}_${number}`;
  }
}

export interface RedactionGate {
  /** Conversations in which this candidate key occurs (0 when unknown). */
  frequency(key: string): number;
  personThreshold: number;
  threshold: number;
}

export interface RedactedText {
  content: string;
  redacted: boolean;
  entityCounts: Partial<Record<PiiEntityType, number>>;
  secretDetectors: Record<string, number>;
  /** Entities found but left in place because they are common across conversations. */
  skippedCommon: number;
}

/** Applies the per-entity policy to disjoint, sorted spans. Secrets are never frequency-gated. */
export function redactText(
  text: string,
  spans: readonly PiiSpan[],
  policies: PiiPolicies,
  placeholders: PlaceholderRegistry,
  gate: RedactionGate | null,
): RedactedText {
  const parts: string[] = [];
  const entityCounts: Partial<Record<PiiEntityType, number>> = {};
  const secretDetectors: Record<string, number> = {};
  let skippedCommon = 0;
  let cursor = 0;
  for (const span of spans) {
    const policy = policies[span.entity];
    if (policy === 'keep') continue;
    const value = text.slice(span.start, span.end);
    if (gate && span.entity !== 'SECRET') {
      const limit = span.entity === 'PERSON' ? gate.personThreshold : gate.threshold;
      if (gate.frequency(candidateKey(span.entity, value)) >= limit) {
        skippedCommon += 1;
        continue;
      }
    }
    parts.push(text.slice(cursor, span.start));
    parts.push(policy === 'placeholder' ? placeholders.placeholderFor(span.entity, value) : redactionString(span));
    cursor = span.end;
    entityCounts[span.entity] = (entityCounts[span.entity] ?? 0) + 1;
    if (span.entity === 'SECRET' && span.detector) secretDetectors[span.detector] = (secretDetectors[span.detector] ?? 0) + 1;
  }
  if (cursor === 0) return { content: text, redacted: false, entityCounts, secretDetectors, skippedCommon };
  parts.push(text.slice(cursor));
  return { content: parts.join(''), redacted: true, entityCounts, secretDetectors, skippedCommon };
}
