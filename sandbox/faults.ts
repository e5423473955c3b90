import type { FastifyInstance } from 'fastify';

/** A failure or delay to inject into the next matching API requests. */
export interface FaultOptions {
  /** Number of matching requests it applies to. @default 1 */
  count?: number;
  /** Status to return instead of the real response. Without it the request is only delayed by `delayMs`. */
  status?: number;
  /** Milliseconds to hold the request before responding, to make client timeouts fire. @default 0 */
  delayMs?: number;
  /** Value of a Retry-After header to send with `status`. Neither API documents one, so it is off by default. */
  retryAfterSeconds?: number;
  /** HTTP method to match, e.g. 'POST'. @default any */
  method?: string;
  /** Exact URL path to match, e.g. '/v1/people/search'. @default any API path */
  path?: string;
}

interface PendingFault extends Required<Pick<FaultOptions, 'delayMs'>> {
  remaining: number;
  status?: number;
  retryAfterSeconds?: number;
  method?: string;
  path?: string;
}

/** Queue of injected faults, consumed in the order they were added. */
export class FaultInjector {
  private faults: PendingFault[] = [];

  /** Adds a fault for the next `count` matching requests. @throws on a count below 1 or a status outside 400-599 */
  add(options: FaultOptions): void {
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`Invalid fault count ${count}: expected a whole number of at least 1`);
    }
    if (options.status !== undefined && (options.status < 400 || options.status > 599)) {
      throw new Error(`Invalid fault status ${options.status}: expected an error status from 400 to 599`);
    }
    this.faults.push({
      remaining: count,
      delayMs: options.delayMs ?? 0,
      status: options.status,
      retryAfterSeconds: options.retryAfterSeconds,
      method: options.method?.toUpperCase(),
      path: options.path,
    });
  }

  /** Removes every pending fault. */
  clear(): void {
    this.faults = [];
  }

  /** Returns the first fault that matches the request and counts it as used, or undefined. */
  take(method: string, path: string): PendingFault | undefined {
    const fault = this.faults.find(
      (candidate) => (!candidate.method || candidate.method === method) && (!candidate.path || candidate.path === path),
    );
    if (fault) {
      fault.remaining -= 1;
      this.faults = this.faults.filter((candidate) => candidate.remaining > 0);
    }
    return fault;
  }
}

/**
 * Adds a hook that applies injected faults to API requests (not `/_sandbox`). It runs as a preHandler,
 * after authentication and the HiBob rate limit, so the request record keeps the tenant.
 */
export function registerFaultHook(app: FastifyInstance, faults: FaultInjector): void {
  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (path.startsWith('/_sandbox')) {
      return;
    }
    const fault = faults.take(request.method, path);
    if (!fault) {
      return;
    }
    if (fault.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    }
    if (fault.status !== undefined) {
      if (fault.retryAfterSeconds !== undefined) {
        void reply.header('Retry-After', fault.retryAfterSeconds);
      }
      return reply.code(fault.status).send({ error: `Injected sandbox failure with status ${fault.status}` });
    }
  });
}
