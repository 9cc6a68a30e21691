/** Whitespace-only content counts as empty: it gets `{}` annotations and is never toxic. */
export function isBlank(content: string): boolean {
  return content.trim().length === 0;
}
