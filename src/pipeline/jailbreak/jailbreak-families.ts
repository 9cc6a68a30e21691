/** The jailbreak families the signature library recognises. */
export const JAILBREAK_FAMILIES = [
  'dan',
  'developer-mode',
  'aim-machiavelli',
  'unrestricted-persona',
  'erotic-roleplay',
  'instruction-override',
  'obfuscation',
  'refusal-suppression',
  'dual-response',
  'hypothetical-framing',
  'token-coercion',
] as const;
export type JailbreakFamily = (typeof JAILBREAK_FAMILIES)[number];

/** One weighted feature of a family; weights combine as a noisy-or. */
export interface JailbreakSignature {
  id: string;
  family: JailbreakFamily;
  weight: number;
  pattern: RegExp;
  /**
   * Describes only the role-play scaffolding (a persona, "stay in character", a reply prefix),
   * which legitimate system prompts share; see SCAFFOLDING_SIGNATURE_CAP in the detector.
   */
  scaffolding?: boolean;
  /** Cheap precondition on the lower-cased text (e.g. a script), tested before the pattern. */
  requires?: RegExp;
}
