/**
 * Token bucket that paces one tenant's Learn Amp writes in this worker process. Tokens refill
 * continuously at `writesPerSecond`; the bucket keeps at most a quarter of a second's worth (at least one
 * token), so a burst after an idle spell stays short. A 429 pauses every write of the tenant until
 * Learn Amp's `Retry-After` has passed.
 *
 * NOTE: each worker process has its own buckets, so N workers together may write up to N times the
 * tenant's rate. Learn Amp's 429 responses, honoured here, are the backstop for that case.
 */
export class WriteLimiter {
  private tokens: number;
  private updatedAtMs: number;
  private pausedUntilMs = 0;
  /** Callers waiting for a token, served in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private writesPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    validateRate(writesPerSecond);
    this.tokens = this.capacity();
    this.updatedAtMs = now();
  }

  /** Changes the rate, e.g. after an admin reconnected the tenant with a new setting. */
  setRate(writesPerSecond: number): void {
    validateRate(writesPerSecond);
    this.refill();
    this.writesPerSecond = writesPerSecond;
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  get rate(): number {
    return this.writesPerSecond;
  }

  /** Waits until a write may start and takes its token. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    // A failed wait must not block later callers.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Delays every write until `delayMs` from now, as a 429 with `Retry-After` requests. */
  pauseFor(delayMs: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, this.now() + delayMs);
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      this.refill();
      const pausedMs = this.pausedUntilMs - this.now();
      if (pausedMs > 0) {
        await sleep(pausedMs);
        continue;
      }
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.tokens) / this.writesPerSecond) * 1000));
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.updatedAtMs) / 1000) * this.writesPerSecond);
    this.updatedAtMs = now;
  }

  private capacity(): number {
    return Math.max(1, this.writesPerSecond / 4);
  }
}

/** One limiter per tenant, shared by every activity of this worker process. */
const limiters = new Map<string, WriteLimiter>();

/** Returns the tenant's write limiter, created on first use and kept at the tenant's current rate. */
export function writeLimiterFor(tenantId: string, writesPerSecond: number): WriteLimiter {
  const existing = limiters.get(tenantId);
  if (existing) {
    if (existing.rate !== writesPerSecond) existing.setRate(writesPerSecond);
    return existing;
  }
  const limiter = new WriteLimiter(writesPerSecond);
  limiters.set(tenantId, limiter);
  return limiter;
}

/**
 * Parses a `Retry-After` header, either delay-seconds or an HTTP date, into milliseconds from `nowMs`.
 * Returns null when the header is missing or invalid.
 */
export function retryAfterMs(header: unknown, nowMs: number = Date.now()): number | null {
  if (typeof header !== 'string' && typeof header !== 'number') return null;
  const text = String(header).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

function validateRate(writesPerSecond: number): void {
  if (!Number.isFinite(writesPerSecond) || writesPerSecond <= 0) {
    throw new Error(`Invalid Learn Amp write rate ${writesPerSecond}: expected a positive number of writes per second`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
