import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allSettings } from '../settings/all-settings.ts';
import type { Setting } from '../settings/setting.ts';
import { renderSettingsDoc, SETTINGS_DOC_PATH } from './generate-settings-doc.ts';

describe('docs/settings.md', () => {
  test('matches the settings table', () => {
    const onDisk = readFileSync(SETTINGS_DOC_PATH, 'utf8');
    assert.ok(onDisk === renderSettingsDoc(allSettings), 'docs/settings.md is out of date: run `npm run docs:settings`');
  });

  test('renders one table per command with flag, variables, default, unit and help', () => {
    const settings: Setting[] = [
      {
        key: 'maxWidgets',
        commands: ['alpha', 'beta'],
        type: 'integer',
        defaultValue: '5',
        unit: 'widgets',
        min: 1,
        env: ['W_MAX', 'MAX'],
        help: 'How many | at most.',
      },
      { key: 'token', commands: ['beta'], type: 'string', defaultValue: 'abc', env: ['W_TOKEN'], help: 'A token.', secret: true },
      { key: 'verbose', commands: ['alpha'], type: 'boolean', defaultValue: 'false', env: ['W_VERBOSE'], help: 'Talk more.' },
    ];
    const doc = renderSettingsDoc(settings);
    const alpha = doc.indexOf('## `wildchat alpha`');
    const beta = doc.indexOf('## `wildchat beta`');
    assert.ok(alpha !== -1 && beta > alpha);
    assert.ok(doc.includes('| `--max-widgets <integer>` | `W_MAX`, `MAX` | `5` | widgets | How many \\| at most. At least 1. |'));
    assert.ok(doc.includes('| `--verbose` | `W_VERBOSE` | `false` |'));
    assert.ok(doc.includes('| `--token <text>` | `W_TOKEN` | (hidden) |'));
    assert.ok(!doc.includes('abc'), 'secret defaults are not printed');
    assert.equal(doc.split('`--max-widgets <integer>`').length - 1, 2, 'listed under both commands');
  });
});
