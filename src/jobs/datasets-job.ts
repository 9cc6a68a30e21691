/** `wildchat datasets`: the imported datasets of a data folder with their size, and their removal. */
import { openStoreAt, type StoreLocation } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { JobError } from './job-error.ts';

export interface DatasetListing {
  name: string;
  records: number;
  /** ISO 8601. */
  createdAt: string;
  /** Bytes of stored record JSON. */
  bytes: number;
  /** Distinct record sources (the format each conversation came from). */
  sources: string[];
  /** Licence id recorded at import, or null (imported before licences were recorded). */
  license: string | null;
}

export async function listDatasetsJob(
  location: StoreLocation,
  openStore: (location: StoreLocation) => Promise<Store> = openStoreAt,
): Promise<DatasetListing[]> {
  const store = await openStore(location);
  try {
    const listings: DatasetListing[] = [];
    for (const info of await store.datasets.listDatasets()) {
      const usage = await store.datasets.datasetUsage(info.id);
      listings.push({
        name: info.name,
        records: info.records,
        createdAt: new Date(info.createdAt).toISOString(),
        bytes: usage.bytes,
        sources: usage.sources,
        license: info.license,
      });
    }
    return listings;
  } finally {
    await store.close();
  }
}

/** Deletes the dataset and its records; a name that does not exist is an error that lists the ones that do. */
export async function removeDatasetJob(
  location: StoreLocation,
  name: string,
  openStore: (location: StoreLocation) => Promise<Store> = openStoreAt,
): Promise<void> {
  const store = await openStore(location);
  const where = location.databaseUrl === null ? location.dataDir : 'the PostgreSQL store';
  try {
    if (await store.datasets.deleteDataset(name)) return;
    const names = (await store.datasets.listDatasets()).map((dataset) => dataset.name);
    throw new JobError(`no dataset named ${name} in ${where}${names.length === 0 ? ' (none imported yet)' : ` (have: ${names.join(', ')})`}`);
  } finally {
    await store.close();
  }
}
