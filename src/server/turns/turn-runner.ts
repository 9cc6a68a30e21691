/**
 * Starts turns (commit the user message, then run the upstream call in the background) and keeps
 * the running ones, so that stop, deletion and shutdown can reach them.
 */
import type { TurnRecord } from '../../schema/raw-records.ts';
import { errorName, TurnRun, type RunnerContext, type StartTurnInput } from './turn-run.ts';

/** Starts turns and knows the running ones (for stop and shutdown). */
export class TurnRunner {
  private readonly running = new Map<number, TurnRun>();
  /** Turns whose user message is being committed; shutdown waits for them too. */
  private readonly starting = new Set<Promise<TurnRun>>();
  private closing = false;

  constructor(private readonly context: Omit<RunnerContext, 'unregister'>) {}

  get isClosing(): boolean {
    return this.closing;
  }

  /**
   * Commits the user message, then starts the upstream call in the background. The input's hold
   * ends on every path: here if the commit fails, otherwise when the turn ends.
   */
  start(input: StartTurnInput): Promise<TurnRun> {
    const starting = this.commitAndRun(input);
    this.starting.add(starting);
    const forget = (): void => void this.starting.delete(starting);
    starting.then(forget, forget);
    return starting;
  }

  private async commitAndRun(input: StartTurnInput): Promise<TurnRun> {
    const { deps, clock, metrics } = this.context;
    const inserted: TurnRecord = await input.hold.endOnFailure(() =>
      deps.store.insertTurn({
        conversationId: input.conversationId,
        consentId: input.consentId,
        parentTurnId: input.parentTurnId,
        origin: input.origin,
        contextMessages: input.contextMessages,
        userContent: input.userContent,
        request: input.request,
        modelRequested: input.model,
        params: input.params,
        receivedAt: clock(),
      }),
    );
    const run = new TurnRun({ ...this.context, unregister: (done) => this.running.delete(done.turnIdentifier) }, inserted, input);
    this.running.set(run.turnIdentifier, run);
    metrics.activeStreams.inc();
    run.run().catch((caught: unknown) => {
      this.context.logger.error({ turnIdentifier: run.turnIdentifier, errorName: errorName(caught) }, 'turn lifecycle failed');
    });
    if (this.closing) run.abort('shutdown');
    return run;
  }

  find(turnIdentifier: number): TurnRun | undefined {
    return this.running.get(turnIdentifier);
  }

  /** Cuts the running turns that match (before their data is deleted) and waits until they are written. */
  async abortWhere(matches: (run: TurnRun) => boolean): Promise<void> {
    const runs = [...this.running.values()].filter(matches);
    for (const run of runs) run.abort('client');
    await Promise.all(runs.map((run) => run.done));
  }

  async abortConversation(conversationId: string): Promise<void> {
    await this.abortWhere((run) => run.conversationId === conversationId);
  }

  async abortConsent(consentId: string): Promise<void> {
    await this.abortWhere((run) => run.consentId === consentId);
  }

  /** Aborts every running turn (recorded as interrupted) and waits until all are written. */
  async shutdown(): Promise<void> {
    this.closing = true;
    // A turn can still be starting on a connection that was open when the shutdown began: repeat until none is left.
    while (this.starting.size > 0 || this.running.size > 0) {
      await Promise.allSettled([...this.starting]);
      const runs = [...this.running.values()];
      for (const run of runs) run.abort('shutdown');
      await Promise.all(runs.map((run) => run.done));
    }
  }
}
