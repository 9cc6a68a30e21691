import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, serverForThisFile } from '../../../test/support/postgres-server.ts';
import { parseSearchQuery } from '../query-syntax.ts';
import { fixtureDocuments } from '../search-index-fixtures.ts';
import { runSearchIndexContract } from '../search-index.contract.ts';
import { PgSearchIndex } from './pg-search-index.ts';

const available = findPostgresBinaries() !== null;
if (!available) test('PostgreSQL search index', { skip: POSTGRES_MISSING_MESSAGE }, () => undefined);

const theServer = serverForThisFile();

if (available) {
  runSearchIndexContract('PostgreSQL full text + pg_trgm', async () => PgSearchIndex.openUrl(await (await theServer()).createDatabase()));

  // With a Unicode ctype pg_trgm also indexes CJK and Cyrillic, so those terms take the LIKE shortcut too.
  let unicodeDatabases = 0;
  runSearchIndexContract('PostgreSQL full text + pg_trgm (C.UTF-8 ctype)', async () => {
    const running = await theServer();
    const name = `unicode_${++unicodeDatabases}`;
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: running.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`);
    } finally {
      await admin.end();
    }
    return PgSearchIndex.openUrl(running.adminUrl.replace(/\/postgres$/u, `/${name}`));
  });

  test('an index of another layout version is dropped and rebuilt on open', async () => {
    const url = await (await theServer()).createDatabase();
    const first = await PgSearchIndex.openUrl(url);
    await first.addDocuments(fixtureDocuments());
    await first.close();
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    await client.query("UPDATE search_meta SET value = '0' WHERE key = 'schema_version'");
    await client.end();
    const reopened = await PgSearchIndex.openUrl(url);
    try {
      assert.deepEqual(await reopened.listDatasets(), []);
      const result = await reopened.search({ query: parseSearchQuery(''), filters: {}, sort: 'time-desc', limit: 10 });
      assert.equal(result.total?.count, 0);
    } finally {
      await reopened.close();
    }
  });
}
