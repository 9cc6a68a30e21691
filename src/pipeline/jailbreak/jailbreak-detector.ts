/**
 * Scores a user message against the signature library (and optional operator templates). Matched
 * signature weights combine as a noisy-or, per family and overall; the family is the one with the
 * highest score, or `template:<name>` when a template matches at least as strongly.
 */
import { JAILBREAK_SIGNATURES } from './jailbreak-signatures.ts';
import type { JailbreakSignature } from './jailbreak-families.ts';
import type { JailbreakTemplateMatcher } from './jailbreak-template-matcher.ts';

export interface JailbreakDetection {
  /** In [0, 1]. */
  score: number;
  /** Best family, 'template:<name>', or null when nothing matched. */
  family: string | null;
  /** Score per matched family. */
  families: Record<string, number>;
  /** Ids of the matched signatures. */
  signatures: string[];
  tagged: boolean;
}

export interface JailbreakDetectorOptions {
  /** Tag messages at or above this score. */
  threshold?: number;
  templates?: JailbreakTemplateMatcher | null;
  signatures?: readonly JailbreakSignature[];
  /** Only the first this many characters are scanned (jailbreak set-ups come first). */
  maxCharacters?: number;
}

export const DEFAULT_JAILBREAK_THRESHOLD = 0.5;

export class JailbreakDetector {
  readonly threshold: number;
  private readonly templates: JailbreakTemplateMatcher | null;
  private readonly signatures: readonly JailbreakSignature[];
  private readonly maxCharacters: number;

  constructor(options: JailbreakDetectorOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_JAILBREAK_THRESHOLD;
    this.templates = options.templates ?? null;
    this.signatures = options.signatures ?? JAILBREAK_SIGNATURES;
    this.maxCharacters = options.maxCharacters ?? 30_000;
  }

  get templateFingerprint(): string | null {
    return this.templates?.fingerprint ?? null;
  }

  detect(content: string): JailbreakDetection {
    const text = content.slice(0, this.maxCharacters).normalize('NFKC');
    const remainingByFamily = new Map<string, number>();
    const matched: string[] = [];
    let remaining = 1;
    for (const signature of this.signatures) {
      if (!signature.pattern.test(text)) continue;
      matched.push(signature.id);
      remaining *= 1 - signature.weight;
      remainingByFamily.set(signature.family, (remainingByFamily.get(signature.family) ?? 1) * (1 - signature.weight));
    }
    const families: Record<string, number> = {};
    let family: string | null = null;
    let familyScore = -1;
    for (const [name, familyRemaining] of remainingByFamily) {
      const score = round(1 - familyRemaining);
      families[name] = score;
      if (score > familyScore) {
        family = name;
        familyScore = score;
      }
    }
    let score = round(1 - remaining);
    const template = this.templates?.match(content) ?? null;
    if (template !== null) {
      const name = `template:${template.name}`;
      families[name] = round(template.similarity);
      if (template.similarity >= score) family = name;
      score = Math.max(score, round(template.similarity));
    }
    return { score, family, families, signatures: matched, tagged: score >= this.threshold };
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
