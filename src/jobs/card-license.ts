/**
 * The licence a dataset card states: the one the operator gave, else the one recorded when the
 * dataset was imported, else (datasets imported before licences were recorded) the one every
 * record source's format is known to carry. Collected conversations default to odc-by, as
 * WildChat's were released.
 */
import { IMPORT_FORMATS, KNOWN_IMPORT_LICENSES, type ImportFormat } from '../schema/import-formats.ts';
import type { DatasetInfo, DatasetStore } from '../store/dataset-store.ts';
import { JobError } from './job-error.ts';

export const COLLECTED_LICENSE = 'odc-by';

function knownLicense(source: string): string | null {
  return (IMPORT_FORMATS as readonly string[]).includes(source) ? (KNOWN_IMPORT_LICENSES[source as ImportFormat] ?? null) : null;
}

export async function cardLicense(given: string | null, dataset: DatasetInfo | null, store: DatasetStore): Promise<string> {
  if (given !== null) return given;
  if (dataset === null) return COLLECTED_LICENSE;
  if (dataset.license !== null) return dataset.license;
  const { sources } = await store.datasetUsage(dataset.id);
  const licenses = new Set(sources.map(knownLicense));
  const [only] = licenses;
  if (licenses.size === 1 && only !== null && only !== undefined) return only;
  throw new JobError(
    `dataset ${dataset.name} has no recorded licence and its sources (${sources.join(', ') || 'none'}) do not tell one; pass --license with the Hugging Face licence id it is under`,
  );
}
