/** Rate limit settings: at most `perMinute` requests per endpoint in each window of `windowMs`. */
export interface RateLimitSettings {
  /** HiBob allows 50 people searches a minute. @default 50 */
  perMinute: number;
  /** @default 60000 */
  windowMs: number;
}

/** Outcome of counting one request, with the values of the X-RateLimit-* headers. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds at which the current window ends. */
  resetAt: number;
}

interface Window {
  startedAt: number;
  count: number;
}

/** Fixed-window counter per key (company and endpoint). A window starts with the first request after the previous window ended. */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private settings: RateLimitSettings) {
    validateRateLimit(settings);
  }

  /** Replaces the settings and clears all open windows, so the new limit applies from the next request. */
  configure(settings: RateLimitSettings): void {
    validateRateLimit(settings);
    this.settings = { ...settings };
    this.windows.clear();
  }

  /** Counts a request for `key` made at `now` (ms) and decides whether it may go through. */
  take(key: string, now: number = Date.now()): RateLimitDecision {
    let window = this.windows.get(key);
    if (!window || now >= window.startedAt + this.settings.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const limit = this.settings.perMinute;
    return {
      allowed: window.count <= limit,
      limit,
      remaining: Math.max(0, limit - window.count),
      resetAt: Math.ceil((window.startedAt + this.settings.windowMs) / 1000),
    };
  }
}

function validateRateLimit(settings: RateLimitSettings): void {
  if (!Number.isInteger(settings.perMinute) || settings.perMinute < 1) {
    throw new Error(`Invalid rate limit perMinute ${settings.perMinute}: expected a whole number of at least 1`);
  }
  if (!Number.isInteger(settings.windowMs) || settings.windowMs < 1) {
    throw new Error(`Invalid rate limit windowMs ${settings.windowMs}: expected a whole number of milliseconds`);
  }
}
