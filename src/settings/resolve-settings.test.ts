import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveServeConfig } from './resolve-serve-config.ts';
import { parseSettingValue, resolveSetting, resolveSettings, SettingError } from './resolve-settings.ts';
import type { Setting } from './setting.ts';

const port: Setting = { key: 'port', commands: ['serve'], type: 'integer', defaultValue: '3000', min: 0, max: 65535, env: ['WILDCHAT_PORT', 'PORT'], help: '' };
const secret: Setting = { key: 'upstreamKey', commands: ['serve'], type: 'string', defaultValue: null, env: ['KEY'], help: '', secret: true };

function settingError(pattern: RegExp, forbidden?: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof SettingError, 'a SettingError');
    assert.match(error.message, pattern);
    if (forbidden !== undefined) assert.ok(!error.message.includes(forbidden), 'the message must not repeat the value');
    return true;
  };
}

describe('resolveSetting precedence', () => {
  test('flag beats environment beats default', () => {
    assert.equal(resolveSetting(port, { port: '8080' }, { WILDCHAT_PORT: '9000', PORT: '9100' }), 8080);
    assert.equal(resolveSetting(port, {}, { WILDCHAT_PORT: '9000', PORT: '9100' }), 9000);
    assert.equal(resolveSetting(port, {}, {}), 3000);
  });

  test('environment variables are read in their listed order, and empty ones count as unset', () => {
    assert.equal(resolveSetting(port, {}, { PORT: '9100' }), 9100);
    assert.equal(resolveSetting(port, {}, { WILDCHAT_PORT: '', PORT: '9100' }), 9100);
  });

  test('a setting without a default and without a value is null', () => {
    assert.equal(resolveSetting(secret, {}, {}), null);
    assert.equal(resolveSetting(secret, {}, { KEY: ' sk-test\n' }), 'sk-test');
  });
});

describe('parseSettingValue', () => {
  test('integers: whole numbers within range, with errors naming the setting and the source', () => {
    assert.equal(parseSettingValue(port, ' 42 ', '--port'), 42);
    assert.throws(() => parseSettingValue(port, '4.5', '--port'), settingError(/Invalid port from --port: got "4\.5", which is not a whole number/));
    assert.throws(() => parseSettingValue(port, '70000', 'environment variable PORT'), settingError(/environment variable PORT.*at most 65535/));
    assert.throws(() => parseSettingValue(port, '-1', '--port'), settingError(/at least 0/));
    assert.throws(() => parseSettingValue(port, '99999999999999999999', '--port'), settingError(/whole number/));
  });

  test('numbers, booleans, lists and paths', () => {
    const ratio: Setting = { key: 'ratio', commands: ['x'], type: 'number', defaultValue: null, env: ['R'], help: '' };
    assert.equal(parseSettingValue(ratio, '0.25', 'R'), 0.25);
    assert.throws(() => parseSettingValue(ratio, 'NaN', 'R'), settingError(/not a number/));

    const flag: Setting = { key: 'trustProxy', commands: ['x'], type: 'boolean', defaultValue: 'false', env: ['T'], help: '' };
    for (const yes of ['true', 'TRUE', '1', 'yes', 'on']) assert.equal(parseSettingValue(flag, yes, 'T'), true);
    for (const no of ['false', '0', 'No', 'off']) assert.equal(parseSettingValue(flag, no, 'T'), false);
    assert.throws(() => parseSettingValue(flag, 'maybe', 'T'), settingError(/true or false/));
    assert.equal(resolveSetting(flag, { trustProxy: true }, { T: 'false' }), true, 'a bare boolean flag is true');

    const list: Setting = { key: 'models', commands: ['x'], type: 'list', defaultValue: null, env: ['M'], help: '' };
    assert.deepEqual(parseSettingValue(list, 'gpt-4o, llama3 ,,', 'M'), ['gpt-4o', 'llama3']);
    assert.throws(() => parseSettingValue(list, ' , ', 'M'), settingError(/at least one item/));

    const folder: Setting = { key: 'dataDir', commands: ['x'], type: 'path', defaultValue: './data', env: ['D'], help: '' };
    assert.equal(parseSettingValue(folder, './data', 'D', { cwd: path.join(path.sep, 'srv') }), path.join(path.sep, 'srv', 'data'));
  });

  test('choices are enforced', () => {
    const level: Setting = { key: 'logLevel', commands: ['x'], type: 'string', defaultValue: 'info', choices: ['info', 'debug'], env: ['L'], help: '' };
    assert.equal(parseSettingValue(level, 'debug', 'L'), 'debug');
    assert.throws(() => parseSettingValue(level, 'loud', 'L'), settingError(/one of info, debug/));
  });

  test('errors about secret settings never echo the value', () => {
    const secretNumber: Setting = { ...secret, type: 'integer' };
    assert.throws(() => parseSettingValue(secretNumber, 'sk-very-secret', 'KEY'), settingError(/Invalid upstreamKey from KEY/, 'sk-very-secret'));
  });
});

describe('resolveSettings over the real table', () => {
  test('returns only the settings of the command', () => {
    const values = resolveSettings('keys', {}, {}, { cwd: path.join(path.sep, 'srv') });
    assert.deepEqual(Object.keys(values), ['dataDir', 'databaseUrl', 'reviewWindow']);
    assert.equal(values.dataDir, path.join(path.sep, 'srv', 'wildchat-data'));
  });

  test('resolveServeConfig gives typed defaults', () => {
    const config = resolveServeConfig({}, {}, { cwd: path.join(path.sep, 'srv') });
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.trustProxy, false);
    assert.equal(config.models, null);
    assert.equal(config.upstreamKey, null);
    assert.equal(config.dataDir, path.join(path.sep, 'srv', 'wildchat-data'));
    assert.equal(config.logLevel, 'info');
  });

  test('resolveServeConfig takes flags and environment', () => {
    const config = resolveServeConfig(
      { port: '0', trustProxy: true, models: 'a,b' },
      { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_API_KEY: 'sk-x', WILDCHAT_LOG_LEVEL: 'debug' },
    );
    assert.equal(config.port, 0);
    assert.equal(config.trustProxy, true);
    assert.deepEqual(config.models, ['a', 'b']);
    assert.equal(config.upstreamUrl, 'http://127.0.0.1:11434/v1');
    assert.equal(config.upstreamKey, 'sk-x');
    assert.equal(config.logLevel, 'debug');
  });

  test('resolveServeConfig rejects a non-HTTP upstream without quoting it', () => {
    assert.throws(() => resolveServeConfig({ upstreamUrl: 'ftp://user:hunter2@example.com' }, {}), settingError(/upstreamUrl: expected an http/, 'hunter2'));
    assert.throws(() => resolveServeConfig({ clientIpHeader: 'x forwarded' }, {}), settingError(/clientIpHeader/));
  });
});
