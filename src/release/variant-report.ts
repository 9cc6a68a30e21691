/**
 * What each variant of a release dropped where: the entering/leaving counts of every filter in
 * order, and the row, user and tag counts the manifest and the card report. Pure.
 */
import { COLLECTED_ONLY_FILTERS, RELEASE_FILTER_NAMES, variantAccepts, type ReleaseFilterName, type VariantName } from './release-filters.ts';

/** A step of a variant: every row entering it either leaves through it or is dropped by it. */
export interface FilterStep {
  name: ReleaseFilterName | 'toxic' | 'duplicates';
  /** False for the consent/withdrawal/review filters on imported data. */
  applies: boolean;
  entering: number;
  leaving: number;
}

export interface VariantReport {
  steps: FilterStep[];
  rows: number;
  toxicRows: number;
  redactedRows: number;
  jailbreakTaggedRows: number;
  jailbreakSucceededRows: number;
  /** Distinct users (hashed IPs) among the rows. */
  users: number;
  /** Rows kept in pass 1 that were gone from the source by pass 2 (deleted during the run). */
  vanishedRows: number;
}

export function emptyVariantReport(steps: FilterStep[]): VariantReport {
  return { steps, rows: 0, toxicRows: 0, redactedRows: 0, jailbreakTaggedRows: 0, jailbreakSucceededRows: 0, users: 0, vanishedRows: 0 };
}

/** Entering/leaving counts of every filter of a variant, in order. */
export function variantSteps(
  variant: VariantName,
  status: readonly number[],
  passed: number,
  toxicByPosition: readonly number[],
  kept: Uint8Array,
  source: 'collected' | 'imported',
): FilterStep[] {
  const dropped = new Array<number>(RELEASE_FILTER_NAMES.length).fill(0);
  for (const code of status) if (code !== passed) dropped[code] = (dropped[code] ?? 0) + 1;
  const steps: FilterStep[] = [];
  let entering = status.length;
  RELEASE_FILTER_NAMES.forEach((name, index) => {
    const leaving = entering - (dropped[index] ?? 0);
    steps.push({ name, applies: source === 'collected' || !COLLECTED_ONLY_FILTERS.includes(name), entering, leaving });
    entering = leaving;
  });
  if (variant !== 'full') {
    let accepted = 0;
    for (const toxic of toxicByPosition) if (variantAccepts(variant, { toxic: toxic === 1 })) accepted += 1;
    steps.push({ name: 'toxic', applies: true, entering, leaving: accepted });
    entering = accepted;
  }
  let keptRows = 0;
  for (const value of kept) keptRows += value;
  steps.push({ name: 'duplicates', applies: true, entering, leaving: keptRows });
  return steps;
}
