/**
 * Scores a user message against the signature library (and optional operator templates). Matched
 * signature weights combine as a noisy-or, per family and overall; the structural score (persona
 * set-up, policy talk, reply formats, see jailbreak-structure.ts) joins that noisy-or as the
 * family `persona-structure`. The family is the one with the highest score, or `template:<name>`
 * when a template matches at least as strongly. Short questions *about* jailbreaks (research,
 * detection, moderation) are damped, since they quote the very phrases the signatures look for.
 */
import { JAILBREAK_SIGNATURES } from './jailbreak-signatures.ts';
import { MULTILINGUAL_JAILBREAK_SIGNATURES } from './jailbreak-signatures-multilingual.ts';
import { SHORT_JAILBREAK_SIGNATURES } from './jailbreak-signatures-short.ts';
import { DEFAULT_STRUCTURE_TUNING, STRUCTURE_CUES, scoreStructure, type StructureTuning } from './jailbreak-structure.ts';
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
  /** Add the structural score (default true). */
  structure?: boolean;
  /** Logistic and gating constants of the structural score (default DEFAULT_STRUCTURE_TUNING). */
  structureTuning?: StructureTuning;
}

export const DEFAULT_JAILBREAK_THRESHOLD = 0.5;

export const STRUCTURE_FAMILY = 'persona-structure';
const NON_ASCII = /[^\u0000-\u007f]/u;
/** A signature family at or above this score names the detection even when structure is higher. */
const STRUCTURE_FAMILY_YIELD = 0.4;
/** Highest score that scaffolding-only signatures reach without any structural substance. */
const SCAFFOLDING_SIGNATURE_CAP = 0.45;
/** Signatures below this weight are topical hints, capped in prompts that keep the rules. */
const WEAK_SIGNATURE_WEIGHT = 0.5;

/** The default library: English signatures, the multilingual ones and the short and persona-reset ones. */
export const DEFAULT_JAILBREAK_SIGNATURES: readonly JailbreakSignature[] = [
  ...JAILBREAK_SIGNATURES,
  ...MULTILINGUAL_JAILBREAK_SIGNATURES,
  ...SHORT_JAILBREAK_SIGNATURES,
];

/** A signature ready to run: case-insensitive ones are rewritten to run on lower-cased text. */
interface CompiledSignature {
  signature: JailbreakSignature;
  pattern: RegExp;
  onLowerCase: boolean;
  requires: RegExp | null;
}

/** Talk about jailbreaks as a subject (not "you are jailbroken"). */
const DISCUSSION_TOPIC =
  /\bjailbreak(?:s|ing)?\s+(?:prompts?|attacks?|attempts?|techniques?|methods?|research|detect\w*|classif\w*|communit\w*)\b|\b(?:about|on|of|against|detect\w*|classif\w*)\s+(?:\w+\s+)?jailbreak(?:s|ing)?\b|\bprompt\s+injection\b|\bdan\s+prompts?\b|\bred[-\s]?team\w*|\bguardrail\w*/u;
const DISCUSSION_FRAME =
  /\b(?:paper|thesis|research\w*|blog\s+post|article|lecture|essay|detector|detect(?:ing|ion)?|classif\w*|flags?|moderat\w*|defend|mitigat\w*|history\s+of|what\s+is|what\s+are|why\s+(?:do|does|did)|explain|summari[sz]e)\b/u;
/** Questions about jailbreaks are short; set-ups are long. */
const DISCUSSION_MAX_CHARACTERS = 600;
const DISCUSSION_DAMPING = 0.5;

export class JailbreakDetector {
  readonly threshold: number;
  private readonly templates: JailbreakTemplateMatcher | null;
  private readonly signatures: readonly CompiledSignature[];
  private readonly maxCharacters: number;
  private readonly useStructure: boolean;
  private readonly structureTuning: StructureTuning;

  constructor(options: JailbreakDetectorOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_JAILBREAK_THRESHOLD;
    this.templates = options.templates ?? null;
    this.signatures = (options.signatures ?? DEFAULT_JAILBREAK_SIGNATURES).map(compileSignature);
    this.maxCharacters = options.maxCharacters ?? 30_000;
    this.useStructure = options.structure ?? true;
    this.structureTuning = options.structureTuning ?? DEFAULT_STRUCTURE_TUNING;
  }

  get templateFingerprint(): string | null {
    return this.templates?.fingerprint ?? null;
  }

