/**
 * The consent gate: the terms in full, an unticked box and an "I agree" button. Nothing reaches
 * the server until the user agrees; declining only changes what this page shows.
 */
import { useId, useState } from 'react';
import type { ReactElement } from 'react';
import type { Terms } from '../api/types.ts';
import { MarkdownView } from './markdown-view.tsx';

export interface ConsentGateProps {
  terms: Terms;
  /** Why the gate is shown again (new terms, data deleted), if it is not the first visit. */
  notice: string | null;
  onAgree: () => Promise<void>;
}

export function ConsentGate({ terms, notice, onAgree }: ConsentGateProps): ReactElement {
  const [checked, setChecked] = useState(false);
  const [declined, setDeclined] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const checkboxId = useId();

  if (declined) {
    return (
      <main className="gate">
        <section className="gate-card" aria-labelledby="declined-title">
          <h1 id="declined-title">You did not agree</h1>
          <p>Nothing was sent or stored. You can close this page, or read the terms again.</p>
          <button type="button" className="secondary-button" onClick={() => setDeclined(false)}>
            Read the terms again
          </button>
        </section>
      </main>
    );
  }

  return (
    <main className="gate">
      <section className="gate-card" aria-labelledby="gate-title">
        <h1 id="gate-title" className="gate-title">
          Before you chat
        </h1>
        {notice ? (
          <p className="gate-notice" role="status">
            {notice}
          </p>
        ) : null}
        <div className="terms-scroll" tabIndex={0} aria-label="Terms of the data collection">
          <MarkdownView source={terms.text} className="terms-text" />
        </div>
        <form
          className="gate-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!checked || submitting) return;
            setSubmitting(true);
            setError(null);
            onAgree().catch(() => {
              setSubmitting(false);
              setError('Your consent could not be recorded. Check your connection and try again.');
            });
          }}
        >
          <div className="gate-check">
            <input id={checkboxId} type="checkbox" checked={checked} onChange={(event) => setChecked(event.target.checked)} />
            <label htmlFor={checkboxId}>
              I have read the terms above. I agree that my conversations are recorded and may be published in a research dataset.
            </label>
          </div>
          {error ? (
            <p className="gate-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="gate-buttons">
            <button type="button" className="secondary-button" onClick={() => setDeclined(true)}>
              I do not agree
            </button>
            <button type="submit" className="primary-button" disabled={!checked || submitting}>
              {submitting ? 'Saving…' : 'I agree'}
            </button>
          </div>
          <p className="gate-version">Terms version {terms.version}</p>
        </form>
      </section>
    </main>
  );
}
