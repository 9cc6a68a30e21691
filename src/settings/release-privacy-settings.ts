import type { Setting } from './setting.ts';

/** Settings of the release's privacy profile (src/release/anonymise, docs/privacy.md). */
export const releasePrivacySettings = [
  {
    key: 'profile',
    commands: ['release'],
    type: 'string',
    defaultValue: 'anonymised',
    choices: ['anonymised', 'wildchat-compatible'],
    env: ['WILDCHAT_RELEASE_PROFILE'],
    help: "anonymised: re-keyed hashed_ip, release-own conversation ids, turn ordinals, coarse timestamps, reduced headers, k-anonymous location, no upstream or branch ids. wildchat-compatible: WildChat's fields as stored (the card states the re-identification risk).",
  },
  {
    key: 'timestampPrecision',
    commands: ['release'],
    type: 'string',
    defaultValue: 'hour',
    choices: ['second', 'minute', 'hour', 'day'],
    env: ['WILDCHAT_RELEASE_TIMESTAMP_PRECISION'],
    help: 'Anonymised profile: timestamps are cut to this unit (UTC).',
  },
  {
    key: 'kAnonymity',
    commands: ['release'],
    type: 'integer',
    defaultValue: '10',
    min: 1,
    unit: 'users',
    env: ['WILDCHAT_RELEASE_K_ANONYMITY'],
    help: 'Anonymised profile: state, then country, is withheld where fewer than this many distinct users share (country, state, browser family).',
  },
  {
    key: 'releaseSecretFile',
    commands: ['release'],
    type: 'path',
    defaultValue: null,
    env: ['WILDCHAT_RELEASE_SECRET_FILE'],
    help: 'Anonymised profile: keep the per-release secret in this file (created 0600 when missing) to make a re-run byte-identical or to link releases. Default: a fresh secret per run, discarded, so no two releases can be linked.',
  },
] as const satisfies readonly Setting[];
