/**
 * Release filters: which conversations may enter a public release. Pure functions over facts the
 * caller gathered, so the manifest can count exactly what each filter dropped.
 *
 * Order matters only for the counts in the manifest: a conversation is attributed to the first
 * filter that drops it.
 */

export const RELEASE_FILTER_NAMES = ['consent', 'withdrawn', 'review_window', 'date_range', 'turn_status', 'sexual_minors'] as const;
export type ReleaseFilterName = (typeof RELEASE_FILTER_NAMES)[number];

export const VARIANT_NAMES = ['full', 'non-toxic'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

export interface ReleaseFilterOptions {
  /** Terms versions whose consents are accepted; null accepts every recorded version. */
  acceptedTermsVersions: ReadonlySet<string> | null;
  /** Conversations whose last activity is newer than this (epoch ms) are still in review. */
  reviewCutoff: number | null;
  since: number | null;
  until: number | null;
}

export interface ConversationFacts {
  /** Null for imported datasets, which carry no consent of ours. */
  consent: { termsVersion: string; withdrawnAt: number | null } | null;
  tombstoned: boolean;
  createdAt: number;
  lastActivityAt: number;
  sexualMinors: boolean;
  toxic: boolean;
  /** The turn status policy dropped every turn (collected only). */
  noTurnsLeft?: boolean;
}

/** Returns the name of the first filter that drops the conversation, or null when it passes. */
export function firstFailingFilter(facts: ConversationFacts, options: ReleaseFilterOptions, source: 'collected' | 'imported'): ReleaseFilterName | null {
  if (source === 'collected') {
    if (!facts.consent) return 'consent';
    if (options.acceptedTermsVersions && !options.acceptedTermsVersions.has(facts.consent.termsVersion)) return 'consent';
    if (facts.consent.withdrawnAt !== null || facts.tombstoned) return 'withdrawn';
    if (options.reviewCutoff !== null && facts.lastActivityAt > options.reviewCutoff) return 'review_window';
  }
  if (options.since !== null && facts.createdAt < options.since) return 'date_range';
  if (options.until !== null && facts.createdAt >= options.until) return 'date_range';
  if (source === 'collected' && facts.noTurnsLeft === true) return 'turn_status';
  if (facts.sexualMinors) return 'sexual_minors';
  return null;
}

/** Filters that do not apply to imported datasets (the manifest says so). */
export const COLLECTED_ONLY_FILTERS: readonly ReleaseFilterName[] = ['consent', 'withdrawn', 'review_window', 'turn_status'];

export function variantAccepts(variant: VariantName, facts: Pick<ConversationFacts, 'toxic'>): boolean {
  return variant === 'full' ? true : !facts.toxic;
}
