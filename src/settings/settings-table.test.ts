import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { addSettingOptions } from '../cli/add-setting-options.ts';
import { allSettings } from './all-settings.ts';
import { parseSettingValue, settingFlagName } from './resolve-settings.ts';

describe('the settings table', () => {
  test('keys are unique camelCase', () => {
    const keys = allSettings.map((setting) => setting.key);
    assert.equal(new Set(keys).size, keys.length, `duplicate keys: ${keys.filter((key, index) => keys.indexOf(key) !== index).join(', ')}`);
    for (const key of keys) assert.match(key, /^[a-z][a-zA-Z0-9]*$/);
  });

  test('flags are unique, and commander maps each flag back to its key', () => {
    const flags = allSettings.map(settingFlagName);
    assert.equal(new Set(flags).size, flags.length);
    const commandNames = [...new Set(allSettings.flatMap((setting) => setting.commands))];
    for (const name of commandNames) {
      const command = addSettingOptions(new Command(name), name);
      for (const option of command.options) {
        assert.ok(
          allSettings.some((setting) => setting.key === option.attributeName()),
          `${option.long} of ${name} must map to a setting key`,
        );
      }
    }
  });

  test('environment variables are UPPER_SNAKE and no variable serves two settings', () => {
    const seen = new Map<string, string>();
    for (const setting of allSettings) {
      assert.ok(setting.env.length > 0, `${setting.key} has an environment variable`);
      for (const name of setting.env) {
        assert.match(name, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/, `${setting.key}: ${name}`);
        assert.ok(!seen.has(name) || seen.get(name) === setting.key, `${name} is used by ${seen.get(name)} and ${setting.key}`);
        seen.set(name, setting.key);
      }
    }
  });

  test('every default parses as its own type', () => {
    for (const setting of allSettings) {
      if (setting.defaultValue !== null) assert.doesNotThrow(() => parseSettingValue(setting, setting.defaultValue ?? '', 'default'), setting.key);
    }
  });

  test('every setting has help text and at least one command', () => {
    for (const setting of allSettings) {
      assert.ok(setting.help.trim().length > 0, setting.key);
      assert.ok(setting.commands.length > 0, setting.key);
    }
  });
});
