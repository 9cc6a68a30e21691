/**
 * The reply being streamed. It alone subscribes to the live text, so each animation frame
 * re-renders this one message and nothing else; within it, finished Markdown blocks are memoised
 * and only the block being written is parsed again.
 */
import { useSyncExternalStore } from 'react';
import type { ReactElement } from 'react';
import { splitMarkdownBlocks } from '../markdown/split-markdown-blocks.ts';
import type { LiveReplyStore } from '../state/live-reply-store.ts';
import { MarkdownView } from './markdown-view.tsx';
import { TypingIndicator } from './typing-indicator.tsx';

export function LiveReply({ store, fallbackText }: { store: LiveReplyStore; fallbackText: string }): ReactElement {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const text = snapshot.text || fallbackText;
  if (text === '') {
    return (
      <div className="live-reply" aria-busy="true">
        <TypingIndicator />
      </div>
    );
  }
  const { stable, tail } = splitMarkdownBlocks(text);
  return (
    <div className="live-reply" aria-busy="true">
      <div className="markdown live-markdown">
        {stable.map((block, index) => (
          // Blocks only ever get appended, so the index is a stable identity.
          <MarkdownView key={index} source={block} block />
        ))}
        {tail !== '' ? <MarkdownView key="tail" source={tail} block /> : null}
      </div>
    </div>
  );
}
