/**
 * Splits the bytes of a top-level JSON array into its elements, chunk by chunk, so a
 * multi-gigabyte `[...]` file is read with memory bounded by its largest element.
 *
 * It works on bytes, not decoded text: JSON's structural characters are ASCII and every byte of a
 * multi-byte UTF-8 sequence is >= 0x80, so the scan is exact, and each element's own byte span can
 * be checked for invalid UTF-8 (a decoder in front of the splitter would replace it silently).
 */
import { isUtf8 } from 'node:buffer';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];

export interface JsonArrayElement {
  /** 1-based index of the element in the array. */
  item: number;
  /** 1-based line and 0-based byte offset (of the decompressed input) where the element starts. */
  line: number;
  byteOffset: number;
  /** The element's JSON text; holds U+FFFD where its bytes were not valid UTF-8. */
  text: string;
  validUtf8: boolean;
}

export class JsonArraySplitter {
  private buffer: Buffer = Buffer.alloc(0);
  /** Offset in the whole input of buffer[0]. */
  private bufferOffset = 0;
  private scanFrom = 0;
  /** Line at buffer[scanFrom]. */
  private line = 1;
  private elementStart = -1;
  private elementLine = 0;
  private items = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private finished = false;

  /** Feeds bytes; returns the complete elements they ended. */
  push(chunk: Uint8Array): JsonArrayElement[] {
    const buffer = this.buffer.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.buffer, chunk]);
    const elements: JsonArrayElement[] = [];
    let index = this.scanFrom;
    for (; index < buffer.length; index += 1) {
      const code = buffer[index] as number;
      if (code === NEWLINE) this.line += 1;
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
        } else if (code > 0x20 && !this.isByteOrderMark(code, this.bufferOffset + index)) {
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
        if (this.elementStart < 0) this.startElement(index);
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (this.depth === 1 && this.elementStart < 0) this.startElement(index);
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
        this.startElement(index);
      }
    }
    // Keep only the unfinished element (copied, so the caller's chunk is not retained).
    const keepFrom = this.elementStart >= 0 ? this.elementStart : index;
    this.buffer = keepFrom < buffer.length ? Buffer.from(buffer.subarray(keepFrom)) : Buffer.alloc(0);
    this.bufferOffset += keepFrom;
    if (this.elementStart >= 0) this.elementStart -= keepFrom;
    this.scanFrom = index - keepFrom;
    return elements;
  }

  /** Call at the end of input; throws when the array was not closed. */
  end(): void {
    if (!this.finished) throw new Error(this.started ? 'JSON array is not closed' : 'JSON input is empty');
  }

  private isByteOrderMark(code: number, offset: number): boolean {
    return offset < BYTE_ORDER_MARK.length && BYTE_ORDER_MARK[offset] === code;
  }

  private startElement(index: number): void {
    this.elementStart = index;
    this.elementLine = this.line;
  }

  private emit(buffer: Buffer, index: number, elements: JsonArrayElement[]): void {
    if (this.elementStart < 0) return;
    const bytes = buffer.subarray(this.elementStart, index);
    this.items += 1;
    elements.push({
      item: this.items,
      line: this.elementLine,
      byteOffset: this.bufferOffset + this.elementStart,
      text: bytes.toString('utf8'),
      validUtf8: isUtf8(bytes),
    });
    this.elementStart = -1;
  }
}
