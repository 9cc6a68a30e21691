/**
 * Text of the reply that is streaming right now, outside React state. Deltas are appended here
 * and subscribers are told at most once per animation frame, so a fast stream costs one Markdown
 * render per frame for one message, and the rest of the history never re-renders.
 */

type Listener = () => void;

export interface LiveReplySnapshot {
  /** The turn being streamed, or null before the server has committed it. */
  turnIdentifier: number | null;
  text: string;
}

const emptySnapshot: LiveReplySnapshot = { turnIdentifier: null, text: '' };

export class LiveReplyStore {
  private snapshot: LiveReplySnapshot = emptySnapshot;
  private readonly listeners = new Set<Listener>();
  private frameRequested = false;
  private readonly scheduleFrame: (callback: () => void) => void;

  constructor(scheduleFrame?: (callback: () => void) => void) {
    this.scheduleFrame =
      scheduleFrame ??
      ((callback) => {
        if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
        else setTimeout(callback, 16);
      });
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveReplySnapshot => this.snapshot;

  start(turnIdentifier: number | null, text = ''): void {
    this.snapshot = { turnIdentifier, text };
    this.notifyNow();
  }

  append(text: string): void {
    if (text === '') return;
    this.snapshot = { turnIdentifier: this.snapshot.turnIdentifier, text: this.snapshot.text + text };
    this.notifyOnNextFrame();
  }

  reset(): void {
    this.snapshot = emptySnapshot;
    this.notifyNow();
  }

  private notifyOnNextFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.scheduleFrame(() => {
      this.frameRequested = false;
      this.notifyNow();
    });
  }

  private notifyNow(): void {
    for (const listener of this.listeners) listener();
  }
}
