/**
 * Renders Markdown produced by renderMarkdown (which escapes all raw HTML and drops unsafe links)
 * and wires the copy buttons of code blocks with one delegated listener.
 */
import { memo, useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { MouseEvent, ReactElement } from 'react';
import { isHighlighterReady, loadHighlighter, subscribeHighlighter } from '../markdown/highlighter-loader.ts';
import { renderMarkdown } from '../markdown/render-markdown.ts';
import { copyText } from '../dom/copy-text.ts';

export interface MarkdownViewProps {
  source: string;
  className?: string;
  /** One block of a streaming reply, inside a wrapper that carries the `markdown` class. */
  block?: boolean;
}

export const MarkdownView = memo(function MarkdownView({ source, className, block = false }: MarkdownViewProps): ReactElement {
  const highlighterReady = useSyncExternalStore(subscribeHighlighter, isHighlighterReady, isHighlighterReady);
  const hasCode = source.includes('```') || source.includes('~~~');
  // Re-render once the highlighter arrives, but only messages that contain fenced code.
  const html = useMemo(() => renderMarkdown(source), [source, hasCode && highlighterReady]);
  useEffect(() => {
    if (hasCode && !highlighterReady) void loadHighlighter();
  }, [hasCode, highlighterReady]);
  const onClick = useCallback((event: MouseEvent<HTMLDivElement>) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const button = target.closest('button[data-copy-code]');
    if (!(button instanceof HTMLButtonElement)) return;
    const code = button.closest('.code-block')?.querySelector('code');
    if (!code) return;
    void copyText(code.textContent ?? '').then((copied) => {
      button.textContent = copied ? 'Copied' : 'Copy failed';
      window.setTimeout(() => {
        button.textContent = 'Copy';
      }, 1500);
    });
  }, []);
  // The HTML comes from markdown-it with html:false and link validation: no user markup survives.
  const base = block ? 'markdown-block' : 'markdown';
  return <div className={className ? `${base} ${className}` : base} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
});
