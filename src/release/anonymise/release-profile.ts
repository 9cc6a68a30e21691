/**
 * Release profiles. `anonymised` (the default) publishes nothing a user's own URL, export or API
 * view can be matched against, and nothing that links two releases; `wildchat-compatible`
 * reproduces the fields WildChat published, for operators who need them and accept the risk the
 * card states. See docs/privacy.md for the field-by-field comparison.
 */
export const RELEASE_PROFILES = ['anonymised', 'wildchat-compatible'] as const;
export type ReleaseProfile = (typeof RELEASE_PROFILES)[number];

export const TIMESTAMP_PRECISIONS = ['second', 'minute', 'hour', 'day'] as const;
export type TimestampPrecision = (typeof TIMESTAMP_PRECISIONS)[number];

export interface AnonymisationConfig {
  profile: ReleaseProfile;
  timestampPrecision: TimestampPrecision;
  /** Location is generalised until at least this many distinct users share it (with the user-agent family). */
  kAnonymity: number;
  /** True when the operator keeps the release secret (releases can then be linked to each other). */
  linkable: boolean;
}

/** What the card says about the profile, including the risk of the compatible one. */
export function profileCardSection(config: AnonymisationConfig): string {
  if (config.profile === 'wildchat-compatible') {
    return [
      '## Privacy profile: wildchat-compatible',
      '',
      "**Risk.** This release keeps the fields as WildChat published them: `hashed_ip` is the collection server's keyed hash, the same in every",
      'release until the key is rotated (a later leak of the key de-anonymises every release made with it); `conversation_id` is the id in the',
      "chat page's URL, the user's own export and the API, so anyone who saw a user's URL or screenshot finds their row and, through `hashed_ip`,",
      'all their other conversations; timestamps keep their full precision; the full user-agent and accept-language strings and `state` are',
      "published without k-anonymity; turn identifiers are the server's global counter; upstream response ids and branch leaf ids are published.",
      '',
    ].join('\n');
  }
  return [
    '## Privacy profile: anonymised',
    '',
    `\`hashed_ip\` is re-keyed for this release (HMAC-SHA-256 with a per-release secret, ${config.linkable ? 'kept by the operator, so releases made with it can be linked' : 'discarded after the run, so no two releases can be linked'});`,
    '`conversation_id` is derived from the same secret (it matches no URL, export or API id) and turn identifiers are per-conversation',
    `ordinals; timestamps are cut to the ${config.timestampPrecision}; the user-agent is reduced to browser family, major version and operating system and`,
    `accept-language to its primary language tags; \`state\`, then \`country\`, is withheld where fewer than ${config.kAnonymity} distinct users share`,
    '(country, state, browser family); upstream response ids, upstream creation times and branch leaf ids are left out.',
    '',
  ].join('\n');
}
