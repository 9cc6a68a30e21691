import fs from 'node:fs';
import path from 'node:path';

/**
 * Replaces one marked section of docs/quality.md (`<!-- name:start -->` … `<!-- name:end -->`),
 * appending it when missing, so several evals can share the document without clobbering each other.
 */
export function updateDocSection(documentPath: string, name: string, markdown: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = fs.existsSync(documentPath) ? fs.readFileSync(documentPath, 'utf8') : '# Quality\n';
  const startIndex = current.indexOf(start);
  const endIndex = current.indexOf(end);
  const next =
    startIndex >= 0 && endIndex > startIndex
      ? current.slice(0, startIndex) + block + current.slice(endIndex + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  fs.mkdirSync(path.dirname(documentPath), { recursive: true });
  fs.writeFileSync(documentPath, next);
}

/** docs/quality.md of this checkout, found relative to this file. */
export const QUALITY_DOC_PATH = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'docs', 'quality.md');
