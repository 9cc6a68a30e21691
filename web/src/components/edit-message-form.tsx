/** Inline editor for a previous user message; submitting creates a new branch from there. */
import { useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { LengthHint } from './length-hint.tsx';

export interface EditMessageFormProps {
  initialText: string;
  maxMessageChars: number;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}

export function EditMessageForm({ initialText, maxMessageChars, onSubmit, onCancel }: EditMessageFormProps): ReactElement {
  const [text, setText] = useState(initialText);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }, []);
  const tooLong = text.length > maxMessageChars;
  const canSubmit = text.trim() !== '' && !tooLong;
  return (
    <form
      className="edit-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSubmit) onSubmit(text);
      }}
    >
      <label className="visually-hidden" htmlFor="edit-message">
        Edit your message
      </label>
      <textarea
        id="edit-message"
        ref={areaRef}
        value={text}
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            if (canSubmit) onSubmit(text);
          }
        }}
      />
      <LengthHint length={text.length} max={maxMessageChars} />
      <div className="edit-buttons">
        <button type="button" className="secondary-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary-button" disabled={!canSubmit}>
          Save and send
        </button>
      </div>
    </form>
  );
}
