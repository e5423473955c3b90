import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * What a fault does besides its delay. `drop` closes the connection without an HTTP response.
 * `malformed_json` returns a body that is not valid JSON, which in the `response` phase is the first half
 * of the real body.
 */
export type FaultEffect = 'drop' | 'malformed_json';

/** A failure or delay to inject into the next matching API requests. */
export interface FaultOptions {
  /** Number of matching requests it applies to. @default 1 */
  count?: number;
  /** Status to return instead of the real response. Without it and `effect`, the request is only delayed by `delayMs`. */
  status?: number;
  /** Applied instead of `status`. @default none */
  effect?: FaultEffect;
  /**
   * `request` applies the fault before the API handles the request, so the request has no effect.
   * `response` lets the request take effect and then spoils or delays its response, as when a reply is
   * lost on the way back. @default 'request'
   */
  phase?: 'request' | 'response';
  /** Milliseconds to hold the request before responding, to make client timeouts fire. @default 0 */
  delayMs?: number;
  /** Value of a Retry-After header to send with `status`. Neither API documents one, so it is off by default. */
  retryAfterSeconds?: number;
  /** HTTP method to match, e.g. 'POST'. @default any */
  method?: string;
  /** Exact URL path to match, e.g. '/v1/people/search'. @default any API path */
  path?: string;
  /** Start of the URL path to match, e.g. '/v1/users/' for every request on one user. @default any API path */
  pathPrefix?: string;
  /** Share of matching requests the fault hits, above 0 and at most 1; the others pass untouched. @default 1 */
  share?: number;
}

/** One request a fault was applied to, for tests to check that their faults were hit. */
export interface AppliedFault {
  method: string;
  path: string;
  /** `status`, `delay` (delay only), `drop` or `malformed_json`. */
  kind: 'status' | 'delay' | FaultEffect;
  phase: 'request' | 'response';
  status?: number;
  /** Epoch milliseconds when the fault was taken. */
  at: number;
}

interface PendingFault {
  remaining: number;
  delayMs: number;
  phase: 'request' | 'response';
  share: number;
  status?: number;
  effect?: FaultEffect;
  retryAfterSeconds?: number;
  method?: string;
  path?: string;
  pathPrefix?: string;
}

/** Body sent by a `malformed_json` fault in the `request` phase: JSON cut off in the middle. */
const CUT_OFF_JSON = '{"employees":[{"id":"1","users":[{"id":';

/** Queue of injected faults, consumed in the order they were added. */
export class FaultInjector {
  /** Every request a fault was applied to, oldest first. */
  readonly applied: AppliedFault[] = [];
  private faults: PendingFault[] = [];

  /** @param random Source of numbers in [0, 1) for `share`; replaceable so tests can make it predictable. */
  constructor(private readonly random: () => number = Math.random) {}

  /**
   * Adds a fault for the next `count` matching requests.
   * @throws on a count below 1, a status outside 400-599, a share outside (0, 1], or a status with an effect
   */
  add(options: FaultOptions): void {
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`Invalid fault count ${count}: expected a whole number of at least 1`);
    }
    if (options.status !== undefined && (options.status < 400 || options.status > 599)) {
      throw new Error(`Invalid fault status ${options.status}: expected an error status from 400 to 599`);
    }
    if (options.status !== undefined && options.effect !== undefined) {
      throw new Error(`Invalid fault: status ${options.status} and effect ${options.effect} exclude each other`);
    }
    const share = options.share ?? 1;
    if (!(share > 0 && share <= 1)) {
      throw new Error(`Invalid fault share ${share}: expected a number above 0 and at most 1`);
    }
    this.faults.push({
      remaining: count,
      delayMs: options.delayMs ?? 0,
      phase: options.phase ?? 'request',
      share,
      status: options.status,
      effect: options.effect,
      retryAfterSeconds: options.retryAfterSeconds,
      method: options.method?.toUpperCase(),
      path: options.path,
      pathPrefix: options.pathPrefix,
    });
  }

  /** Removes every pending fault. The log of applied faults is kept. */
  clear(): void {
    this.faults = [];
  }

  /** Number of requests the pending faults will still hit. */
  pendingCount(): number {
    return this.faults.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  /**
   * Returns the first matching fault whose share draw hits, counts it as used and logs it, or returns
   * undefined when no fault applies to this request.
   */
  take(method: string, path: string): PendingFault | undefined {
    const fault = this.faults.find((candidate) => matches(candidate, method, path) && this.hits(candidate));
    if (!fault) {
      return undefined;
    }
    fault.remaining -= 1;
    this.faults = this.faults.filter((candidate) => candidate.remaining > 0);
    this.applied.push({ method, path, kind: kindOf(fault), phase: fault.phase, status: fault.status, at: Date.now() });
    return fault;
  }

  private hits(fault: PendingFault): boolean {
    return fault.share >= 1 || this.random() < fault.share;
  }
}

