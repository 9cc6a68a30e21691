/** Top bar: conversation list toggle (phones), model picker, new chat and the "Your data" menu. */
import { memo } from 'react';
import type { ReactElement } from 'react';
import { Icon } from './icons.tsx';
import { ModelPicker } from './model-picker.tsx';

export interface ChatHeaderProps {
  models: readonly { id: string }[];
  model: string | null;
  busy: boolean;
  sidebarOpen: boolean;
  onModelChange: (model: string) => void;
  onToggleSidebar: () => void;
  onNewChat: () => void;
  onOpenData: () => void;
}

export const ChatHeader = memo(function ChatHeader(props: ChatHeaderProps): ReactElement {
  return (
    <header className="chat-header">
      <button
        type="button"
        className="icon-button sidebar-toggle"
        aria-label="Show your conversations"
        aria-controls="sidebar"
        aria-expanded={props.sidebarOpen}
        onClick={props.onToggleSidebar}
      >
        <Icon name="menu" />
      </button>
      <ModelPicker models={props.models} value={props.model} disabled={props.busy} onChange={props.onModelChange} />
      <div className="header-spacer" />
      <button type="button" className="icon-button header-new-chat" aria-label="New chat" title="New chat" onClick={props.onNewChat}>
        <Icon name="plus" />
      </button>
      <button type="button" className="data-button" onClick={props.onOpenData}>
        <Icon name="shield" size={16} />
        <span>Your data</span>
      </button>
    </header>
  );
});
