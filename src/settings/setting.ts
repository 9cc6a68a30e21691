/**
 * One setting, defined once. The same row feeds the CLI flag, the environment variable and the
 * generated docs/settings.md (a test keeps the doc in sync).
 */
export type SettingType = 'string' | 'integer' | 'number' | 'boolean' | 'list' | 'path';

export interface Setting<Key extends string = string> {
  /** camelCase key in the parsed config object. */
  key: Key;
  /** Commands that accept it, e.g. ['serve']. */
  commands: readonly string[];
  type: SettingType;
  /** Default value as it would be typed on the command line; null when there is none. */
  defaultValue: string | null;
  /** Unit shown in the docs, e.g. 'ms', 'bytes', 'per minute'. */
  unit?: string;
  /** Environment variables read in order; the first is the canonical one. */
  env: readonly string[];
  help: string;
  /** Secret values are never printed (e.g. in --help defaults or startup logs). */
  secret?: boolean;
  /** Smallest and largest accepted value, for integer and number settings. */
  min?: number;
  max?: number;
  /** The only accepted values, for string settings. */
  choices?: readonly string[];
}
