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

type BaseValue<Type extends SettingType> = Type extends 'integer' | 'number'
  ? number
  : Type extends 'boolean'
    ? boolean
    : Type extends 'list'
      ? string[]
      : string;

/** The parsed value of one row: nullable only when the row has no default. */
export type SettingValue<Row extends Setting> = Row['defaultValue'] extends string ? BaseValue<Row['type']> : BaseValue<Row['type']> | null;

type RowsForCommand<Rows extends Setting, Command extends string> = Rows extends Setting ? (Command extends Rows['commands'][number] ? Rows : never) : never;

/** `{ port: number; upstreamKey: string | null; ... }` for the rows of `Table` that `Command` accepts. */
export type ResolvedSettings<Table extends readonly Setting[], Command extends string> = {
  [Row in RowsForCommand<Table[number], Command> as Row['key']]: SettingValue<Row>;
};

export type AnySettingValue = string | number | boolean | string[] | null;
