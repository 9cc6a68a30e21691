/**
 * Everything that decides a release's content, in one plain object. Its canonical JSON hash is
 * the manifest's `config_sha256`: the same input and the same config give the same release.
 */
import { createHash } from 'node:crypto';
import type { AnonymisationConfig } from './anonymise/release-profile.ts';
import type { VariantName } from './release-filters.ts';
import type { TurnStatusPolicy } from './turn-status-policy.ts';

export interface ReleaseConfig {
  /** 'collected', or 'dataset:<name>' for an imported dataset. */
  source: string;
  variants: VariantName[];
  format: 'parquet' | 'jsonl';
  schema: 'extended' | 'wildchat-1m';
  /** 'kept': one row per conversation (the last-continued branch); 'all': every branch. */
  branches: 'kept' | 'all';
  moderation: string;
  detoxify: string | null;
  /** 'ner:<model>' with --pii-backend ner; absent for the offline default (so older manifests hash the same). */
  piiBackend?: string;
  detoxifyThreshold: number;
  reviewWindowDays: number;
  /** ISO 8601 or null. */
  since: string | null;
  until: string | null;
  acceptedTermsVersions: string[] | null;
  dedupPolicy: string;
  dedupLevel: 'exact' | 'near';
  dedupText: 'conversation' | 'first-user-turn';
  piiThreshold: number;
  piiPersonThreshold: number;
  jailbreakThreshold: number;
  /** 'combined' with --language-detector combined; absent for the stage (so older manifests hash the same). */
  languageDetector?: 'combined';
  /** SHA-256 of the jailbreak templates file's content, or null. */
  jailbreakTemplates: string | null;
  tokenEncoding: string;
  llama2Tokens: boolean;
  /** The clock given with --now (ISO), or null when the run used the current time. */
  now: string | null;
  /** What happens to turns by how their reply ended (src/release/turn-status-policy.ts); collected data only. */
  turnStatus?: TurnStatusPolicy;
  /** The privacy profile (docs/privacy.md); absent means no rewriting (wildchat-compatible fields). */
  privacy?: AnonymisationConfig;
}

/** JSON with object keys sorted at every level, so equal configs hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function configHash(config: ReleaseConfig): string {
  return createHash('sha256').update(canonicalJson(config), 'utf8').digest('hex');
}
