import { Option, type Command } from 'commander';
import { allSettings } from '../settings/all-settings.ts';
import { settingFlagName, settingsForCommand } from '../settings/resolve-settings.ts';
import type { Setting } from '../settings/setting.ts';

/** The flag as typed, with its value placeholder: `--port <integer>`, `--trust-proxy`. */
export function settingFlags(setting: Setting): string {
  const flag = `--${settingFlagName(setting)}`;
  if (setting.type === 'boolean') return flag;
  const placeholder = setting.type === 'string' ? (setting.choices !== undefined ? 'choice' : 'text') : setting.type;
  return `${flag} <${placeholder}>`;
}

/**
 * Adds one option per setting that `commandName` accepts. No commander defaults are set: an option
 * left out must stay undefined so that environment variables and table defaults can apply
 * (see resolveSettings), and so that a secret default could never appear in --help.
 */
export function addSettingOptions(command: Command, commandName: string, settings: readonly Setting[] = allSettings): Command {
  for (const setting of settingsForCommand(settings, commandName)) {
    const notes = [`env: ${setting.env.join(', ')}`];
    if (setting.defaultValue !== null && setting.secret !== true) {
      notes.push(`default: ${setting.defaultValue}${setting.unit === undefined ? '' : ` ${setting.unit}`}`);
    } else if (setting.unit !== undefined) {
      notes.push(`unit: ${setting.unit}`);
    }
    const option = new Option(settingFlags(setting), `${setting.help} (${notes.join('; ')})`);
    if (setting.choices !== undefined) option.choices(setting.choices);
    command.addOption(option);
  }
  return command;
}
