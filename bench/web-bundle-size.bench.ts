/**
 * Initial download of the chat page, from the Vite build manifest: the entry chunk plus its static
 * imports and the classic scripts in its <head> (what the browser must fetch before the page
 * works), gzipped, against the 150 KB budget.
 * Lazy chunks (the syntax highlighter) are listed apart.
 *
 *   npm run build && node --import tsx bench/web-bundle-size.bench.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';

const budgetBytes = 150 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist');
const manifestPath = path.join(dist, '.vite', 'manifest.json');

const manifestSchema = z.record(
  z.string(),
  z.object({
    file: z.string(),
    isEntry: z.boolean().optional(),
    imports: z.array(z.string()).optional(),
    dynamicImports: z.array(z.string()).optional(),
    css: z.array(z.string()).optional(),
  }),
);

if (!fs.existsSync(manifestPath)) {
  process.stderr.write('web/dist/.vite/manifest.json is missing: run `npm run build` first\n');
  process.exit(1);
}
const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));

function sizes(file: string): { raw: number; gzip: number } {
  const content = fs.readFileSync(path.join(dist, file));
  return { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
}

const initial = new Set<string>();
const css = new Set<string>();
const visit = (key: string): void => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const file of chunk.css ?? []) css.add(file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
// The chat page only (web/explore.html is the explorer's own entry).
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry && key === 'index.html') visit(key);
// Classic scripts the page loads before its entry (the theme boot script) are not in the manifest.
const chatPage = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
for (const match of chatPage.matchAll(/<script src="\/(assets\/[^"]+\.js)"><\/script>/g)) if (match[1]) initial.add(match[1]);
const lazy = new Set(
  Object.values(manifest)
    .map((chunk) => chunk.file)
    .filter((file) => file.endsWith('.js') && !initial.has(file)),
);

const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
let initialGzip = 0;
const rows: string[] = [];
for (const file of initial) {
  const size = sizes(file);
  initialGzip += size.gzip;
  rows.push(`| initial JS | ${file} | ${kilobytes(size.raw)} | ${kilobytes(size.gzip)} |`);
}
for (const file of css) {
  const size = sizes(file);
  rows.push(`| initial CSS | ${file} | ${kilobytes(size.raw)} | ${kilobytes(size.gzip)} |`);
}
for (const file of lazy) {
  const size = sizes(file);
  rows.push(`| lazy JS | ${file} | ${kilobytes(size.raw)} | ${kilobytes(size.gzip)} |`);
}

process.stdout.write(
  [
    '| part | file | minified | gzip -9 |',
    '|---|---|---:|---:|',
    ...rows,
    '',
    `Initial JavaScript: ${kilobytes(initialGzip)} gzipped (budget ${kilobytes(budgetBytes)}): ${initialGzip <= budgetBytes ? 'within budget' : 'OVER BUDGET'}`,
    '',
  ].join('\n'),
);
if (initialGzip > budgetBytes) process.exitCode = 1;
