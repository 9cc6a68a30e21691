/**
 * One turn's lifecycle, shared by the native and the OpenAI-compatible routes:
 *
 *   insertTurn (user message committed, status pending) → upstream call → deltas go to the client
 *   first, then into a buffer that is flushed to the store at most every flushIntervalMs →
 *   completeTurn with the final status, usage, ids, timings and pathHash.
 *
 * Stop, client disconnect and shutdown abort the upstream request through one AbortController and
 * still complete the turn, so nothing the user typed or already saw is lost.
 */
import type { Logger } from 'pino';
import type { ChatMessage, RequestContext, SamplingParams, TurnError, TurnOrigin, TurnRecord, TurnStatus, Usage } from '../../schema/raw-records.ts';
import type { TurnCompletion } from '../../store/store.ts';
import type { TurnHold } from '../limits/turn-hold.ts';
import type { AppDeps } from '../app/app-deps.ts';
import type { ServerMetrics } from '../observability/metrics.ts';
import { computePathHash } from './path-hash.ts';
import { describeUpstreamFailure, type TurnFailure } from '../responses/upstream-failure.ts';

export type AbortReason = 'stopped' | 'client' | 'shutdown';

const STATUS_FOR_ABORT: Record<AbortReason, TurnStatus> = {
  stopped: 'stopped',
  client: 'client_aborted',
  shutdown: 'interrupted',
};

export interface StartTurnInput {
  conversationId: string;
  consentId: string;
  systemPrompt: string | null;
  parentTurnId: number | null;
  origin: TurnOrigin;
  /** Earlier history the client sent that we never stored (stored on the turn); null when none. */
  contextMessages: ChatMessage[] | null;
  /** Every message on the path before the new user message (context, then user/assistant pairs). */
  pathMessages: ChatMessage[];
  userContent: string;
  request: RequestContext;
  model: string;
  params: SamplingParams;
  /** The stream slot and upstream lease admitted for this turn; ended with the turn's usage however it ends. */
  hold: TurnHold;
}

export interface TurnListener {
  delta(text: string): void;
  /** The turn is recorded; failure is set when the upstream failed. */
  end(turn: TurnRecord, failure: TurnFailure | null): void;
}

export interface RunnerContext {
  deps: AppDeps;
  clock: () => number;
  metrics: ServerMetrics;
  logger: Logger;
  unregister(run: TurnRun): void;
}

export class TurnRun {
  readonly turnIdentifier: number;
  readonly consentId: string;
  readonly conversationId: string;
  /** Resolves at the first upstream event, or when the turn ends without one. */
  readonly firstEvent: Promise<void>;
  /** Resolves with the recorded final turn; never rejects. */
  readonly done: Promise<TurnRecord>;
  /** True once the upstream answered with its first event (the point of no HTTP-status return). */
  started = false;
  failure: TurnFailure | null = null;
  final: TurnRecord | null = null;

  private readonly controller = new AbortController();
  private abortReason: AbortReason | null = null;
  private listener: TurnListener | null = null;
  private parts: string[] = [];
  private contentLength = 0;
  private flushedLength = 0;
  private lastFlushAt = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushInFlight: Promise<void> | null = null;
  private finished = false;
  private firstTokenAt: number | null = null;
  private lastTokenAt: number | null = null;
  private finishReason: string | null = null;
  private usage: Usage | null = null;
  private upstreamId: string | null = null;
  private upstreamCreated: number | null = null;
  private modelReported: string | null = null;
  private systemFingerprint: string | null = null;
  private resolveFirstEvent: () => void = () => undefined;
  private resolveDone: (turn: TurnRecord) => void = () => undefined;

