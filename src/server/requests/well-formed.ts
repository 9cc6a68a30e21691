/**
 * Text from a request with lone UTF-16 surrogates (valid in JSON escapes, "\ud800") replaced by
 * U+FFFD. SQLite would otherwise store them as bytes that are not UTF-8, which later readers
 * (exports, Parquet writers) reject, and a resent history would no longer hash like the stored one.
 */
export function wellFormed(text: string): string {
  // Node 20 has String.prototype.toWellFormed; TypeScript's ES2023 lib does not declare it yet.
  return (text as string & { toWellFormed(): string }).toWellFormed();
}
