/** The one banner that says what went wrong and offers the way out (retry, wait, shorten). */
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import type { Problem } from '../state/problem.ts';
import { Icon } from './icons.tsx';

export interface ProblemBannerProps {
  problem: Problem;
  /** False when there is nothing to retry (for example the message is back in the composer). */
  retryable: boolean;
  onRetry: () => void;
  onDismiss: () => void;
}

const titles: Record<Problem['kind'], string> = {
  upstream: 'The model service failed',
  busy: 'The model service is busy',
  rate_limited: 'Slow down a little',
  quota: 'Daily limit reached',
  disabled: 'Chat is paused',
  offline: 'You are offline',
  too_long: 'Message too long',
  other: 'Something went wrong',
};

export function ProblemBanner({ problem, retryable, onRetry, onDismiss }: ProblemBannerProps): ReactElement {
  const secondsLeft = useSecondsUntil(problem.kind === 'rate_limited' ? problem.retryAt : null);
  const canRetry =
    retryable &&
    (((problem.kind === 'upstream' || problem.kind === 'busy' || problem.kind === 'offline') && problem.canRetry) ||
      (problem.kind === 'rate_limited' && secondsLeft === 0));
  return (
    <div className={`banner banner-${problem.kind}`} role="alert" data-problem={problem.kind}>
      <Icon name="warning" />
      <div className="banner-text">
        <strong>{titles[problem.kind]}</strong>
        <span>{bannerText(problem, secondsLeft)}</span>
      </div>
      {canRetry ? (
        <button type="button" className="text-button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        <Icon name="close" size={16} />
      </button>
    </div>
  );
}

function bannerText(problem: Problem, secondsLeft: number): string {
  // The server's own words for these repeat the title; what the user needs is what to do next.
  if (problem.kind === 'busy') return 'Try again in a moment. This is not a limit on you.';
  if (problem.kind !== 'rate_limited') return problem.message;
  if (secondsLeft === 0) return 'You can send again now.';
  const cause = problem.limit === 'streams' ? 'Another reply is still streaming.' : 'You sent too many messages in a short time.';
  return `${cause} You can send again in ${secondsLeft} s.`;
}

function secondsUntil(deadline: number | null): number {
  return deadline === null ? 0 : Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
}

/** Whole seconds until `deadline` (epoch ms), ticking while it runs; 0 once it has passed. */
export function useSecondsUntil(deadline: number | null): number {
  const [seconds, setSeconds] = useState(() => secondsUntil(deadline));
  useEffect(() => {
    setSeconds(secondsUntil(deadline));
    if (deadline === null) return;
    const timer = window.setInterval(() => {
      const left = secondsUntil(deadline);
      setSeconds(left);
      if (left === 0) window.clearInterval(timer);
    }, 250);
    return () => window.clearInterval(timer);
  }, [deadline]);
  return seconds;
}
