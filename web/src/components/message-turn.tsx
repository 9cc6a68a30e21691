/**
 * One turn: the user's message and the model's reply, with their actions (copy, edit,
 * regenerate, versions). Memoised on primitive props, so streaming elsewhere never re-renders it.
 */
import { memo, useState } from 'react';
import type { ReactElement } from 'react';
import type { Turn } from '../api/types.ts';
import type { ChatActions } from '../state/use-chat-session.ts';
import type { LiveReplyStore } from '../state/live-reply-store.ts';
import { CopyButton } from './copy-button.tsx';
import { EditMessageForm } from './edit-message-form.tsx';
import { Icon } from './icons.tsx';
import { LiveReply } from './live-reply.tsx';
import { MarkdownView } from './markdown-view.tsx';
import { VersionSwitcher } from './version-switcher.tsx';

export interface MessageTurnProps {
  turn: Turn;
  versionIndex: number;
  versionCount: number;
  previousVersionId: number | null;
  nextVersionId: number | null;
  /** The versions differ in the user message (an edit), so the switcher sits under it. */
  versionsAreEdits: boolean;
  isLive: boolean;
  busy: boolean;
  maxMessageChars: number;
  liveReply: LiveReplyStore;
  actions: ChatActions;
}

const statusNotes: Partial<Record<Turn['status'], string>> = {
  stopped: 'Stopped.',
  client_aborted: 'Interrupted: the connection closed before the reply finished.',
  interrupted: 'Interrupted: the server stopped before the reply finished.',
};

export const MessageTurn = memo(function MessageTurn(props: MessageTurnProps): ReactElement {
  const { turn, isLive, busy, actions } = props;
  const [editing, setEditing] = useState(false);
  const switcher = (
    <VersionSwitcher
      index={props.versionIndex}
      count={props.versionCount}
      previousId={props.previousVersionId}
      nextId={props.nextVersionId}
      disabled={busy}
      onChoose={actions.chooseVersion}
    />
  );
  const note = statusNotes[turn.status];

  return (
    <article className="turn" data-turn-id={turn.turnIdentifier} data-status={isLive ? 'streaming' : turn.status}>
      <div className="message message-user">
        <h3 className="visually-hidden">You said</h3>
        {editing ? (
          <EditMessageForm
            initialText={turn.userContent}
            maxMessageChars={props.maxMessageChars}
            onCancel={() => setEditing(false)}
            onSubmit={(text) => {
              setEditing(false);
              actions.edit(turn.turnIdentifier, text);
            }}
          />
        ) : (
          <>
            <div className="message-bubble user-text">{turn.userContent}</div>
            <div className="message-actions">
              {props.versionsAreEdits ? switcher : null}
              <CopyButton text={turn.userContent} label="Copy your message" />
              <button
                type="button"
                className="icon-button"
                aria-label="Edit your message"
                title="Edit your message"
                disabled={busy}
                onClick={() => setEditing(true)}
              >
                <Icon name="edit" size={16} />
              </button>
            </div>
          </>
        )}
      </div>

      <div className="message message-assistant">
        <h3 className="visually-hidden">{turn.model ? `${turn.model} replied` : 'The model replied'}</h3>
        {isLive ? (
          <LiveReply store={props.liveReply} fallbackText={turn.assistantContent} />
        ) : turn.assistantContent !== '' ? (
          <MarkdownView source={turn.assistantContent} />
        ) : null}
        {!isLive && note ? <p className="status-note">{note}</p> : null}
        {!isLive && turn.status === 'upstream_error' ? (
          <div className="inline-error" role="alert">
            <Icon name="warning" size={16} />
            <span>{turn.error?.message ?? 'The model service failed to answer.'}</span>
            <button type="button" className="text-button" disabled={busy} onClick={() => actions.regenerate(turn.turnIdentifier)}>
              Retry
            </button>
          </div>
        ) : null}
        {!isLive ? (
          <div className="message-actions">
            {props.versionsAreEdits ? null : switcher}
            {turn.assistantContent !== '' ? <CopyButton text={turn.assistantContent} label="Copy the reply" /> : null}
            <button
              type="button"
              className="icon-button"
              aria-label="Regenerate the reply"
              title="Regenerate the reply"
              disabled={busy}
              onClick={() => actions.regenerate(turn.turnIdentifier)}
            >
              <Icon name="regenerate" size={16} />
            </button>
            {turn.model ? <span className="model-tag">{turn.model}</span> : null}
          </div>
        ) : null}
      </div>
    </article>
  );
});
