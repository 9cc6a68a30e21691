/**
 * Splits streaming Markdown into finished blocks and the block still being written, so a long
 * reply re-parses only its tail each frame. A block ends at a blank line outside a code fence;
 * once a later block has started, an earlier one cannot change (except in rare cases such as a
 * loose list, which the final full render after the stream puts right).
 */

export interface MarkdownBlocks {
  /** Blocks that are complete; each keeps its trailing newlines so joining them gives the source back. */
  stable: string[];
  /** The block still being written (may be empty). */
  tail: string;
}

const fencePattern = /^ {0,3}(`{3,}|~{3,})/;

export function splitMarkdownBlocks(source: string): MarkdownBlocks {
  const stable: string[] = [];
  let blockStart = 0;
  let fence: string | null = null;
  let lineStart = 0;
  let sawContent = false;
  while (lineStart < source.length) {
    const newline = source.indexOf('\n', lineStart);
    if (newline === -1) break;
    const line = source.slice(lineStart, newline);
    const opener = fencePattern.exec(line)?.[1];
    if (fence === null && opener) {
      fence = opener;
    } else if (fence !== null && opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) {
      fence = null;
    }
    const blank = line.trim() === '';
    if (fence === null && blank && sawContent) {
      // Include the blank line(s) in the finished block, then start the next block.
      let next = newline + 1;
      while (next < source.length) {
        const following = source.indexOf('\n', next);
        if (following === -1 || source.slice(next, following).trim() !== '') break;
        next = following + 1;
      }
      stable.push(source.slice(blockStart, next));
      blockStart = next;
      lineStart = next;
      sawContent = false;
      continue;
    }
    if (!blank) sawContent = true;
    lineStart = newline + 1;
  }
  return { stable, tail: source.slice(blockStart) };
}
