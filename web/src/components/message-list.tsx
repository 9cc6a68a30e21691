/**
 * The visible path of the conversation. Per-turn props are primitives, so when a reply finishes
 * only the turns whose data changed re-render; the long history stays put.
 */
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import type { ReactElement } from 'react';
import type { Turn } from '../api/types.ts';
import { siblingPosition } from '../state/conversation-tree.ts';
import type { TurnTree } from '../state/conversation-tree.ts';
import type { LiveReplyStore } from '../state/live-reply-store.ts';
import type { ChatActions, PendingMessage } from '../state/use-chat-session.ts';
import { MessageTurn } from './message-turn.tsx';
import { TypingIndicator } from './typing-indicator.tsx';

export interface MessageListProps {
  path: readonly Turn[];
  tree: TurnTree;
  pending: PendingMessage | null;
  streamingTurnId: number | null;
  busy: boolean;
  maxMessageChars: number;
  liveReply: LiveReplyStore;
  actions: ChatActions;
}

export const MessageList = memo(function MessageList(props: MessageListProps): ReactElement {
  const { path, tree, pending, streamingTurnId, busy, liveReply, actions } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const visible = pending ? pathBefore(path, pending.parentTurnId) : path;

  // Follow the reply as it streams, unless the user has scrolled up to read.
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const follow = (): void => {
      if (stickToBottom.current) element.scrollTop = element.scrollHeight;
    };
    return liveReply.subscribe(() => requestAnimationFrame(follow));
  }, [liveReply]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [path, pending]);

  return (
    <div
      className="message-scroll"
      ref={scrollRef}
      onScroll={(event) => {
        const element = event.currentTarget;
        stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
      }}
    >
      <div className="message-list" aria-label="Conversation" role="log">
        {visible.map((turn) => {
          const position = siblingPosition(tree, turn);
          return (
            <MessageTurn
              key={turn.turnIdentifier}
              turn={turn}
              versionIndex={position.index}
              versionCount={position.count}
              previousVersionId={position.previous?.turnIdentifier ?? null}
              nextVersionId={position.next?.turnIdentifier ?? null}
              versionsAreEdits={position.userMessageDiffers}
              isLive={turn.turnIdentifier === streamingTurnId}
              busy={busy}
              maxMessageChars={props.maxMessageChars}
              liveReply={liveReply}
              actions={actions}
            />
          );
        })}
        {pending ? (
          <article className="turn pending" data-status="pending">
            <div className="message message-user">
              <div className="message-bubble user-text">{pending.content}</div>
            </div>
            <div className="message message-assistant">
              <TypingIndicator />
            </div>
          </article>
        ) : null}
      </div>
    </div>
  );
});

/** While a message is on its way, show the path up to the turn it answers (an edit branches off earlier). */
function pathBefore(path: readonly Turn[], parentTurnId: number | null): readonly Turn[] {
  if (parentTurnId === null) return [];
  const index = path.findIndex((turn) => turn.turnIdentifier === parentTurnId);
  return index === -1 ? path : path.slice(0, index + 1);
}
