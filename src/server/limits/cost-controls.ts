/**
 * Everything that stands between a message and the upstream bill, in order: free disk, the
 * per-network (/24, /48) aggregate rate, the prompt size, the server-side max_tokens, the daily
 * token budgets (reserved up front, settled from the upstream usage) and the global cap on
 * concurrent upstream calls. One instance per app.
 */
import type { ChatMessage, SamplingParams, Usage } from '../../schema/raw-records.ts';
import type { ProtectionConfig } from '../../settings/protection-settings.ts';
import { ApiError } from '../responses/api-error.ts';
import type { ServerMetrics } from '../observability/metrics.ts';
import type { ConsentLimiter as WindowLimiter } from './shared-abuse-limiter.ts';
import { DiskGuard, type FreeSpaceReader } from './disk-guard.ts';
import { measurePrompt } from './prompt-size.ts';
import type { BudgetLimits, TokenLedger } from './token-ledger.ts';
import { tokenLimitsFor, withTokenCeiling } from './token-ceiling.ts';
import { GateRefusedError, UpstreamGate } from './upstream-gate.ts';

/** Upstream tokenizers differ from o200k_base; a quarter more covers Llama- and Mistral-style ones on typical text. */
const PROMPT_ESTIMATE_MARGIN = 1.25;
/** A slot frees when a reply ends; a few seconds is an honest guess for a retry. */
const QUEUE_RETRY_AFTER_SECONDS = 5;
const DISK_RETRY_AFTER_SECONDS = 300;

export interface UpstreamRequestPlan {
  consentId: string;
  model: string;
  systemPrompt: string | null;
  history: readonly ChatMessage[];
  userContent: string;
  params: SamplingParams;
}

/** What a message holds while it runs; `end` gives everything back exactly once. */
export interface UpstreamLease {
  /** The params to forward (max_tokens set and capped). */
  params: SamplingParams;
  end(usage: Usage | null, completionText: string): void;
}

/** The budget limits of the current protection settings. */
export function budgetLimitsOf(limits: ProtectionConfig): BudgetLimits {
  return { daily: limits.dailyTokenBudget, perConsent: limits.consentDailyTokenBudget, floor: Math.min(limits.maxTokensDefault, limits.maxTokensCeiling) };
}

export interface CostControlParts {
  /** The daily token budgets' ledger (this process's, or shared by every instance on the store). */
  budget: TokenLedger;
  /** The per-network (/24, /48) rate, keyed by the network's hash. */
  networks: WindowLimiter;
  dataDir: () => string;
  freeSpace?: FreeSpaceReader;
}

export class CostControls {
  readonly gate: UpstreamGate;
  readonly budget: TokenLedger;
  readonly disk: DiskGuard;
  private readonly networks: WindowLimiter;

  constructor(
    private readonly protection: () => ProtectionConfig,
    private readonly metrics: ServerMetrics,
    clock: () => number,
    parts: CostControlParts,
  ) {
    this.gate = new UpstreamGate(() => {
      const limits = protection();
      return { maxActive: limits.maxUpstreamConcurrency, maxWaiting: limits.upstreamQueueLength, timeoutMs: limits.upstreamQueueTimeoutMs };
    });
    this.budget = parts.budget;
    this.disk = new DiskGuard(parts.dataDir, clock, parts.freeSpace);
    this.networks = parts.networks;
  }

  /** The kill-switch text while the daily budget is spent, else null. */
  budgetMessage(): string | null {
    this.publishBudget();
    return this.budget.exhausted ? "Today's budget for this service is used up; it opens again at 00:00 UTC." : null;
  }

  /** 503 when the data folder is nearly full. For new conversations, consents and messages. */
  async assertDiskRoom(): Promise<void> {
    const room = await this.disk.hasRoom(this.protection().minFreeDiskBytes);
    if (this.disk.lastFreeBytes !== null) this.metrics.diskFreeBytes.set(this.disk.lastFreeBytes);
    if (!room) {
      this.metrics.refusals.inc({ reason: 'disk_low' });
      throw new ApiError(503, 'storage_full', 'The service is out of storage space; please try again later.', { retryAfterSeconds: DISK_RETRY_AFTER_SECONDS });
    }
  }

