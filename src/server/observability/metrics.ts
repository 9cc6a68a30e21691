/**
 * A small Prometheus registry written for this server: labelled counters, gauges and histograms,
 * rendered in the text exposition format (version 0.0.4). Updates are O(1) map operations so they
 * can sit on hot paths.
 */

type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return keys.map((key) => `${key}="${escapeLabel(labels[key] ?? '')}"`).join(',');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly type: 'counter' | 'gauge' = 'counter',
  ) {}
  inc(labels: Labels = {}, amount = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    if (this.values.size === 0 && this.type === 'gauge') lines.push(`${this.name} 0`);
    for (const [key, value] of this.values) lines.push(`${this.name}${key === '' ? '' : `{${key}}`} ${formatNumber(value)}`);
    return lines.join('\n');
  }
}

export class Gauge extends Counter {
  constructor(name: string, help: string) {
    super(name, help, 'gauge');
  }
  dec(labels: Labels = {}, amount = 1): void {
    this.inc(labels, -amount);
  }
  set(value: number, labels: Labels = {}): void {
    this.inc(labels, value - this.get(labels));
  }
}

interface HistogramSeries {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram implements Metric {
  private readonly series = new Map<string, HistogramSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
  ) {}
  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    let series = this.series.get(key);
    if (series === undefined) {
      series = { counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    for (let index = 0; index < this.buckets.length; index += 1) {
      if (value <= (this.buckets[index] ?? Number.POSITIVE_INFINITY)) {
        series.counts[index] = (series.counts[index] ?? 0) + 1;
        break;
      }
    }
    series.sum += value;
    series.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, series] of this.series) {
      const prefix = key === '' ? '' : `${key},`;
      let cumulative = 0;
      this.buckets.forEach((bound, index) => {
        cumulative += series.counts[index] ?? 0;
        lines.push(`${this.name}_bucket{${prefix}le="${formatNumber(bound)}"} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket{${prefix}le="+Inf"} ${series.count}`);
      const suffix = key === '' ? '' : `{${key}}`;
      lines.push(`${this.name}_sum${suffix} ${formatNumber(series.sum)}`);
      lines.push(`${this.name}_count${suffix} ${series.count}`);
    }
    return lines.join('\n');
  }
}

const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Every metric the server exports, created per app (no global registry). */
export class ServerMetrics {
  readonly requests = new Counter('wildchat_http_requests_total', 'HTTP requests by route, method and status.');
  readonly requestDuration = new Histogram(
    'wildchat_http_request_duration_seconds',
    'Time until the response head was ready, by route (streams continue after it).',
    LATENCY_BUCKETS_SECONDS,
  );
  readonly activeStreams = new Gauge('wildchat_active_streams', 'Replies being streamed from the upstream right now.');
  readonly turns = new Counter('wildchat_turns_total', 'Finished turns by final status.');
  readonly timeToFirstToken = new Histogram(
    'wildchat_time_to_first_token_seconds',
    'From receiving the request to the first reply token from the upstream.',
    LATENCY_BUCKETS_SECONDS,
  );
  readonly turnDuration = new Histogram(
    'wildchat_turn_duration_seconds',
    'From receiving the request to the recorded end of the turn.',
    LATENCY_BUCKETS_SECONDS,
  );
  readonly tokens = new Counter('wildchat_tokens_total', 'Tokens reported by the upstream usage, by direction (in = prompt, out = completion).');
  readonly upstreamErrors = new Counter('wildchat_upstream_errors_total', 'Upstream faults by error code.');
  readonly storeErrors = new Counter('wildchat_store_errors_total', 'Failed store writes during a turn, by operation.');
  readonly refusals = new Counter('wildchat_refusals_total', 'Requests refused by abuse control, by reason.');
  readonly upstreamActive = new Gauge('wildchat_upstream_calls_active', 'Upstream calls holding a slot of the global cap (--max-upstream-concurrency).');
  readonly upstreamQueued = new Gauge('wildchat_upstream_calls_queued', 'Messages waiting for an upstream slot.');
  readonly upstreamQueueWait = new Histogram(
    'wildchat_upstream_queue_wait_seconds',
    'Time a message waited for an upstream slot (granted ones).',
    LATENCY_BUCKETS_SECONDS,
  );
  readonly tokensSpentToday = new Gauge('wildchat_budget_tokens_spent_today', 'Upstream tokens settled today (UTC) against --daily-token-budget.');
  readonly tokensReserved = new Gauge('wildchat_budget_tokens_reserved', 'Upstream tokens reserved by messages still running.');
  readonly budgetExhausted = new Gauge('wildchat_budget_exhausted', '1 while the daily token budget is spent (kill switch tripped), else 0.');
  readonly maxTokensLowered = new Counter('wildchat_max_tokens_lowered_total', 'Requests whose max_tokens was lowered to the ceiling, by model.');
  readonly diskFreeBytes = new Gauge('wildchat_disk_free_bytes', "Free bytes on the data folder's file system at the last check.");

  render(): string {
    const all: Metric[] = [
      this.requests,
      this.requestDuration,
      this.activeStreams,
      this.turns,
      this.timeToFirstToken,
      this.turnDuration,
      this.tokens,
      this.upstreamErrors,
      this.storeErrors,
      this.refusals,
      this.upstreamActive,
      this.upstreamQueued,
      this.upstreamQueueWait,
      this.tokensSpentToday,
      this.tokensReserved,
      this.budgetExhausted,
      this.maxTokensLowered,
      this.diskFreeBytes,
    ];
    return `${all.map((metric) => metric.render()).join('\n')}\n`;
  }
}
