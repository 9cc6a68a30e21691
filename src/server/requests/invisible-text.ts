/**
 * A message nobody can see is empty: whitespace, zero-width and other default-ignorable characters
 * (U+200B–U+200D, U+2060, U+FEFF, U+3164 Hangul filler, variation selectors, tag characters),
 * format and control characters. Such a "message" would be stored and sent upstream as a blank turn.
 */
const INVISIBLE_ONLY = /^[\s\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]*$/u;

export function isInvisible(text: string): boolean {
  return INVISIBLE_ONLY.test(text);
}
