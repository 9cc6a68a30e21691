/**
 * The message box. Its text lives in its own state, so typing re-renders only this component,
 * never the conversation (this is what keeps input latency low on long chats).
 * Enter sends, Shift+Enter adds a line.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { Icon } from './icons.tsx';
import { LengthHint } from './length-hint.tsx';

export interface ComposerProps {
  busy: boolean;
  /** Why sending is impossible right now (kill switch, rate limit, turn limit), or null. */
  blockedReason: string | null;
  maxMessageChars: number;
  /** Text handed back after a failed send; `nonce` changes each time. */
  restoredDraft: { text: string; nonce: number } | null;
  onSend: (text: string) => void;
  onStop: () => void;
}

export const Composer = memo(function Composer(props: ComposerProps): ReactElement {
  const { busy, blockedReason, maxMessageChars, restoredDraft, onSend, onStop } = props;
  const [text, setText] = useState('');
  const areaRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (restoredDraft) setText((current) => (current === '' ? restoredDraft.text : current));
  }, [restoredDraft]);

  // Grow with the text up to a limit, then scroll inside.
  useLayoutEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 240)}px`;
  }, [text]);

  const tooLong = text.length > maxMessageChars;
  const canSend = !busy && blockedReason === null && text.trim() !== '' && !tooLong;
  const send = (): void => {
    if (!canSend) return;
    onSend(text);
    setText('');
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {blockedReason ? <p className="composer-blocked">{blockedReason}</p> : null}
      <LengthHint id="composer-length" length={text.length} max={maxMessageChars} />
      <div className="composer-row">
        <label htmlFor="composer-input" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={areaRef}
          rows={1}
          value={text}
          placeholder="Send a message"
          aria-describedby={tooLong ? 'composer-length' : undefined}
          aria-invalid={tooLong || undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        {busy ? (
          <button type="button" className="send-button stop" aria-label="Stop generating" title="Stop generating" onClick={onStop}>
            <Icon name="stop" />
          </button>
        ) : (
          <button type="submit" className="send-button" aria-label="Send message" title="Send (Enter)" disabled={!canSend}>
            <Icon name="send" />
          </button>
        )}
      </div>
      <p className="composer-footnote">Conversations are recorded for research as described in the terms. Shift+Enter adds a line.</p>
    </form>
  );
});
