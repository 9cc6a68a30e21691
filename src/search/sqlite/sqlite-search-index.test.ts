import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { runSearchIndexContract } from '../search-index.contract.ts';
import { SqliteSearchIndex } from './sqlite-search-index.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-search-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));
let counter = 0;

runSearchIndexContract('SQLite FTS5 (in memory)', async () => new SqliteSearchIndex(':memory:'));
runSearchIndexContract('SQLite FTS5 (file)', async () => {
  counter += 1;
  return new SqliteSearchIndex(path.join(directory, `index-${counter}.sqlite`));
});
