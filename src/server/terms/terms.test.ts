import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_TERMS_TEXT } from './default-terms.ts';
import { loadTerms } from './terms.ts';

test('default terms state what is collected, its use, publication, retention and withdrawal', async () => {
  const terms = await loadTerms(null);
  assert.equal(terms.text, DEFAULT_TERMS_TEXT);
  assert.match(terms.version, /^[0-9a-f]{12}$/);
  for (const phrase of [
    'your messages',
    'keyed hash of your IP address',
    'country and region',
    'user-agent',
    'accept-language',
    'research',
    'public dataset',
    'redaction',
    'How long we keep it',
    'DELETE /api/me',
    'release review window',
  ]) {
    assert.ok(terms.text.includes(phrase), `mentions ${phrase}`);
  }
});

test('a terms file: its content hash is the version, so any edit changes it', async () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
  try {
    const file = path.join(directory, 'terms.md');
    fs.writeFileSync(file, '# Our terms\n\nVersion one.\n');
    const first = await loadTerms(file);
    assert.equal(first.text, '# Our terms\n\nVersion one.\n');
    assert.equal((await loadTerms(file)).version, first.version, 'stable for the same text');
    fs.writeFileSync(file, '# Our terms\n\nVersion two.\n');
    assert.notEqual((await loadTerms(file)).version, first.version);
    fs.writeFileSync(file, '  \n');
    await assert.rejects(loadTerms(file), /empty/);
    await assert.rejects(loadTerms(path.join(directory, 'missing.md')), /Cannot read the terms file .*missing\.md: no such file$/);
    await assert.rejects(loadTerms(directory), /Cannot read the terms file .*: it is a folder, not a file$/);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});
