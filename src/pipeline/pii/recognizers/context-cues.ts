/** Small helpers shared by recognizers that look at the words around a match. */

/** True when `text` has at least `minimum` ASCII digits; stops counting early. */
export function countDigits(text: string, minimum: number): boolean {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57 && (count += 1) >= minimum) return true;
  }
  return false;
}

/** Lower-cased text within `radius` characters on both sides of [start, end). */
export function surroundingWindow(text: string, start: number, end: number, radius: number): string {
  return (text.slice(Math.max(0, start - radius), start) + ' ' + text.slice(end, end + radius)).toLowerCase();
}
