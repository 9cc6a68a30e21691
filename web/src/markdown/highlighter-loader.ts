/**
 * Loads the syntax highlighter on demand. It is the largest optional piece of the page, so it is
 * kept out of the initial bundle; code blocks render as escaped plain text until it arrives and
 * then re-render highlighted. The chat screen starts loading it right away, so in practice it is
 * ready before the first reply.
 */

export interface Highlighter {
  highlightCode(code: string, language: string): string;
  isKnownLanguage(language: string): boolean;
}

let highlighter: Highlighter | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

export function currentHighlighter(): Highlighter | null {
  return highlighter;
}

export function isHighlighterReady(): boolean {
  return highlighter !== null;
}

export function subscribeHighlighter(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function loadHighlighter(): Promise<void> {
  loading ??= import('./highlight-code.ts').then(
    (module) => {
      highlighter = module;
      for (const listener of listeners) listener();
    },
    () => {
      // Offline mid-session or a stale deploy: keep plain code blocks and allow a later retry.
      loading = null;
    },
  );
  return loading;
}

/** Installs a highlighter directly (tests and server-side rendering). */
export function setHighlighter(value: Highlighter | null): void {
  highlighter = value;
  for (const listener of listeners) listener();
}
