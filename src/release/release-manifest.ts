/**
 * The release manifest (`manifest.json` at the top of the output folder) and its summary for each
 * variant's dataset card. It holds the input snapshot, the config and its hash, stage versions,
 * and for every variant the rows entering and leaving each filter in order. No wall-clock time
 * appears unless the run was given one (--now), so equal input and config give equal manifests.
 */
import type { PipelineReport } from './release-passes.ts';
import type { FilterStep } from './variant-report.ts';
import { configHash, type ReleaseConfig } from './release-config.ts';
import { COLLECTED_ONLY_FILTERS, type VariantName } from './release-filters.ts';
import { turnStatusSummary, type TurnStatusCounts } from './turn-status-policy.ts';

export const MANIFEST_VERSION = 1;

export interface InputSnapshot {
  /** Conversations read (collected) or records read (imported). */
  conversations: number;
  rows: number;
  rowKeysSha256: string;
  /** Largest turn identifier seen (collected), for telling snapshots apart at a glance. */
  maxTurnIdentifier: number | null;
  /** Latest activity in the input (ISO), or null. */
  lastActivity: string | null;
  /** Conversations deleted by their users before this run (tombstones); never in a release. */
  deletedConversations: number | null;
}

export interface ManifestVariant {
  path: string;
  dedup_policy: string;
  filters: { name: string; applies: boolean; entering: number; leaving: number; dropped: number }[];
  rows: number;
  toxic_rows: number;
  redacted_rows: number;
  jailbreak_tagged_rows: number;
  jailbreak_succeeded_rows: number;
  users: number;
  vanished_rows?: number;
  data_files?: { file: string; rows: number; bytes: number }[];
}

export interface ReleaseManifest {
  manifest_version: number;
  tool: string;
  input: {
    source: string;
    kind: 'collected' | 'imported';
    conversations: number;
    rows: number;
    row_keys_sha256: string;
    max_turn_identifier: number | null;
    last_activity: string | null;
    deleted_conversations: number | null;
  };
  now: string | null;
  config: ReleaseConfig;
  config_sha256: string;
  stages: Record<string, string>;
  filters: { name: string; description: string; applies: boolean }[];
  variants: Partial<Record<VariantName, ManifestVariant>>;
  /** Collected turns by how their reply ended, and what the policy (config.turnStatus) did with them. */
  turn_status?: TurnStatusCounts;
  /** Conversations taken down by operators (`wildchat takedown`); set by the release job. */
  takedowns?: {
    /** Newest takedown included (ISO), or null; the next release lists only later ones as new. */
    through: string | null;
    /** Hashes taken down since the previous release in this folder: downstream copies should drop them. */
    removed_since_previous: string[];
    /** Every hash taken down for this source so far. */
    removed_total: number;
    /** Rows this run left out because a takedown matched them (collected ones are already deleted). */
    dropped_rows: number;
  };
}

const FILTER_DESCRIPTIONS: Record<FilterStep['name'], string> = {
  consent: 'the conversation has a consent of an accepted terms version',
  withdrawn: 'neither the conversation nor its consent was deleted or withdrawn',
  review_window: 'the last activity is older than the review window (users can still withdraw until then)',
  date_range: 'the conversation lies within --since/--until',
  turn_status: 'some turn is left after the turn status policy (--turn-status) dropped failed or empty replies',
  sexual_minors: 'no message is flagged sexual/minors by moderation (always dropped)',
  toxic: 'non-toxic variant only: no message is toxic (moderation flagged or Detoxify toxicity above the threshold)',
  duplicates: 'the duplicate policy keeps the row',
};

