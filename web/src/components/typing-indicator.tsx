/** Three pulsing dots while the model has not sent its first token. */
import type { ReactElement } from 'react';

export function TypingIndicator(): ReactElement {
  return (
    <span className="typing-indicator" role="status" aria-label="The model is writing">
      <span />
      <span />
      <span />
    </span>
  );
}
