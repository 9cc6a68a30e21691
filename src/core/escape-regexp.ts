/**
 * A literal string made safe to splice into a RegExp source: word lists become alternations,
 * and a list entry such as "c++" or "a.k.a" must match itself, not act as a pattern.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
