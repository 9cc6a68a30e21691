import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runSearchIndexContract } from '../search-index.contract.ts';
import { SqliteSearchIndex } from './sqlite-search-index.ts';
import { SearchIndexVersionError } from './sqlite-search-schema.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-search-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));
let counter = 0;

runSearchIndexContract('SQLite FTS5 (in memory)', async () => new SqliteSearchIndex(':memory:'));
runSearchIndexContract('SQLite FTS5 (file)', async () => {
  counter += 1;
  return new SqliteSearchIndex(path.join(directory, `index-${counter}.sqlite`));
});

test('an index file of another layout version is refused with a clear error', async () => {
  const file = path.join(directory, 'old.sqlite');
  const old = new SqliteSearchIndex(file);
  old.database.prepare("UPDATE search_meta SET value = '1' WHERE key = 'schema_version'").run();
  await old.close();
  assert.throws(() => new SqliteSearchIndex(file), SearchIndexVersionError);
});
