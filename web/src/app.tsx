/**
 * Boot: load the terms and config, then show the consent gate or the chat. The token is kept in
 * this browser with the terms version it was given for; new terms show the gate again.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactElement } from 'react';
import { ApiError } from './api/api-error.ts';
import { createApiClient } from './api/client.ts';
import type { AppConfig, DeleteMyDataResult, Terms } from './api/types.ts';
import { clearConsent, loadConsent, saveConsent } from './state/browser-storage.ts';
import type { StoredConsent } from './state/browser-storage.ts';
import { ChatScreen } from './components/chat-screen.tsx';
import { ConsentGate } from './components/consent-gate.tsx';
import { LoadingScreen } from './components/loading-screen.tsx';
import { countNoun } from './format/count-noun.ts';

type Boot = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; terms: Terms; config: AppConfig };

export function App(): ReactElement {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [consent, setConsent] = useState<StoredConsent | null>(() => loadConsent());
  const [gateNotice, setGateNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const client = useMemo(
    () =>
      createApiClient({
        getToken: () => loadConsent()?.token ?? null,
        onUnauthorized: () => {
          clearConsent();
          setConsent(null);
          setGateNotice('Your session is no longer valid (the terms may have changed). Please read and agree again to continue.');
        },
      }),
    [],
  );

  useEffect(() => {
    let cancelled = false;
    Promise.all([client.getTerms(), client.getConfig()]).then(
      ([terms, config]) => {
        if (!cancelled) setBoot({ state: 'ready', terms, config });
      },
      () => {
        if (!cancelled) setBoot({ state: 'failed', message: 'The chat service could not be reached.' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, attempt]);

  const agree = useCallback(async () => {
    if (boot.state !== 'ready') return;
    let response;
    try {
      response = await client.consent(boot.terms.version);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'terms_outdated') {
        // The terms changed while the page was open: load and show the new text.
        setGateNotice('The terms were updated while this page was open. Please read the new version.');
        setBoot({ state: 'loading' });
        setAttempt((value) => value + 1);
        return;
      }
      throw error;
    }
    const stored = { token: response.token, termsVersion: response.termsVersion, consentedAt: response.consentedAt };
    saveConsent(stored);
    setGateNotice(null);
    setConsent(stored);
  }, [boot, client]);

  const onDataDeleted = useCallback((result: DeleteMyDataResult) => {
    clearConsent();
    setConsent(null);
    window.history.replaceState(null, '', '/');
    setGateNotice(
      `Your data was deleted (${countNoun(result.deletedConversations, 'conversation')}, ${countNoun(result.deletedTurns, 'message')}) and your consent withdrawn.`,
    );
  }, []);

  if (boot.state === 'loading') return <LoadingScreen />;
  if (boot.state === 'failed') {
    return (
      <LoadingScreen
        error={boot.message}
        onRetry={() => {
          setBoot({ state: 'loading' });
          setAttempt((value) => value + 1);
        }}
      />
    );
  }

  const termsVersion = boot.terms.version;
  if (consent === null || consent.termsVersion !== termsVersion) {
    const notice = gateNotice ?? (consent !== null ? 'The terms have changed since you last agreed. Please read them and agree again to continue.' : null);
    return <ConsentGate terms={boot.terms} notice={notice} onAgree={agree} />;
  }
  return <ChatScreen client={client} initialConfig={boot.config} consent={consent} termsText={boot.terms.text} onDataDeleted={onDataDeleted} />;
}
