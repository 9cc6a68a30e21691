/**
 * Turns the settings table into values: flag > first environment variable set (in `env` order) >
 * default. Every value is parsed by its declared type; errors name the setting and where the value
 * came from, and never repeat a secret value.
 */
import path from 'node:path';
import { allSettings } from './all-settings.ts';
import type { AnySettingValue, ResolvedSettings, Setting } from './setting.ts';

// The value types live beside the row type so that a table may name its resolved shape without
// importing the resolver (which imports every table).
export type { AnySettingValue, ResolvedSettings, SettingValue } from './setting.ts';

/** A bad setting value; the message is meant for the operator as is. */
export class SettingError extends Error {
  readonly settingKey: string;
  constructor(settingKey: string, message: string) {
    super(message);
    this.name = 'SettingError';
    this.settingKey = settingKey;
  }
}

export interface ResolveContext {
  /** Relative paths are resolved against this folder (default: process.cwd()). */
  cwd?: string;
}

/** 'upstreamUrl' → 'upstream-url' (commander turns the flag back into the same camelCase key). */
export function settingFlagName(setting: Pick<Setting, 'key'>): string {
  return setting.key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export function settingsForCommand<Row extends Setting>(settings: readonly Row[], command: string): Row[] {
  return settings.filter((setting) => setting.commands.includes(command));
}

/** Typed resolution over an `as const` table, e.g. `resolveSettingsTable(serveSettings, 'serve', ...)`. */
export function resolveSettingsTable<const Table extends readonly Setting[], Command extends string>(
  table: Table,
  command: Command,
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): ResolvedSettings<Table, Command> {
  const values: Record<string, AnySettingValue> = {};
  for (const setting of settingsForCommand(table, command)) {
    values[setting.key] = resolveSetting(setting, options, env, context);
  }
  return values as ResolvedSettings<Table, Command>;
}

/** Untyped resolution over every setting of a command (the whole `allSettings` table by default). */
export function resolveSettings(
  command: string,
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext & { settings?: readonly Setting[] } = {},
): Record<string, AnySettingValue> {
  const values: Record<string, AnySettingValue> = {};
  for (const setting of settingsForCommand(context.settings ?? allSettings, command)) {
    values[setting.key] = resolveSetting(setting, options, env, context);
  }
  return values;
}

export function resolveSetting(
  setting: Setting,
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): AnySettingValue {
  const flag = `--${settingFlagName(setting)}`;
  const fromFlag = options[setting.key];
  if (fromFlag !== undefined && fromFlag !== '') {
    if (typeof fromFlag === 'boolean' && setting.type === 'boolean') return fromFlag;
    if (typeof fromFlag !== 'string') {
      throw new SettingError(setting.key, `${flag} was given an unexpected value type (${typeof fromFlag})`);
    }
    return parseSettingValue(setting, fromFlag, flag, context);
  }
  // An empty variable counts as unset, so `VAR=` in a .env file does not override the default.
  for (const name of setting.env) {
    const fromEnv = env[name];
    if (fromEnv !== undefined && fromEnv !== '') return parseSettingValue(setting, fromEnv, `environment variable ${name}`, context);
  }
  if (setting.defaultValue === null) return null;
  return parseSettingValue(setting, setting.defaultValue, `the default of ${flag}`, context);
}

/** Parses one raw text value; `source` says where it came from, for the error message. */
export function parseSettingValue(setting: Setting, raw: string, source: string, context: ResolveContext = {}): AnySettingValue {
  const text = raw.trim();
  const fail = (expectation: string): never => {
    const shown = setting.secret === true ? 'a value that is not' : `${JSON.stringify(truncate(text))}, which is not`;
    throw new SettingError(setting.key, `Invalid ${setting.key} from ${source}: got ${shown} ${expectation}.`);
  };
  switch (setting.type) {
    case 'integer': {
      if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) return fail('a whole number');
      return checkRange(setting, Number(text), fail);
    }
    case 'number': {
      const value = Number(text);
      if (text.length === 0 || !Number.isFinite(value)) return fail('a number');
      return checkRange(setting, value, fail);
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      return fail('true or false (also accepted: 1/0, yes/no, on/off)');
    }
    case 'list': {
      const items = text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
      if (items.length === 0) return fail('a comma-separated list with at least one item');
      return items;
    }
    case 'path':
      return path.resolve(context.cwd ?? process.cwd(), text);
    case 'string': {
      if (setting.choices !== undefined && !setting.choices.includes(text)) {
        return fail(`one of ${setting.choices.join(', ')}`);
      }
      // Trimmed: a stray newline from `$(cat key.txt)` must not end up in a header or URL.
      return text;
    }
  }
}

function checkRange(setting: Setting, value: number, fail: (expectation: string) => never): number {
  if (setting.min !== undefined && value < setting.min) return fail(`at least ${setting.min}`);
  if (setting.max !== undefined && value > setting.max) return fail(`at most ${setting.max}`);
  return value;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
