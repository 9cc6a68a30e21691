/** Copies a message's text; shows a check mark for a moment so the user knows it worked. */
import { useState } from 'react';
import type { ReactElement } from 'react';
import { copyText } from '../dom/copy-text.ts';
import { Icon } from './icons.tsx';

export function CopyButton({ text, label }: { text: string; label: string }): ReactElement {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={copied ? 'Copied' : label}
      title={copied ? 'Copied' : label}
      onClick={() => {
        void copyText(text).then((success) => {
          if (!success) return;
          setCopied(true);
          window.setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      <Icon name={copied ? 'check' : 'copy'} size={16} />
    </button>
  );
}
