import type { FastifyInstance } from 'fastify';
import { WRITE_KINDS } from './models';
import type { LearnAmpSandbox } from './sandbox';

/** Outcome of counting one write against an account's limit. */
export interface WriteLimitDecision {
  allowed: boolean;
  /** Whole seconds until a write would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token bucket per account: `writesPerSecond` writes a second on average, with bursts of up to one
 * second's worth. Learn Amp documents no limit, so this only lets tests and benchmarks check that a client
 * stays under a limit and honours `Retry-After`.
 */
export class WriteRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private writesPerSecond: number | null = null;

  constructor(writesPerSecond: number | null = null) {
    this.configure(writesPerSecond);
  }

  /** The limit in writes per second, or null for none. */
  get limit(): number | null {
    return this.writesPerSecond;
  }

  /** Sets the limit (null removes it) and refills every bucket. @throws on a limit that is not a positive number */
  configure(writesPerSecond: number | null): void {
    if (writesPerSecond !== null && !(Number.isFinite(writesPerSecond) && writesPerSecond > 0)) {
      throw new Error(`Invalid write limit ${writesPerSecond}: expected a positive number of writes per second, or null`);
    }
    this.writesPerSecond = writesPerSecond;
    this.buckets.clear();
  }

  /** Counts a write of `accountId` made at `now` (ms) and decides whether it may go through. */
  take(accountId: string, now: number = Date.now()): WriteLimitDecision {
    const rate = this.writesPerSecond;
    if (rate === null) return { allowed: true, retryAfterSeconds: 0 };
    const bucket = this.buckets.get(accountId) ?? { tokens: rate, updatedAt: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
    bucket.updatedAt = now;
    this.buckets.set(accountId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
  }
}

/**
 * Adds a hook that rejects writes over the account's limit with 429 and `Retry-After`. Register it in the
 * `/v1` scope after the authentication hook, which sets the account.
 */
export function registerWriteLimitHook(api: FastifyInstance, sandbox: LearnAmpSandbox): void {
  api.addHook('onRequest', async (request, reply) => {
    const kind = request.routeOptions.config?.kind;
    const account = request.learnampAccount;
    if (!account || !kind || !WRITE_KINDS.has(kind)) return;
    const decision = sandbox.writeLimiter.take(account.accountId);
    if (decision.allowed) return;
    return reply
      .code(429)
      .header('Retry-After', String(decision.retryAfterSeconds))
      .send({ error: `Too many requests: this account allows ${sandbox.writeLimiter.limit} writes a second` });
  });
}
