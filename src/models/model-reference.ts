/**
 * What a model setting names: a local folder, or a Hugging Face model pinned to a commit
 * (`hf:owner/name@<40-hex commit>`, or `owner/name@<commit>`). A branch or tag is refused: the
 * files behind it can change, and the cache and stage versions are keyed by the revision.
 */
import { ModelError } from './model-error.ts';

export type ModelReference = { kind: 'folder'; path: string } | { kind: 'hub'; id: string; revision: string };

const HUB_PATTERN = /^(?:hf:)?([A-Za-z0-9][\w.-]*\/[\w.-]+)@([^@\s]+)$/;
const COMMIT = /^[0-9a-f]{40}$/;

export function parseModelReference(value: string): ModelReference {
  const trimmed = value.trim();
  const hub = HUB_PATTERN.exec(trimmed);
  if (hub === null) {
    if (trimmed.startsWith('hf:')) throw new ModelError(`model ${trimmed}: expected hf:owner/name@<commit>`);
    return { kind: 'folder', path: trimmed };
  }
  const [, id, revision] = hub as unknown as [string, string, string];
  if (!COMMIT.test(revision))
    throw new ModelError(`model ${id}@${revision}: pin the revision to a full 40-character commit hash (a branch or tag can change under the cache)`);
  return { kind: 'hub', id, revision };
}

/** The name a model gets in stage versions and manifests. */
export function modelReferenceLabel(reference: ModelReference, folderName: string): string {
  return reference.kind === 'hub' ? `${reference.id}@${reference.revision.slice(0, 12)}` : `folder:${folderName}`;
}