function matches(fault: PendingFault, method: string, path: string): boolean {
  return (
    (!fault.method || fault.method === method) &&
    (!fault.path || fault.path === path) &&
    (!fault.pathPrefix || path.startsWith(fault.pathPrefix))
  );
}

function kindOf(fault: PendingFault): AppliedFault['kind'] {
  if (fault.effect) return fault.effect;
  return fault.status === undefined ? 'delay' : 'status';
}

/**
 * Adds hooks that apply injected faults to API requests (not `/_sandbox`). Request-phase faults run as a
 * preHandler, after authentication and the HiBob rate limit, so the request record keeps the tenant.
 * Response-phase faults run in onSend, after the handler, and after the servers' own onSend hooks have
 * recorded the real status.
 */
export function registerFaultHook(app: FastifyInstance, faults: FaultInjector): void {
  const responseFaults = new WeakMap<FastifyRequest, PendingFault>();

  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (path.startsWith('/_sandbox')) {
      return;
    }
    const fault = faults.take(request.method, path);
    if (!fault) {
      return;
    }
    if (fault.phase === 'response') {
      responseFaults.set(request, fault);
      return;
    }
    await sleep(fault.delayMs);
    if (fault.effect === 'drop') {
      dropConnection(reply);
      return reply;
    }
    if (fault.effect === 'malformed_json') {
      return reply.code(200).type('application/json; charset=utf-8').send(CUT_OFF_JSON);
    }
    if (fault.status !== undefined) {
      return sendFaultStatus(reply, fault);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = responseFaults.get(request);
    if (!fault) {
      return payload;
    }
    responseFaults.delete(request);
    await sleep(fault.delayMs);
    if (fault.effect === 'drop') {
      // Fastify still writes the reply, and Node discards writes to a destroyed response.
      reply.raw.destroy();
      return payload;
    }
    if (fault.effect === 'malformed_json') {
      if (reply.statusCode === 204) void reply.code(200);
      void reply.type('application/json; charset=utf-8');
      return firstHalf(payload);
    }
    if (fault.status !== undefined) {
      void reply.code(fault.status).type('application/json; charset=utf-8');
      if (fault.retryAfterSeconds !== undefined) void reply.header('Retry-After', fault.retryAfterSeconds);
      return JSON.stringify(faultErrorBody(fault.status));
    }
    return payload;
  });
}

function sendFaultStatus(reply: FastifyReply, fault: PendingFault): FastifyReply {
  if (fault.retryAfterSeconds !== undefined) {
    void reply.header('Retry-After', fault.retryAfterSeconds);
  }
  return reply.code(fault.status!).send(faultErrorBody(fault.status!));
}

function faultErrorBody(status: number): { error: string } {
  return { error: `Injected sandbox failure with status ${status}` };
}

/** Closes the socket without a response, so the client sees a reset connection. */
function dropConnection(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.destroy();
}

/** Cuts a JSON body in half; an empty body becomes an unterminated object. */
function firstHalf(payload: unknown): string {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
  return text.length > 1 ? text.slice(0, Math.floor(text.length / 2)) : '{"';
}

async function sleep(ms: number): Promise<void> {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