  /** One event for the sender's /24 or /48 (keyed by its hash); 429 when the network is over its rate. */
  async takeNetwork(networkKey: string): Promise<void> {
    const decision = await this.networks.take(networkKey);
    if (!decision.allowed) {
      this.metrics.refusals.inc({ reason: 'network_rate_limited' });
      throw new ApiError(429, 'rate_limited', 'Too many requests from this network; please wait a moment.', { retryAfterSeconds: decision.retryAfterSeconds });
    }
  }

  /**
   * Size checks, token ceiling, budget reservation, then a slot of the global cap (may wait up to
   * --upstream-queue-timeout-ms). Throws ApiError (413, 429, 503) with nothing held.
   */
  async admit(plan: UpstreamRequestPlan): Promise<UpstreamLease> {
    const protection = this.protection();
    const prompt = measurePrompt(plan.systemPrompt, plan.history, plan.userContent, {
      maxChars: protection.maxPromptChars,
      maxTokens: protection.maxPromptTokens,
    });
    const limits = tokenLimitsFor(protection, plan.model);
    const params = withTokenCeiling(plan.params, limits);
    if (plan.params.max_tokens != null && plan.params.max_tokens > limits.ceiling) this.metrics.maxTokensLowered.inc({ model: plan.model });
    const reserve = Math.ceil(prompt.tokens * PROMPT_ESTIMATE_MARGIN) + (params.max_tokens ?? limits.ceiling);
    const decision = await this.budget.reserve(plan.consentId, reserve);
    if (!decision.allowed) {
      this.metrics.refusals.inc({ reason: decision.scope === 'global' ? 'budget_global' : 'budget_consent' });
      this.publishBudget();
      if (decision.scope === 'global') {
        throw new ApiError(503, 'budget_exhausted', "Today's budget for this service is used up; it opens again at 00:00 UTC.", {
          retryAfterSeconds: decision.retryAfterSeconds,
        });
      }
      throw new ApiError(429, 'token_budget_exceeded', "You have used today's share of this service; it renews at 00:00 UTC.", {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    this.publishBudget();
    const queuedAt = performance.now();
    let release: () => void;
    this.metrics.upstreamQueued.set(this.gate.waiting + 1);
    try {
      release = await this.gate.acquire();
    } catch (caught) {
      this.budget.settle(decision.reservation, 0);
      this.publishBudget();
      if (caught instanceof GateRefusedError) {
        this.metrics.refusals.inc({ reason: caught.reason });
        throw new ApiError(503, 'upstream_busy', 'The model service is busy right now; please try again in a few seconds.', {
          retryAfterSeconds: QUEUE_RETRY_AFTER_SECONDS,
        });
      }
      throw caught;
    } finally {
      this.metrics.upstreamQueued.set(this.gate.waiting);
    }
    this.metrics.upstreamQueueWait.observe((performance.now() - queuedAt) / 1000);
    this.metrics.upstreamActive.set(this.gate.active);
    let ended = false;
    return {
      params,
      end: (usage, completionText) => {
        if (ended) return;
        ended = true;
        release();
        this.metrics.upstreamActive.set(this.gate.active);
        this.budget.settle(decision.reservation, usedTokens(usage, prompt.tokens, completionText));
        this.publishBudget();
      },
    };
  }

  private publishBudget(): void {
    this.metrics.tokensSpentToday.set(this.budget.spentToday);
    this.metrics.tokensReserved.set(this.budget.reservedNow);
    this.metrics.budgetExhausted.set(this.budget.exhausted ? 1 : 0);
  }
}

/**
 * The upstream's usage when it reported one; otherwise our own count, because an upstream that
 * omits usage (or a cut stream) must still be charged.
 */
function usedTokens(usage: Usage | null, promptTokens: number, completionText: string): number {
  const prompt = usage?.prompt_tokens;
  const completion = usage?.completion_tokens;
  if (typeof prompt === 'number' && typeof completion === 'number') return prompt + completion;
  if (typeof usage?.total_tokens === 'number') return usage.total_tokens;
  // Characters bound o200k tokens from above for ordinary text, so an unreported completion is not undercharged.
  return promptTokens + completionText.length;
}
