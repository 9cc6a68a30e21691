import { runDatasetStoreContract } from '../dataset-store.contract.ts';
import { openSqliteStore } from './open-sqlite-store.ts';
import { SqliteDatasetStore } from './sqlite-dataset-store.ts';

runDatasetStoreContract('SQLite in memory', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  return { datasets: new SqliteDatasetStore(store.database), close: () => store.close() };
});
