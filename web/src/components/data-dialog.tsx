/**
 * "Your data": what is collected, and the rights the terms promise (export, delete everything).
 * Deleting asks for confirmation because it cannot be undone and ends the session.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { DeleteMyDataResult } from '../api/types.ts';
import { Icon } from './icons.tsx';
import { MarkdownView } from './markdown-view.tsx';

export interface DataDialogProps {
  client: ApiClient;
  termsText: string | null;
  consentedAt: string;
  onClose: () => void;
  onDeleted: (result: DeleteMyDataResult) => void;
}

type Step = 'overview' | 'confirm-delete' | 'deleting';

export function DataDialog({ client, termsText, consentedAt, onClose, onDeleted }: DataDialogProps): ReactElement {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [step, setStep] = useState<Step>('overview');
  const [message, setMessage] = useState<string | null>(null);
  const [showTerms, setShowTerms] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const download = async (): Promise<void> => {
    setMessage(null);
    try {
      const blob = await client.exportMyData();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `wildchat-my-data-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage('Your download has started.');
    } catch {
      setMessage('The export failed. Check your connection and try again.');
    }
  };

  const deleteEverything = async (): Promise<void> => {
    setStep('deleting');
    setMessage(null);
    try {
      onDeleted(await client.deleteMyData());
    } catch {
      setStep('confirm-delete');
      setMessage('Deleting failed. Nothing was changed; please try again.');
    }
  };

  return (
    <dialog ref={dialogRef} className="dialog data-dialog" aria-labelledby="data-dialog-title" onClose={onClose}>
      <div className="dialog-header">
        <h2 id="data-dialog-title">Your data</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      <div className="dialog-body">
        <p>
          You agreed to the terms on <time dateTime={consentedAt}>{new Date(consentedAt).toLocaleString()}</time>. For every message this service stores:
        </p>
        <ul>
          <li>your messages and the model's replies (including stopped, regenerated and edited ones);</li>
          <li>the model and settings used, and the times;</li>
          <li>a keyed hash of your IP address (never the address itself) and the country and region it comes from;</li>
          <li>your browser's user-agent and language headers.</li>
        </ul>
        <p>
          Conversations may be published in a public research dataset after automatic removal of personal information. Deleting your data keeps it out of every
          later release.
        </p>
        {termsText !== null ? (
          <details open={showTerms} onToggle={(event) => setShowTerms(event.currentTarget.open)}>
            <summary>Read the full terms</summary>
            {showTerms ? <MarkdownView source={termsText} className="terms-text" /> : null}
          </details>
        ) : null}

        <div className="data-actions">
          <button type="button" className="secondary-button" onClick={() => void download()}>
            <Icon name="download" />
            Export my data
          </button>
          {step === 'overview' ? (
            <button type="button" className="danger-button" onClick={() => setStep('confirm-delete')}>
              <Icon name="trash" />
              Delete my data
            </button>
          ) : null}
        </div>

        {step !== 'overview' ? (
          <div className="confirm-box" role="alertdialog" aria-labelledby="confirm-delete-title">
            <p id="confirm-delete-title">
              <strong>Delete all your conversations and withdraw your consent?</strong> This cannot be undone. You will need to agree to the terms again to
              chat.
            </p>
            <div className="edit-buttons">
              <button type="button" className="secondary-button" disabled={step === 'deleting'} onClick={() => setStep('overview')}>
                Cancel
              </button>
              <button type="button" className="danger-button" disabled={step === 'deleting'} onClick={() => void deleteEverything()}>
                {step === 'deleting' ? 'Deleting…' : 'Yes, delete everything'}
              </button>
            </div>
          </div>
        ) : null}
        {message ? (
          <p className="dialog-message" role="status">
            {message}
          </p>
        ) : null}
      </div>
    </dialog>
  );
}
