/** One sidebar entry, with inline rename and a confirmed delete. */
import { memo, useState } from 'react';
import type { ReactElement } from 'react';
import type { StoredConversation } from '../state/browser-storage.ts';
import { Icon } from './icons.tsx';

export interface ConversationItemProps {
  conversation: StoredConversation;
  active: boolean;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}

type Mode = 'view' | 'rename' | 'confirm-delete';

export const ConversationItem = memo(function ConversationItem(props: ConversationItemProps): ReactElement {
  const { conversation, active } = props;
  const [mode, setMode] = useState<Mode>('view');
  const [title, setTitle] = useState(conversation.title ?? '');
  const [error, setError] = useState<string | null>(null);
  const shownTitle = conversation.title || 'Untitled chat';

  if (mode === 'rename') {
    return (
      <li className="conversation-item editing">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const trimmed = title.trim();
            if (trimmed === '') return;
            props.onRename(conversation.id, trimmed).then(
              () => setMode('view'),
              () => setError('Rename failed.'),
            );
          }}
        >
          <label className="visually-hidden" htmlFor={`rename-${conversation.id}`}>
            New title
          </label>
          <input
            id={`rename-${conversation.id}`}
            value={title}
            maxLength={200}
            autoFocus
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setMode('view');
            }}
          />
          <button type="submit" className="text-button">
            Save
          </button>
          <button type="button" className="text-button" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
        {error ? <p className="item-error">{error}</p> : null}
      </li>
    );
  }

  if (mode === 'confirm-delete') {
    return (
      <li className="conversation-item confirming">
        <span className="confirm-text">Delete “{shownTitle}”?</span>
        <button
          type="button"
          className="text-button danger"
          onClick={() => {
            props.onDelete(conversation.id).catch(() => setError('Delete failed.'));
          }}
        >
          Delete
        </button>
        <button type="button" className="text-button" onClick={() => setMode('view')}>
          Cancel
        </button>
        {error ? <p className="item-error">{error}</p> : null}
      </li>
    );
  }

  return (
    <li className={active ? 'conversation-item active' : 'conversation-item'}>
      <a
        href={`/c/${encodeURIComponent(conversation.id)}`}
        className="conversation-link"
        aria-current={active ? 'page' : undefined}
        onClick={(event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          props.onOpen(conversation.id);
        }}
      >
        {shownTitle}
      </a>
      <button
        type="button"
        className="icon-button"
        aria-label={`Rename “${shownTitle}”`}
        onClick={() => {
          setTitle(conversation.title ?? '');
          setError(null);
          setMode('rename');
        }}
      >
        <Icon name="edit" size={15} />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Delete “${shownTitle}”`}
        onClick={() => {
          setError(null);
          setMode('confirm-delete');
        }}
      >
        <Icon name="trash" size={15} />
      </button>
    </li>
  );
});
