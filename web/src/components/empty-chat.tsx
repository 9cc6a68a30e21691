/** What a new chat shows before the first message. */
import type { ReactElement } from 'react';

export function EmptyChat(): ReactElement {
  return (
    <div className="empty-chat">
      <h1>What would you like to talk about?</h1>
      <p>
        This is a research service: your conversations are recorded and may be published after personal information is removed. See “Your data” to export or
        delete them at any time.
      </p>
    </div>
  );
}