  detect(content: string): JailbreakDetection {
    const head = content.slice(0, this.maxCharacters);
    // ASCII is already in NFKC; most messages skip the normalisation pass.
    const text = NON_ASCII.test(head) ? head.normalize('NFKC') : head;
    const lowerText = text.toLowerCase();
    const remainingByFamily = new Map<string, number>();
    const matched: string[] = [];
    let remaining = 1;
    let onlyScaffolding = true;
    let onlyWeak = true;
    // Several signatures share a precondition; test each one once per message.
    const preconditions = new Map<RegExp, boolean>();
    for (const { signature, pattern, onLowerCase, requires } of this.signatures) {
      if (requires !== null) {
        let satisfied = preconditions.get(requires);
        if (satisfied === undefined) {
          satisfied = requires.test(lowerText);
          preconditions.set(requires, satisfied);
        }
        if (!satisfied) continue;
      }
      if (!pattern.test(onLowerCase ? lowerText : text)) continue;
      matched.push(signature.id);
      if (signature.scaffolding !== true) onlyScaffolding = false;
      if (signature.scaffolding !== true && signature.weight >= WEAK_SIGNATURE_WEIGHT) onlyWeak = false;
      remaining *= 1 - signature.weight;
      remainingByFamily.set(signature.family, (remainingByFamily.get(signature.family) ?? 1) * (1 - signature.weight));
    }
    const structure = this.useStructure ? scoreStructure(lowerText, STRUCTURE_CUES, this.structureTuning) : null;
    if (onlyScaffolding && (structure === null || structure.score <= 0.01)) {
      // A tutor persona with "stay in character" and a reply prefix is built like a jailbreak but
      // says nothing about rules or harm: scaffolding alone never reaches the default threshold.
      remaining = capScore(remaining, remainingByFamily, matched);
    }
    if (structure !== null && structure.score > 0.01) {
      matched.push(...structure.cues.map((id) => `structure:${id}`));
      remaining *= 1 - structure.score;
      remainingByFamily.set(STRUCTURE_FAMILY, 1 - structure.score);
    }
    if (onlyWeak && structure !== null && structure.compliance > 0) {
      // A system prompt that keeps the rules mentions harm only to exclude it: weak topical
      // signatures and the discounted structure together stay below the default threshold.
      remaining = capScore(remaining, remainingByFamily, matched);
    }
    if (remaining < 1 && text.length <= DISCUSSION_MAX_CHARACTERS && DISCUSSION_TOPIC.test(lowerText) && DISCUSSION_FRAME.test(lowerText)) {
      // A question about jailbreaks quotes them; it is not one.
      remaining = 1 - (1 - remaining) * DISCUSSION_DAMPING;
      for (const [name, familyRemaining] of remainingByFamily) remainingByFamily.set(name, 1 - (1 - familyRemaining) * DISCUSSION_DAMPING);
      matched.push('discussion-damping');
    }
    const families: Record<string, number> = {};
    let family: string | null = null;
    let familyScore = -1;
    for (const [name, familyRemaining] of remainingByFamily) {
      const score = round(1 - familyRemaining);
      families[name] = score;
      if (name !== STRUCTURE_FAMILY && score > familyScore) {
        family = name;
        familyScore = score;
      }
    }
    // A named family says more than "built like a jailbreak", so structure names the family only
    // when no signature family is at least moderately sure.
    const structureScore = families[STRUCTURE_FAMILY] ?? 0;
    if (structureScore > 0 && structureScore > familyScore && familyScore < STRUCTURE_FAMILY_YIELD) family = STRUCTURE_FAMILY;
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

/** Scales every family so the overall score is at most SCAFFOLDING_SIGNATURE_CAP; returns the new remainder. */
function capScore(remaining: number, remainingByFamily: Map<string, number>, matched: string[]): number {
  if (1 - remaining <= SCAFFOLDING_SIGNATURE_CAP || remaining <= 0) return remaining;
  const scale = Math.log(1 - SCAFFOLDING_SIGNATURE_CAP) / Math.log(remaining);
  for (const [name, familyRemaining] of remainingByFamily) remainingByFamily.set(name, familyRemaining ** scale);
  matched.push('weak-evidence-cap');
  return 1 - SCAFFOLDING_SIGNATURE_CAP;
}

/** Letters outside escapes are lower-cased so the pattern matches lower-cased text without `i`. */
export function lowerCasePatternSource(source: string): string {
  return source.replace(/\\(?:[pPu]\{[^}]*\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|k<[^>]*>|.)|[A-Z]/gu, (token) =>
    token.startsWith('\\') ? token : token.toLowerCase(),
  );
}

function compileSignature(signature: JailbreakSignature): CompiledSignature {
  const flags = signature.pattern.flags.replace('g', '');
  const requires = signature.requires ?? null;
  if (!flags.includes('i')) return { signature, pattern: new RegExp(signature.pattern.source, flags), onLowerCase: false, requires };
  // V8 runs case-insensitive Unicode patterns several times slower than the same pattern on
  // lower-cased text.
  return { signature, pattern: new RegExp(lowerCasePatternSource(signature.pattern.source), flags.replace('i', '')), onLowerCase: true, requires };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