export function buildManifest(input: {
  config: ReleaseConfig;
  kind: 'collected' | 'imported';
  snapshot: InputSnapshot;
  report: PipelineReport;
  stages: Record<string, string>;
  dataFiles?: Partial<Record<VariantName, { file: string; rows: number; bytes: number }[]>>;
  turnStatus?: TurnStatusCounts;
}): ReleaseManifest {
  const { config, report } = input;
  const variants: Partial<Record<VariantName, ManifestVariant>> = {};
  for (const variant of config.variants) {
    const result = report.variants[variant];
    if (result === undefined) continue;
    const entry: ManifestVariant = {
      path: variant,
      dedup_policy: `${config.dedupPolicy} (${config.dedupLevel}, ${config.dedupText})`,
      filters: result.steps.map((step) => ({
        name: step.name,
        applies: step.applies,
        entering: step.entering,
        leaving: step.leaving,
        dropped: step.entering - step.leaving,
      })),
      rows: result.rows,
      toxic_rows: result.toxicRows,
      redacted_rows: result.redactedRows,
      jailbreak_tagged_rows: result.jailbreakTaggedRows,
      jailbreak_succeeded_rows: result.jailbreakSucceededRows,
      users: result.users,
    };
    if (result.vanishedRows !== 0) entry.vanished_rows = result.vanishedRows;
    const files = input.dataFiles?.[variant];
    if (files !== undefined) entry.data_files = files;
    variants[variant] = entry;
  }
  const filterNames = [...new Set(Object.values(report.variants).flatMap((result) => result?.steps.map((step) => step.name) ?? []))];
  return {
    manifest_version: MANIFEST_VERSION,
    tool: 'wildchat release',
    input: {
      source: config.source,
      kind: input.kind,
      conversations: input.snapshot.conversations,
      rows: input.snapshot.rows,
      row_keys_sha256: input.snapshot.rowKeysSha256,
      max_turn_identifier: input.snapshot.maxTurnIdentifier,
      last_activity: input.snapshot.lastActivity,
      deleted_conversations: input.snapshot.deletedConversations,
    },
    now: config.now,
    config,
    config_sha256: configHash(config),
    stages: input.stages,
    filters: filterNames.map((name) => ({
      name,
      description: FILTER_DESCRIPTIONS[name],
      applies: input.kind === 'collected' || !(COLLECTED_ONLY_FILTERS as readonly string[]).includes(name),
    })),
    variants,
    ...(input.turnStatus === undefined ? {} : { turn_status: input.turnStatus }),
  };
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** Which backend produced the moderation tags, and how far to trust them. */
export function moderationLine(moderation: string): string {
  if (moderation === 'local')
    return 'Moderation tags (`openai_moderation`, `toxic`) come from the local backend: offline lexicons and rules, a heuristic rather than a trained classifier, so expect misses and false flags.';
  if (moderation === 'none') return 'No moderation ran: the moderation columns are what the source brought, `toxic` false otherwise.';
  return `Moderation tags (\`openai_moderation\`, \`toxic\`) come from an OpenAI-compatible moderation API (\`${moderation.replace(/^openai:/, '')}\`).`;
}

/** A Markdown section for a variant's dataset card. */
export function manifestCardSection(manifest: ReleaseManifest, variant: VariantName): string {
  const entry = manifest.variants[variant];
  if (entry === undefined) return '';
  const lines = [
    '## Release pipeline',
    '',
    `Built by \`wildchat release\` from ${manifest.input.kind === 'collected' ? 'collected conversations' : `the imported dataset \`${manifest.config.source.replace(/^dataset:/, '')}\``} ` +
      `(${count(manifest.input.conversations)} conversations, ${count(manifest.input.rows)} rows; snapshot \`${manifest.input.row_keys_sha256.slice(0, 16)}\`). ` +
      `Config hash \`${manifest.config_sha256.slice(0, 16)}\`; the full record is \`manifest.json\` next to this folder.`,
    '',
    `Variant \`${variant}\`. Rows entering and leaving every filter, in order:`,
    '',
    '| filter | applies | entering | leaving | dropped |',
    '|---|---|---:|---:|---:|',
    ...entry.filters.map(
      (step) => `| ${step.name} | ${step.applies ? 'yes' : 'no (imported data)'} | ${count(step.entering)} | ${count(step.leaving)} | ${count(step.dropped)} |`,
    ),
    '',
    `Duplicate policy: ${entry.dedup_policy}. Rows: ${count(entry.rows)}, toxic: ${count(entry.toxic_rows)}, redacted: ${count(entry.redacted_rows)}, ` +
      `jailbreak-tagged: ${count(entry.jailbreak_tagged_rows)} (succeeded: ${count(entry.jailbreak_succeeded_rows)}), users (distinct hashed IPs): ${count(entry.users)}.`,
    '',
    ...(manifest.turn_status === undefined
      ? []
      : [
          `Turns by how the reply ended (policy \`${Object.entries(manifest.config.turnStatus ?? {})
            .map(([name, action]) => `${name}=${action}`)
            .join(
              ',',
            )}\`; dropped turns leave the row, marked ones are named in \`extra.marked_turns\` of the extended schema): ${turnStatusSummary(manifest.turn_status)}.`,
          '',
        ]),
    'Stage versions:',
    '',
    ...Object.entries(manifest.stages).map(([stage, version]) => `- ${stage}: \`${version}\``),
    '',
    `${moderationLine(manifest.config.moderation)} PII placeholders follow WildChat (\`<PRESIDIO_ANONYMIZED_…>\`, \`<TRUFFLEHOG_REDACTED_…>\`); ` +
      `entities seen in at least ${manifest.config.piiThreshold} conversations (names: ${manifest.config.piiPersonThreshold}) are left in place as common.`,
    '',
  ];
  return lines.join('\n');
}
