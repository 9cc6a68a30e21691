/** This browser's conversations: open, rename, delete, and start a new chat; the theme picker sits at its foot. */
import { memo } from 'react';
import type { ReactElement } from 'react';
import type { StoredConversation } from '../state/browser-storage.ts';
import { ConversationItem } from './conversation-item.tsx';
import { Icon } from './icons.tsx';
import { ThemePicker } from './theme-picker.tsx';

export interface SidebarProps {
  open: boolean;
  conversations: readonly StoredConversation[];
  activeId: string | null;
  onNewChat: () => void;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
  onClose: () => void;
}

export const Sidebar = memo(function Sidebar(props: SidebarProps): ReactElement {
  const { open, conversations, activeId } = props;
  return (
    <>
      {open ? <div className="sidebar-backdrop" onClick={props.onClose} aria-hidden="true" /> : null}
      <nav id="sidebar" className={open ? 'sidebar open' : 'sidebar'} aria-label="Your conversations">
        <div className="sidebar-top">
          <button type="button" className="new-chat-button" onClick={props.onNewChat}>
            <Icon name="plus" />
            New chat
          </button>
          <button type="button" className="icon-button sidebar-close" aria-label="Close the conversation list" onClick={props.onClose}>
            <Icon name="close" />
          </button>
        </div>
        {conversations.length === 0 ? (
          <p className="sidebar-empty">Your conversations will appear here.</p>
        ) : (
          <ul className="conversation-list">
            {conversations.map((conversation) => (
              <ConversationItem
                key={conversation.id}
                conversation={conversation}
                active={conversation.id === activeId}
                onOpen={props.onOpen}
                onRename={props.onRename}
                onDelete={props.onDelete}
              />
            ))}
          </ul>
        )}
        <div className="sidebar-footer">
          <ThemePicker />
        </div>
      </nav>
    </>
  );
});
