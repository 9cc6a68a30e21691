/**
 * Run by `npm run build` after the compiler (node dist/resources/write-derived-tables.js): stores
 * the BPE counter's packed tables of both encodings in dist/derived/, which the compiled CLI and
 * its workers then read instead of packing gpt-tokenizer's rank table at every start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packRanks } from '../pipeline/tokens/byte-pair-counter.ts';
import { type BytePairEncoding, bytePairTableIdentity, encodePackedRanks, storedTablePath } from './byte-pair-table-file.ts';
import { nodeDataPackages } from './node-data-packages.ts';

export function writeDerivedTables(): string[] {
  const written: string[] = [];
  for (const encoding of ['o200k_base', 'cl100k_base'] as const satisfies readonly BytePairEncoding[]) {
    const path = fileURLToPath(storedTablePath(encoding));
    mkdirSync(fileURLToPath(new URL('.', storedTablePath(encoding))), { recursive: true });
    writeFileSync(path, encodePackedRanks(packRanks(nodeDataPackages.bytePairTables(encoding).ranks), bytePairTableIdentity(encoding)));
    written.push(path);
  }
  return written;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const path of writeDerivedTables()) console.log(`wildchat: wrote ${path}`);
}
