/**
 * Consent terms: the operator's own Markdown file or our default text. The version is a short hash
 * of the content, so editing the text changes the version and every user is asked to consent again.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DEFAULT_TERMS_TEXT } from './default-terms.ts';

export interface Terms {
  version: string;
  /** Markdown. */
  text: string;
}

export function termsFromText(text: string): Terms {
  const version = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
  return { version, text };
}

export async function loadTerms(file: string | null): Promise<Terms> {
  if (file === null) return termsFromText(DEFAULT_TERMS_TEXT);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the terms file ${file}: ${readFailureReason(error)}`, { cause: error });
  }
  if (text.trim() === '') throw new Error(`The terms file ${file} is empty`);
  return termsFromText(text);
}

/** The operator's fix depends on why: a typo in the path, a folder given, or file permissions. */
function readFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? 'read failed';
}
