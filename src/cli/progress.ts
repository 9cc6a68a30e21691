/**
 * Progress of long commands (import, export, release): a bar with rate and ETA on a terminal,
 * a plain line every few seconds otherwise (CI logs, files). Written to stderr so stdout stays
 * free for results.
 */
import cliProgress from 'cli-progress';
import type { ProgressSink } from '../core/progress-sink.ts';

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when not on a terminal. */
  lineIntervalSeconds?: number;
  /** Injected clock (milliseconds) for tests. */
  now?: () => number;
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

export function formatAmount(value: number, unit: string): string {
  if (unit !== 'bytes') {
    const whole = Math.round(value);
    // Units are plural nouns ("rows"); one of them is "1 row".
    return `${whole.toLocaleString('en-US')} ${whole === 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit}`;
  }
  let scaled = value;
  let index = 0;
  while (scaled >= 1000 && index < BYTE_UNITS.length - 1) {
    scaled /= 1000;
    index += 1;
  }
  return `${scaled.toFixed(index === 0 ? 0 : 1)} ${BYTE_UNITS[index]}`;
}

/** A per-second rate: small ones keep a decimal, so one row in five seconds is not "0 rows/s". */
export function formatRate(perSecond: number, unit: string): string {
  if (unit === 'bytes' || perSecond >= 10 || perSecond === 0) return `${formatAmount(perSecond, unit)}/s`;
  return `${perSecond.toFixed(1)} ${unit}/s`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

/** One line: "label: 12.3 MB of 45.6 MB (27%), 5.2 MB/s, ETA 6 s". */
export function progressLine(label: string, done: number, total: number | null, unit: string, elapsedSeconds: number): string {
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const parts = [`${label}: ${formatAmount(done, unit)}`];
  if (total !== null && total > 0) parts[0] += ` of ${formatAmount(total, unit)} (${Math.min(100, Math.floor((100 * done) / total))}%)`;
  parts.push(formatRate(rate, unit));
  if (total !== null && total > 0 && rate > 0 && done < total) parts.push(`ETA ${formatDuration((total - done) / rate)}`);
  return parts.join(', ');
}

/** Chooses the bar on a terminal and plain lines elsewhere. */
export function createProgress(options: ProgressOptions = {}): ProgressSink {
  const stream = options.stream ?? process.stderr;
  return stream.isTTY === true ? new BarProgress(stream) : new LineProgress(stream, options);
}

class BarProgress implements ProgressSink {
  private bar: cliProgress.SingleBar | null = null;
  private unit = 'rows';
  private value = 0;
  private startedAt = 0;
  private readonly stream: NodeJS.WriteStream;

  constructor(stream: NodeJS.WriteStream) {
    this.stream = stream;
  }

  begin(label: string, total: number | null, unit: string): void {
    this.end();
    this.unit = unit;
    this.value = 0;
    this.startedAt = Date.now();
    const known = total !== null && total > 0;
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.stream,
        format: known ? `${label} [{bar}] {percentage}% | {done} of {all} | {rate}/s | ETA {eta_formatted}` : `${label} {done} | {rate}/s`,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(known ? total : 1, 0, { done: formatAmount(0, unit), all: known ? formatAmount(total, unit) : '', rate: formatAmount(0, unit) });
  }

  advance(amount: number): void {
    this.value += amount;
    const seconds = (Date.now() - this.startedAt) / 1000;
    this.bar?.update(this.value, {
      done: formatAmount(this.value, this.unit),
      rate: formatAmount(seconds > 0 ? this.value / seconds : 0, this.unit),
    });
  }

  end(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

class LineProgress implements ProgressSink {
  private label = '';
  private total: number | null = null;
  private unit = 'rows';
  private done = 0;
  private startedAt = 0;
  private lastLineAt = 0;
  /** `done` when the last line was written (null: none yet), so end() does not repeat it. */
  private lastLineDone: number | null = null;
  private active = false;
  private readonly stream: NodeJS.WritableStream;
  private readonly intervalMilliseconds: number;
  private readonly now: () => number;

  constructor(stream: NodeJS.WritableStream, options: ProgressOptions) {
    this.stream = stream;
    this.intervalMilliseconds = (options.lineIntervalSeconds ?? 5) * 1000;
    this.now = options.now ?? Date.now;
  }

  begin(label: string, total: number | null, unit: string): void {
    this.end();
    Object.assign(this, { label, total, unit, done: 0, active: true, lastLineDone: null });
    this.startedAt = this.now();
    this.lastLineAt = this.startedAt;
  }

  advance(amount: number): void {
    if (!this.active) return;
    this.done += amount;
    const now = this.now();
    if (now - this.lastLineAt >= this.intervalMilliseconds) {
      this.lastLineAt = now;
      this.write();
    }
  }

  end(): void {
    if (!this.active) return;
    this.active = false;
    if (this.lastLineDone !== this.done) this.write();
  }

  private write(): void {
    this.lastLineDone = this.done;
    this.stream.write(progressLine(this.label, this.done, this.total, this.unit, (this.now() - this.startedAt) / 1000) + '\n');
  }
}
