/**
 * Typed readers for loosely typed source fields. Each throws a RowError naming the field (never
 * its value). Sources differ in small ways (JSON vs Parquet text, float32 vs float64, structs
 * with null members), and these readers bring them to one canonical form.
 */
import type { DetoxifyScores, OpenAiModeration, ReleaseHeader, TurnDetail } from '../../schema/release-record.ts';
import { normalizeReleaseTimestamp } from '../release-timestamp.ts';
import { RowError } from './row-error.ts';

/** `field.index`, built once per list item (cheap next to the item itself). */
function prefixed(field: string, index: number): string {
  return field + '.' + index;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nullableString(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  throw new RowError(`${field}: expected string`);
}

export function nullableBoolean(value: unknown, field: string): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  throw new RowError(`${field}: expected boolean`);
}

export function nullableInteger(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new RowError(`${field}: expected integer`);
}

export function nullableNumber(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  throw new RowError(`${field}: expected number`);
}

export function nullableTimestamp(value: unknown, field: string): string | null {
  try {
    return normalizeReleaseTimestamp(value);
  } catch (error) {
    throw new RowError(`${field}: ${(error as Error).message}`);
  }
}

/** Some dumps carry objects as JSON text (e.g. `header`); accept both. */
function objectOrJson(value: unknown, field: string): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isPlainObject(parsed)) return parsed;
    } catch {
      // fall through to the error below
    }
    throw new RowError(`${field}: expected object`);
  }
  if (isPlainObject(value)) return value;
  throw new RowError(`${field}: expected object`);
}

export function normalizeHeader(value: unknown, field: string): ReleaseHeader | null {
  const header = objectOrJson(value, field);
  if (header === null) return null;
  return {
    'accept-language': nullableString(header['accept-language'], `${field}.accept-language`),
    'user-agent': nullableString(header['user-agent'], `${field}.user-agent`),
  };
}

/**
 * The non-null members of an object, read with `read`. Values that already have the expected
 * type (`accept`) skip the reader, so the common case builds no field-path strings.
 */
function nonNullEntries<Value>(
  value: unknown,
  field: string,
  read: (item: unknown, itemField: string) => Value | null,
  accept: (item: unknown) => item is Value,
): Record<string, Value> | undefined {
  const object = objectOrJson(value, field);
  if (object === null) return undefined;
  const result: Record<string, Value> = {};
  let any = false;
  for (const key in object) {
    const item = object[key];
    if (item === null || item === undefined) continue;
    const read_ = accept(item) ? item : read(item, `${field}.${key}`);
    if (read_ === null) continue;
    result[key] = read_;
    any = true;
  }
  return any ? result : undefined;
}

const isBoolean = (item: unknown): item is boolean => typeof item === 'boolean';
const isFiniteNumber = (item: unknown): item is number => typeof item === 'number' && Number.isFinite(item);
const isStringList = (item: unknown): item is string[] => Array.isArray(item) && item.every((element) => typeof element === 'string');

function stringList(value: unknown, field: string): string[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) throw new RowError(`${field}: expected list`);
  return value.map((item, index) => nullableString(item, `${field}.${index}`) ?? '');
}

/** One moderation entry; null members are dropped so `{}` (empty content) and all-null structs agree. */
export function normalizeModeration(value: unknown, field: string): OpenAiModeration {
  const entry = objectOrJson(value, field);
  if (entry === null) return {};
  const result: OpenAiModeration = {};
  const categories = nonNullEntries(entry.categories, `${field}.categories`, nullableBoolean, isBoolean);
  if (categories !== undefined) result.categories = categories;
  const scores = nonNullEntries(entry.category_scores, `${field}.category_scores`, nullableNumber, isFiniteNumber);
  if (scores !== undefined) result.category_scores = scores;
  const applied = nonNullEntries(entry.category_applied_input_types, `${field}.category_applied_input_types`, stringList, isStringList);
  if (applied !== undefined) result.category_applied_input_types = applied;
  const flagged = nullableBoolean(entry.flagged, `${field}.flagged`);
  if (flagged !== null) result.flagged = flagged;
  return result;
}

export function normalizeModerationList(value: unknown, field: string): OpenAiModeration[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) throw new RowError(`${field}: expected list`);
  return value.map((entry, index) => normalizeModeration(entry, prefixed(field, index)));
}

export function normalizeDetoxifyList(value: unknown, field: string): DetoxifyScores[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) throw new RowError(`${field}: expected list`);
  return value.map((entry, index) => nonNullEntries(entry, prefixed(field, index), nullableNumber, isFiniteNumber) ?? {});
}

export function normalizeTurnDetail(value: unknown, field: string): TurnDetail {
  const detail = objectOrJson(value, field) ?? {};
  return {
    model: nullableString(detail.model, `${field}.model`),
    status: nullableString(detail.status, `${field}.status`),
    finish_reason: nullableString(detail.finish_reason, `${field}.finish_reason`),
    created: nullableInteger(detail.created, `${field}.created`),
    openai_id: nullableString(detail.openai_id, `${field}.openai_id`),
    system_fingerprint: nullableString(detail.system_fingerprint, `${field}.system_fingerprint`),
    temperature: nullableNumber(detail.temperature, `${field}.temperature`),
    top_p: nullableNumber(detail.top_p, `${field}.top_p`),
    token_counter: nullableInteger(detail.token_counter, `${field}.token_counter`),
    prompt_tokens: nullableInteger(detail.prompt_tokens, `${field}.prompt_tokens`),
    completion_tokens: nullableInteger(detail.completion_tokens, `${field}.completion_tokens`),
    total_tokens: nullableInteger(detail.total_tokens, `${field}.total_tokens`),
  };
}

/** The `extra` column: an object, or JSON text of one (as exported). */
export function normalizeExtra(value: unknown, field: string): Record<string, unknown> | null {
  return objectOrJson(value, field);
}

/** Fields of `object` not in `known`, or null when there are none. */
export function unknownFields(object: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> | null {
  let result: Record<string, unknown> | null = null;
  for (const key in object) {
    if (known.has(key)) continue;
    const value = object[key];
    if (value === undefined) continue;
    result ??= {};
    result[key] = value;
  }
  return result;
}
