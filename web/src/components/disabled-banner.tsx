/** The operator's kill switch: the server's message, shown while new messages are refused. */
import type { ReactElement } from 'react';
import { Icon } from './icons.tsx';

export function DisabledBanner({ message }: { message: string }): ReactElement {
  return (
    <div className="banner banner-disabled" role="status" data-problem="disabled">
      <Icon name="warning" />
      <div className="banner-text">
        <strong>Chat is paused</strong>
        <span>{message}</span>
      </div>
    </div>
  );
}
