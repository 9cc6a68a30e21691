/**
 * `wildchat release --out DIR`: the annotated, filtered public release of our collected
 * conversations (or of an imported --dataset): variants `full` and `non-toxic` in Hugging Face
 * layout, plus manifest.json. Parses the settings (src/settings/resolve-release-config.ts), runs
 * src/jobs/release-job.ts and prints the summary.
 */
import type { Command } from 'commander';
import type { ProgressSink } from '../core/progress-sink.ts';
import type { ReleaseJobResult } from '../jobs/release-job.ts';
import type { StageCounters } from '../pipeline/runner/stage-statistics.ts';
import type { ReleaseManifest } from '../release/release-manifest.ts';
import { turnStatusSummary } from '../release/turn-status-policy.ts';
import { resolveReleaseConfig } from '../settings/resolve-release-config.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { formatRate, createProgress } from './progress.ts';
import { countNoun } from '../core/count-noun.ts';

export type ReleaseCommandResult = Omit<ReleaseJobResult, 'configHash'>;

export interface ReleaseCommandIo {
  env?: Readonly<Record<string, string | undefined>>;
  progress?: ProgressSink;
  /** Current time (epoch ms) when --now is not given. */
  clock?: () => number;
  stdout?: (text: string) => void;
}

export async function runReleaseCommand(options: Record<string, unknown>, io: ReleaseCommandIo = {}): Promise<ReleaseCommandResult> {
  const stdout = io.stdout ?? ((line: string) => process.stdout.write(line));
  const config = resolveReleaseConfig(options, io.env ?? process.env);
  const { runReleaseJob } = await import('../jobs/release-job.ts');
  const { configHash, ...result } = await runReleaseJob(config, { progress: io.progress ?? createProgress(), clock: io.clock });
  if (result.manifest === null) {
    stdout(`${result.outDir} is up to date (same input snapshot and config ${configHash.slice(0, 12)}); nothing to do (--force rebuilds)\n`);
  } else {
    stdout(`${releaseSummary(result.manifest, result.statistics, config.variants, result.outDir).join('\n')}\n`);
    if (result.droppedListed !== null && config.listDropped !== null)
      stdout(`listed ${count(result.droppedListed)} dropped rows (ids and reasons, no text) in ${config.listDropped}\n`);
  }
  return result;
}

const count = (value: number) => value.toLocaleString('en-US');

/**
 * One line per variant with what each filter dropped, and for an empty variant the filter that
 * emptied it most and why (a fresh store's conversations all sit in the review window).
 */
export function filterSummary(manifest: ReleaseManifest, variants: readonly string[]): string[] {
  const lines: string[] = [];
  const descriptions = new Map(manifest.filters.map((filter) => [filter.name, filter.description]));
  for (const variant of variants) {
    const entry = (manifest.variants as Record<string, ReleaseManifest['variants']['full']>)[variant];
    if (entry === undefined) continue;
    const steps = entry.filters.filter((step) => step.applies);
    const entering = entry.filters[0]?.entering ?? 0;
    const drops = steps.map((step) => `${step.name} ${count(step.dropped)}`).join(', ');
    lines.push(`  ${variant}: ${countNoun(entering, 'row')} in; dropped by ${drops}; ${countNoun(entry.rows, 'row')} out`);
    if (entry.rows > 0 || entering === 0) continue;
    const worst = steps.reduce((best, step) => (step.dropped > best.dropped ? step : best), steps[0]!);
    const dropped = `  ${variant} is empty: ${worst.name} dropped ${count(worst.dropped)} of ${countNoun(worst.entering, 'row')}`;
    // The manifest's descriptions say when a row is kept; printed bare after "dropped" they read backwards.
    const days = manifest.config.reviewWindowDays;
    lines.push(
      worst.name === 'review_window'
        ? `${dropped}: conversations active in the last ${days} days are held back so users can still delete them or withdraw their consent; they are released once ${days} days have passed (--review-window 0 for a trial run; see docs/release.md)`
        : `${dropped} (a row is kept when ${descriptions.get(worst.name) ?? worst.name})`,
    );
  }
  return lines;
}

/** Rows per variant, then one line per stage: messages seen once each, computed or cached, time. */
export function releaseSummary(manifest: ReleaseManifest, statistics: readonly StageCounters[], variants: readonly string[], outDir: string): string[] {
  const variantRows = (variant: string) => (manifest.variants as Record<string, { rows: number } | undefined>)[variant]?.rows ?? 0;
  const lines = [`released ${variants.map((variant) => `${variant}: ${countNoun(variantRows(variant), 'row')}`).join(', ')} to ${outDir} (manifest.json)`];
  lines.push(...filterSummary(manifest, variants));
  if (manifest.turn_status !== undefined) lines.push(`  turns by how the reply ended: ${turnStatusSummary(manifest.turn_status)} (--turn-status)`);
  for (const counters of statistics) {
    if (counters.off === true) {
      lines.push(`  ${counters.stage}: off`);
      continue;
    }
    const seconds = counters.milliseconds / 1000;
    lines.push(
      `  ${counters.stage}: ${counters.messages.toLocaleString('en-US')} messages, ${counters.computed.toLocaleString('en-US')} computed, ${counters.cached.toLocaleString('en-US')} cached, ` +
        `${seconds.toFixed(1)} s${seconds > 0 && counters.messages > 0 ? `, ${formatRate(counters.messages / seconds, 'messages')}` : ''}`,
    );
  }
  return lines;
}

export function registerReleaseCommand(program: Command): void {
  const command = program
    .command('release')
    .description(
      'Annotate (language, PII, moderation, tokens, duplicates, jailbreaks), filter and write the public release: variants full and non-toxic plus manifest.json.',
    );
  addSettingOptions(command, 'release').action(async (options: Record<string, unknown>) => {
    await runReleaseCommand(options);
  });
}
