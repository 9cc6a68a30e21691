/**
 * A small incremental Server-Sent-Events parser for the browser. EventSource cannot POST, so the
 * app reads reply streams with fetch + ReadableStream and feeds the decoded text here. Text may be
 * split anywhere, including between "\r" and "\n"; events are only emitted at a blank line, so a
 * half-received event is never delivered.
 */

export interface ServerSentEvent {
  /** The `event:` field, "message" when absent. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
}

export class SseParser {
  private buffer = '';
  private eventName = '';
  private dataLines: string[] = [];
  private hasData = false;
  private pendingCarriageReturn = false;
  private started = false;

  /** Feeds decoded text; returns the events completed by it. */
  push(text: string): ServerSentEvent[] {
    let chunk = text;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    // A "\r" at the end of the previous chunk may be the first half of "\r\n".
    if (this.pendingCarriageReturn && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.pendingCarriageReturn = false;

    const events: ServerSentEvent[] = [];
    this.buffer += chunk;
    let start = 0;
    for (let index = 0; index < this.buffer.length; index++) {
      const code = this.buffer.charCodeAt(index);
      if (code !== 10 && code !== 13) continue;
      const line = this.buffer.slice(start, index);
      if (code === 13) {
        if (index + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(index + 1) === 10) index++;
        } else {
          this.pendingCarriageReturn = true;
        }
      }
      start = index + 1;
      const event = this.processLine(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** The stream ended: an unterminated trailing event is dropped, as the SSE spec says. */
  end(): void {
    this.buffer = '';
    this.resetEvent();
  }

  private processLine(line: string): ServerSentEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.eventName = value;
    else if (field === 'data') {
      this.dataLines.push(value);
      this.hasData = true;
    }
    // `id` and `retry` are not used by this API; unknown fields are ignored per the spec.
    return null;
  }

  private dispatch(): ServerSentEvent | null {
    if (!this.hasData) {
      this.resetEvent();
      return null;
    }
    const event = { event: this.eventName || 'message', data: this.dataLines.join('\n') };
    this.resetEvent();
    return event;
  }

  private resetEvent(): void {
    this.eventName = '';
    this.dataLines = [];
    this.hasData = false;
  }
}
