/**
 * "1 row", "2 rows", "1,234 conversations": the counts every command prints, so that a one-row
 * release does not read "1 rows". Only regular English plurals are needed here.
 */
export function countNoun(value: number, noun: string): string {
  return `${value.toLocaleString('en-US')} ${value === 1 ? noun : `${noun}s`}`;
}
