/**
 * Splits the text of a top-level JSON array into the text of its elements, chunk by chunk, so a
 * multi-gigabyte `[...]` file is read with memory bounded by its largest element.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

export class JsonArraySplitter {
  private buffer = '';
  private scanFrom = 0;
  private elementStart = -1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private finished = false;

  /** Feeds text; returns the complete elements it ended. */
  push(text: string): string[] {
    this.buffer += text;
    const elements: string[] = [];
    const buffer = this.buffer;
    let index = this.scanFrom;
    for (; index < buffer.length; index += 1) {
      const code = buffer.charCodeAt(index);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) this.inString = false;
        continue;
      }
      if (!this.started) {
        if (code === OPEN_BRACKET) {
          this.started = true;
          this.depth = 1;
        } else if (code > 0x20 && code !== 0xfeff) {
          throw new Error('JSON input is not an array');
        }
        continue;
      }
      if (this.finished) {
        if (code > 0x20) throw new Error('unexpected text after the JSON array');
        continue;
      }
      if (code === QUOTE) {
        this.inString = true;
        if (this.elementStart < 0) this.elementStart = index;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (this.depth === 1 && this.elementStart < 0) this.elementStart = index;
        this.depth += 1;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        this.depth -= 1;
        if (this.depth === 0) {
          this.emit(buffer, index, elements);
          this.finished = true;
        }
      } else if (code === COMMA && this.depth === 1) {
        this.emit(buffer, index, elements);
      } else if (code > 0x20 && this.depth === 1 && this.elementStart < 0) {
        this.elementStart = index;
      }
    }
    // Keep only the unfinished element.
    const keepFrom = this.elementStart >= 0 ? this.elementStart : index;
    this.buffer = buffer.slice(keepFrom);
    if (this.elementStart >= 0) this.elementStart -= keepFrom;
    this.scanFrom = index - keepFrom;
    return elements;
  }

  /** Call at the end of input; throws when the array was not closed. */
  end(): void {
    if (!this.finished) throw new Error(this.started ? 'JSON array is not closed' : 'JSON input is empty');
  }

  private emit(buffer: string, index: number, elements: string[]): void {
    if (this.elementStart >= 0) {
      elements.push(buffer.slice(this.elementStart, index));
      this.elementStart = -1;
    }
  }
}
