/**
 * The name that identifies a model's weights exactly: a hub id with its commit, or a local
 * folder's name with a hash of its files' content. It goes into stage versions (the annotation
 * cache) and the release config (the up-to-date check), so new weights in the same folder are
 * never mistaken for the old ones. Reading it needs no ONNX Runtime.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { findOnnxFile } from './model-folder.ts';
import { parseModelReference } from './model-reference.ts';
import { sha256OfFile } from './sha256-file.ts';

export function folderFingerprint(folder: string): string {
  const hash = createHash('sha256');
  const onnx = fs.existsSync(folder) ? findOnnxFile(folder) : null;
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', ...(onnx === null ? [] : [onnx, `${onnx}_data`])]) {
    const full = path.join(folder, file);
    if (fs.existsSync(full)) hash.update(`${file}\0${sha256OfFile(full)}\0`);
  }
  return hash.digest('hex').slice(0, 12);
}

export function modelIdentity(setting: string): string {
  const reference = parseModelReference(setting);
  if (reference.kind === 'hub') return `${reference.id}@${reference.revision}`;
  const folder = path.resolve(reference.path);
  return `folder:${path.basename(folder)}:${folderFingerprint(folder)}`;
}
