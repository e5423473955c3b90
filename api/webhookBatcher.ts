import type { FastifyBaseLogger } from 'fastify';
import { TenantNotFoundError } from '../client/adminActions';

export interface WebhookBatcherOptions {
  /** Minimum time between two signals to one tenant, in milliseconds. */
  flushIntervalMs: number;
  /** Most employee ids in one signal; the rest wait for the next flush. @default 1000 */
  maxIdsPerSignal?: number;
  /** Queued ids per tenant above which the queue is dropped for one full sync. @default 50000 */
  maxQueuedIdsPerTenant?: number;
  /** Sends one `employeesChanged` signal. */
  notifyEmployeesChanged(tenantId: string, employeeIds: string[]): Promise<void>;
  /** Asks for a full sync, used when too many ids queued up. */
  requestFullSync(tenantId: string, reason: string): Promise<void>;
  logger: FastifyBaseLogger;
}

interface TenantQueue {
  employeeIds: Set<string>;
  fullSyncRequested: boolean;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
  lastFlushAt: number;
}

/**
 * Collects employee ids from webhook events per tenant and sends them as one deduplicated signal per tenant
 * at most every `flushIntervalMs`. HiBob gets no call from here: the tenant workflow re-reads the named
 * employees, so the interval bounds how often a burst of events can make it read HiBob.
 */
export class WebhookBatcher {
  private readonly queues = new Map<string, TenantQueue>();
  private readonly maxIdsPerSignal: number;
  private readonly maxQueuedIds: number;
  private closed = false;
  /** Signals sent so far, for logs and tests. */
  signalsSent = 0;

  constructor(private readonly options: WebhookBatcherOptions) {
    this.maxIdsPerSignal = options.maxIdsPerSignal ?? 1000;
    this.maxQueuedIds = options.maxQueuedIdsPerTenant ?? 50_000;
  }

  /** Queues an employee id; returns at once. Ids already queued are not queued twice. */
  add(tenantId: string, employeeId: string): void {
    const queue = this.queueOf(tenantId);
    if (!queue.fullSyncRequested) {
      queue.employeeIds.add(employeeId);
      if (queue.employeeIds.size > this.maxQueuedIds) {
        this.options.logger.warn({ tenantId, queued: queue.employeeIds.size }, 'Too many changed employees queued; requesting a full sync instead');
        queue.employeeIds.clear();
        queue.fullSyncRequested = true;
      }
    }
    this.schedule(tenantId, queue);
  }

  /** Sends everything queued now, ignoring the interval. Used on shutdown and by tests. */
  async flushAll(): Promise<void> {
    for (const [tenantId, queue] of this.queues) {
      if (queue.timer) clearTimeout(queue.timer);
      queue.timer = null;
      await queue.flushing;
      while (queue.employeeIds.size > 0 || queue.fullSyncRequested) {
        if (!(await this.flush(tenantId, queue))) break;
      }
    }
  }

  /** Flushes what is queued and stops scheduling; later `add` calls are dropped. */
  async close(): Promise<void> {
    await this.flushAll();
    this.closed = true;
    for (const queue of this.queues.values()) if (queue.timer) clearTimeout(queue.timer);
  }

  /** Number of employee ids waiting for a signal, over all tenants. */
  get queuedIds(): number {
    let total = 0;
    for (const queue of this.queues.values()) total += queue.employeeIds.size;
    return total;
  }

  private queueOf(tenantId: string): TenantQueue {
    let queue = this.queues.get(tenantId);
    if (!queue) {
      queue = { employeeIds: new Set(), fullSyncRequested: false, timer: null, flushing: null, lastFlushAt: 0 };
      this.queues.set(tenantId, queue);
    }
    return queue;
  }

  private schedule(tenantId: string, queue: TenantQueue): void {
    if (this.closed || queue.timer || queue.flushing) return;
    const delay = Math.max(0, queue.lastFlushAt + this.options.flushIntervalMs - Date.now());
    queue.timer = setTimeout(() => {
      queue.timer = null;
      void this.flush(tenantId, queue).then(() => {
        if (queue.employeeIds.size > 0 || queue.fullSyncRequested) this.schedule(tenantId, queue);
      });
    }, delay);
  }

  /** Sends one signal; returns false when it failed and the ids were put back. */
  private async flush(tenantId: string, queue: TenantQueue): Promise<boolean> {
    const fullSync = queue.fullSyncRequested;
    const employeeIds = fullSync ? [] : [...queue.employeeIds].slice(0, this.maxIdsPerSignal);
    if (!fullSync && employeeIds.length === 0) return true;
    for (const id of employeeIds) queue.employeeIds.delete(id);
    queue.fullSyncRequested = false;
    queue.lastFlushAt = Date.now();

    const sending = fullSync
      ? this.options.requestFullSync(tenantId, 'too many HiBob webhook events')
      : this.options.notifyEmployeesChanged(tenantId, employeeIds);
    let sent = true;
    queue.flushing = sending.then(
      () => {
        this.signalsSent += 1;
        this.options.logger.info({ tenantId, employees: employeeIds.length, fullSync }, 'Sent webhook changes to the tenant workflow');
      },
      (error: unknown) => {
        sent = false;
        if (error instanceof TenantNotFoundError) {
          this.options.logger.warn({ tenantId, employees: employeeIds.length }, 'Dropped webhook changes: the tenant has no running integration');
          return;
        }
        // Temporal may be briefly unreachable: keep the ids for the next flush.
        for (const id of employeeIds) queue.employeeIds.add(id);
        queue.fullSyncRequested ||= fullSync;
        this.options.logger.error({ tenantId, employees: employeeIds.length, error: errorMessage(error) }, 'Sending webhook changes failed; retrying');
      },
    );

    await queue.flushing;
    queue.flushing = null;
    return sent;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
