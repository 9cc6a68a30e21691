/**
 * Writes docs/settings.md from the settings table (`npm run docs:settings`). A test fails when the
 * file and the table disagree, so the doc cannot drift from the code.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allSettings } from '../settings/all-settings.ts';
import { settingsForCommand } from '../settings/resolve-settings.ts';
import type { Setting } from '../settings/setting.ts';
import { settingFlags } from './add-setting-options.ts';

export const SETTINGS_DOC_PATH = fileURLToPath(new URL('../../docs/settings.md', import.meta.url));

export function renderSettingsDoc(settings: readonly Setting[]): string {
  const commands: string[] = [];
  for (const setting of settings) {
    for (const command of setting.commands) if (!commands.includes(command)) commands.push(command);
  }

  const lines = [
    '# Settings',
    '',
    '<!-- Generated from src/settings/*.ts by `npm run docs:settings`. Do not edit by hand. -->',
    '',
    'Every setting can be given as a command-line flag or as an environment variable.',
    'A flag wins over an environment variable, which wins over the default. When a setting lists several',
    'environment variables, the first one that is set is used. An empty value counts as not set.',
    '',
    'Values: whole numbers for integer settings; `true`/`false` (or `1`/`0`, `yes`/`no`, `on`/`off`) for',
    'environment variables of on/off settings, whose flags take no value; comma-separated items for lists;',
    'paths are relative to the folder the command runs in. Secret values are never printed.',
    '',
  ];
  for (const command of commands) {
    lines.push(`## \`wildchat ${command}\``, '', '| Flag | Environment variables | Default | Unit | Description |', '|---|---|---|---|---|');
    for (const setting of settingsForCommand(settings, command)) {
      lines.push(
        `| ${code(settingFlags(setting))} | ${setting.env.map(code).join(', ')} | ${defaultCell(setting)} | ${cell(setting.unit ?? '')} | ${cell(describe(setting))} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function defaultCell(setting: Setting): string {
  if (setting.defaultValue === null) return '(none)';
  if (setting.secret === true) return '(hidden)';
  return code(setting.defaultValue);
}

function describe(setting: Setting): string {
  const extras: string[] = [];
  if (setting.min !== undefined && setting.max !== undefined) extras.push(`From ${setting.min} to ${setting.max}.`);
  else if (setting.min !== undefined) extras.push(`At least ${setting.min}.`);
  else if (setting.max !== undefined) extras.push(`At most ${setting.max}.`);
  if (setting.choices !== undefined) extras.push(`One of: ${setting.choices.join(', ')}.`);
  if (setting.secret === true) extras.push('Secret: never printed or logged.');
  return [setting.help, ...extras].join(' ');
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

/** Table cells cannot hold pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(SETTINGS_DOC_PATH, renderSettingsDoc(allSettings), 'utf8');
  process.stdout.write(`wrote ${SETTINGS_DOC_PATH}\n`);
}
