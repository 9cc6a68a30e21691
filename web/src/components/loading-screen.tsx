/** Shown while the terms and config load, or when the server cannot be reached at all. */
import type { ReactElement } from 'react';

export function LoadingScreen({ error, onRetry }: { error?: string; onRetry?: () => void }): ReactElement {
  return (
    <main className="gate">
      <section className="gate-card loading-card" aria-busy={error === undefined}>
        {error === undefined ? (
          <p role="status">Loading…</p>
        ) : (
          <>
            <h1>Cannot connect</h1>
            <p role="alert">{error} Check your connection; the page will work again once the server answers.</p>
            {onRetry ? (
              <button type="button" className="primary-button" onClick={onRetry}>
                Try again
              </button>
            ) : null}
          </>
        )}
      </section>
    </main>
  );
}
