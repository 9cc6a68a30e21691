/**
 * An incremental Server-Sent-Events parser following the WHATWG "event stream" interpretation
 * rules. Bytes may arrive split anywhere: inside a multi-byte UTF-8 character, between `\r` and
 * `\n`, in the middle of a field name. It is strict where leniency would hide a broken upstream:
 * invalid UTF-8 and oversized events are errors instead of being silently replaced or buffered
 * without bound.
 *
 * Events are delivered through a callback so a caller can drain them into a reused array and
 * nothing is allocated per chunk beyond the decoded text and the event itself.
 */

export interface SseEvent {
  /** The `event:` field, or "message" when none was given. */
  type: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The last `id:` seen on the stream so far (persists across events, as the spec says). */
  lastEventId: string;
}

export type SseParseErrorCode = 'invalid_utf8' | 'event_too_large';

export class SseParseError extends Error {
  readonly code: SseParseErrorCode;
  constructor(code: SseParseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SseParseError';
    this.code = code;
  }
}

export interface SseParserOptions {
  onEvent: (event: SseEvent) => void;
  /** Lines starting with ":" (keep-alives); the text after the colon and one optional space. */
  onComment?: (comment: string) => void;
  /** A valid `retry:` field (milliseconds). */
  onRetry?: (milliseconds: number) => void;
  /**
   * Upper bound on one event (its pending line plus its data), in UTF-16 code units. A stream
   * that never sends a line break must not grow memory without limit.
   */
  maxEventLength?: number;
}

export interface SseEndResult {
  /** True when the stream stopped inside a line or inside an event (no blank line after it). */
  incompleteEvent: boolean;
}

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const DEFAULT_MAX_EVENT_LENGTH = 8 * 1024 * 1024;
const DIGITS_ONLY = /^[0-9]+$/;

export class SseParser {
  private readonly onEvent: (event: SseEvent) => void;
  private readonly onComment: ((comment: string) => void) | undefined;
  private readonly onRetry: ((milliseconds: number) => void) | undefined;
  private readonly maxEventLength: number;
  // fatal: a corrupted byte from the upstream must surface, not become U+FFFD in a dataset.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private pendingLine = '';
  /** A chunk ended with "\r": a "\n" starting the next chunk belongs to the same line break. */
  private skipLeadingLineFeed = false;
  private eventType = '';
  private data = '';
  private hasData = false;
  private lastEventId = '';
  private ended = false;

  constructor(options: SseParserOptions) {
    this.onEvent = options.onEvent;
    this.onComment = options.onComment;
    this.onRetry = options.onRetry;
    this.maxEventLength = options.maxEventLength ?? DEFAULT_MAX_EVENT_LENGTH;
  }

  /** Feeds raw bytes. Throws SseParseError on invalid UTF-8 or an oversized event. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('SseParser.push called after end()');
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch (error) {
      throw new SseParseError('invalid_utf8', 'event stream is not valid UTF-8', { cause: error });
    }
    if (text.length > 0) this.consume(text);
  }

  /**
   * Marks the end of the stream. Per the spec, a trailing line without a line break and an event
   * without its closing blank line are discarded; the result says whether that happened.
   */
  end(): SseEndResult {
    if (this.ended) return { incompleteEvent: false };
    this.ended = true;
    let truncatedCharacter = false;
    try {
      truncatedCharacter = this.decoder.decode().length > 0;
    } catch {
      truncatedCharacter = true;
    }
    const incompleteEvent = truncatedCharacter || this.pendingLine.length > 0 || this.hasData || this.eventType !== '';
    this.pendingLine = '';
    this.data = '';
    this.hasData = false;
    this.eventType = '';
    return { incompleteEvent };
  }

  private consume(text: string): void {
    const length = text.length;
    let lineStart = 0;
    if (this.skipLeadingLineFeed) {
      this.skipLeadingLineFeed = false;
      if (text.charCodeAt(0) === LINE_FEED) lineStart = 1;
    }
    for (let index = lineStart; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code !== LINE_FEED && code !== CARRIAGE_RETURN) continue;
      const piece = text.slice(lineStart, index);
      let line: string;
      if (this.pendingLine.length > 0) {
        line = this.pendingLine + piece;
        this.pendingLine = '';
      } else {
        line = piece;
      }
      this.processLine(line);
      if (code === CARRIAGE_RETURN) {
        if (index + 1 < length) {
          if (text.charCodeAt(index + 1) === LINE_FEED) index++;
        } else {
          this.skipLeadingLineFeed = true;
        }
      }
      lineStart = index + 1;
    }
    if (lineStart < length) {
      this.pendingLine = this.pendingLine.length > 0 ? this.pendingLine + text.slice(lineStart) : text.slice(lineStart);
      this.checkSize();
    }
  }

  private processLine(line: string): void {
    if (line.length === 0) {
      this.dispatch();
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) {
      if (this.onComment !== undefined) {
        this.onComment(line.charCodeAt(1) === SPACE ? line.slice(2) : line.slice(1));
      }
      return;
    }
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === SPACE ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'data':
        if (this.hasData) {
          this.data = this.data + '\n' + value;
        } else {
          this.data = value;
          this.hasData = true;
        }
        this.checkSize();
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        // The spec ignores ids containing NUL so they cannot truncate a Last-Event-ID header.
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      case 'retry':
        if (DIGITS_ONLY.test(value) && this.onRetry !== undefined) this.onRetry(Number.parseInt(value, 10));
        break;
      default:
        // Unknown fields are ignored by the spec; a colon-less line is a field with an empty value.
        break;
    }
  }

  private dispatch(): void {
    if (!this.hasData) {
      this.eventType = '';
      return;
    }
    const event: SseEvent = {
      type: this.eventType === '' ? 'message' : this.eventType,
      data: this.data,
      lastEventId: this.lastEventId,
    };
    this.eventType = '';
    this.data = '';
    this.hasData = false;
    this.onEvent(event);
  }

  private checkSize(): void {
    if (this.pendingLine.length + this.data.length > this.maxEventLength) {
      throw new SseParseError('event_too_large', `event stream event exceeds ${this.maxEventLength} characters`);
    }
  }
}