  constructor(
    private readonly context: RunnerContext,
    private readonly inserted: TurnRecord,
    private readonly input: StartTurnInput,
  ) {
    this.turnIdentifier = inserted.turnIdentifier;
    this.consentId = inserted.consentId;
    this.conversationId = inserted.conversationId;
    this.firstEvent = new Promise((resolve) => {
      this.resolveFirstEvent = resolve;
    });
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** The turn as it is right now (for the first stream event). */
  snapshot(): TurnRecord {
    return { ...this.inserted, status: this.started ? 'streaming' : 'pending', assistantContent: this.content() };
  }

  /** Attaches the client; text received before this call arrives as one delta. */
  subscribe(listener: TurnListener): void {
    const soFar = this.content();
    if (soFar !== '') listener.delta(soFar);
    if (this.final !== null) {
      listener.end(this.final, this.failure);
      return;
    }
    this.listener = listener;
  }

  abort(reason: AbortReason): void {
    if (this.finished || this.abortReason !== null) return;
    this.abortReason = reason;
    this.controller.abort(new Error(`turn aborted: ${reason}`));
  }

  /** Runs the upstream call to its end; called once by the runner. */
  async run(): Promise<void> {
    const { deps, metrics, clock } = this.context;
    const messages: ChatMessage[] = [];
    if (this.input.systemPrompt !== null) messages.push({ role: 'system', content: this.input.systemPrompt });
    for (const message of this.input.pathMessages) messages.push(message);
    messages.push({ role: 'user', content: this.input.userContent });

    let status: TurnStatus = 'complete';
    let error: TurnError | null = null;
    try {
      const stream = deps.llm.streamChat({ model: this.input.model, messages, params: this.input.params, signal: this.controller.signal });
      for await (const event of stream) {
        if (this.abortReason !== null) break;
        if (!this.started) {
          this.started = true;
          this.resolveFirstEvent();
        }
        switch (event.type) {
          case 'delta':
            if (event.text !== '') this.onDelta(event.text, clock());
            break;
          case 'start':
            this.upstreamId = event.id;
            this.upstreamCreated = event.created;
            this.modelReported = event.model;
            this.systemFingerprint = event.systemFingerprint;
            break;
          case 'finish':
            this.finishReason = event.finishReason;
            break;
          case 'usage':
            this.usage = event.usage;
            break;
        }
      }
      if (this.abortReason !== null && this.finishReason === null) status = STATUS_FOR_ABORT[this.abortReason];
    } catch (caught) {
      if (this.abortReason !== null) {
        status = STATUS_FOR_ABORT[this.abortReason];
      } else {
        const failure = describeUpstreamFailure(caught);
        this.failure = failure;
        status = 'upstream_error';
        error = { code: failure.code, message: failure.message, upstreamStatus: failure.upstreamStatus };
        metrics.upstreamErrors.inc({ code: failure.code });
        if (!(caught instanceof Error) || caught.name !== 'UpstreamError') {
          this.context.logger.error({ turnIdentifier: this.turnIdentifier, errorName: errorName(caught) }, 'unexpected upstream failure');
        }
      }
    }
    await this.finish(status, error);
  }

  private onDelta(text: string, now: number): void {
    if (this.firstTokenAt === null) {
      this.firstTokenAt = now;
      // The first flush waits a full interval: short replies then cost no progress write at all.
      this.lastFlushAt = now;
      this.context.metrics.timeToFirstToken.observe((now - this.inserted.receivedAt) / 1000);
    }
    this.lastTokenAt = now;
    this.parts.push(text);
    this.contentLength += text.length;
    // The client gets the text before any store work is even scheduled.
    this.listener?.delta(text);
    this.scheduleFlush(now);
  }

  private content(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }

  private scheduleFlush(now: number): void {
    if (this.flushTimer !== null || this.flushInFlight !== null || this.finished) return;
    const wait = Math.max(0, this.lastFlushAt + this.context.deps.config.flushIntervalMs - now);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushInFlight = this.flush().finally(() => {
        this.flushInFlight = null;
        if (!this.finished && this.contentLength > this.flushedLength) this.scheduleFlush(this.context.clock());
      });
    }, wait);
  }

  private async flush(): Promise<void> {
    const assistantContent = this.content();
    const { firstTokenAt, lastTokenAt } = this;
    this.flushedLength = assistantContent.length;
    this.lastFlushAt = this.context.clock();
    try {
      await this.context.deps.store.recordProgress(this.turnIdentifier, { assistantContent, firstTokenAt, lastTokenAt });
    } catch (caught) {
      // The stream goes on; the final write still records everything.
      this.context.metrics.storeErrors.inc({ operation: 'record_progress' });
      this.context.logger.error({ turnIdentifier: this.turnIdentifier, errorName: errorName(caught) }, 'progress flush failed');
    }
  }

  private async finish(status: TurnStatus, error: TurnError | null): Promise<void> {
    const { deps, metrics, clock } = this.context;
    this.finished = true;
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    // A progress write landing after the completion would turn the status back to streaming.
    if (this.flushInFlight !== null) await this.flushInFlight;
    const assistantContent = this.content();
    const completedAt = clock();
    const finalStatus = status as TurnCompletion['status'];
    const completion: TurnCompletion = {
      assistantContent,
      status: finalStatus,
      finishReason: this.finishReason,
      modelReported: this.modelReported,
      upstreamId: this.upstreamId,
      upstreamCreated: this.upstreamCreated,
      systemFingerprint: this.systemFingerprint,
      usage: this.usage,
      error,
      firstTokenAt: this.firstTokenAt,
      completedAt,
      pathHash: computePathHash(this.input.systemPrompt, [
        ...this.input.pathMessages,
        { role: 'user', content: this.input.userContent },
        { role: 'assistant', content: assistantContent },
      ]),
    };
    try {
      await deps.store.completeTurn(this.turnIdentifier, completion);
    } catch (caught) {
      // The turn stays pending/streaming in the store and is marked interrupted at the next start.
      metrics.storeErrors.inc({ operation: 'complete_turn' });
      this.context.logger.error({ turnIdentifier: this.turnIdentifier, errorName: errorName(caught) }, 'turn completion write failed');
    }
    const final: TurnRecord = { ...this.inserted, ...completion, status: finalStatus };
    this.final = final;
    metrics.turns.inc({ status: finalStatus });
    metrics.turnDuration.observe((completedAt - this.inserted.receivedAt) / 1000);
    if (this.usage !== null) {
      metrics.tokens.inc({ direction: 'in' }, this.usage.prompt_tokens ?? 0);
      metrics.tokens.inc({ direction: 'out' }, this.usage.completion_tokens ?? 0);
    }
    metrics.activeStreams.dec();
    this.input.hold.end(this.usage, assistantContent);
    this.context.unregister(this);
    this.resolveFirstEvent();
    const listener = this.listener;
    this.listener = null;
    listener?.end(final, this.failure);
    this.resolveDone(final);
  }
}

/** For logs: the error's class name only, since messages can quote user input. */
export function errorName(caught: unknown): string {
  return caught instanceof Error ? caught.name : typeof caught;
}
