/**
 * The two silences a streamed reply may not exceed: until its first token, and between pieces
 * after that. Only time spent waiting on the upstream counts; while the consumer handles a
 * yielded event the watchdog re-arms instead of firing, so a slow consumer never looks like a
 * stalled upstream.
 */
export type IdleFault = 'upstream_timeout_first_token' | 'upstream_stalled';

export interface IdleWatchdogOptions {
  firstTokenTimeoutMs: number;
  stallTimeoutMs: number;
  /** Called at most once per silence that ran out while waiting on the upstream. */
  onIdle: (fault: IdleFault, message: string) => void;
}

export class IdleWatchdog {
  readonly #options: IdleWatchdogOptions;
  #timer: NodeJS.Timeout;
  #waitingOnUpstream = true;
  #afterFirstToken = false;

  constructor(options: IdleWatchdogOptions) {
    this.#options = options;
    this.#timer = this.#arm(options.firstTokenTimeoutMs, 'upstream_timeout_first_token', `no first token within ${options.firstTokenTimeoutMs} ms`);
  }

  /** True while the attempt awaits the upstream, false while the consumer holds an event. */
  set waitingOnUpstream(waiting: boolean) {
    this.#waitingOnUpstream = waiting;
  }

  /** The reply has started: from now on the shorter stall limit applies. Later calls do nothing. */
  firstToken(): void {
    if (this.#afterFirstToken) return;
    this.#afterFirstToken = true;
    clearTimeout(this.#timer);
    this.#timer = this.#arm(this.#options.stallTimeoutMs, 'upstream_stalled', `no data for ${this.#options.stallTimeoutMs} ms`);
  }

  /** Bytes arrived. Before the first token they do not count: a role chunk is not a reply. */
  dataArrived(): void {
    if (this.#afterFirstToken) this.#timer.refresh();
  }

  stop(): void {
    this.#waitingOnUpstream = false;
    clearTimeout(this.#timer);
  }

  #arm(milliseconds: number, fault: IdleFault, message: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (this.#waitingOnUpstream) this.#options.onIdle(fault, message);
      else timer.refresh();
    }, milliseconds);
    return timer;
  }
}
