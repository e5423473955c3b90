import { AdminContext, connectTenant, tenantStatus } from '../client/adminActions';
import { checkEndState, EndStateCheck } from '../client/endStateCheck';
import { AccountSummary, summarizeAccount } from '../client/endStateDiff';
import type { TenantStatus } from '../common/status';
import type { HiBobCompany, LearnAmpAccount, LearnAmpRequestRecord, Sandboxes } from '../sandbox';
import { WRITE_KINDS } from '../sandbox/learnamp/models';
import { sleep } from './processes';

/** Options of a chaos tenant. Every tenant of one run gets a company generated from the same seed. */
export interface ChaosTenantOptions {
  tenantId: string;
  employees: number;
  seed: number;
  /** YYYY-MM-DD the company is generated for, the same for every tenant of a run. */
  today: string;
  sandboxes: Sandboxes;
  /** Admin context whose client talks to this tenant's Temporal server and whose task queue its worker polls. */
  context: AdminContext;
}

/**
 * One tenant of a chaos run: a generated HiBob company and a Learn Amp account whose only users are the
 * leavers, still active. It counts the successful Learn Amp writes made for it, and the scenarios use the
 * count to pick their moments.
 */
export class ChaosTenant {
  readonly tenantId: string;
  readonly company: HiBobCompany;
  readonly account: LearnAmpAccount;
  readonly context: AdminContext;
  /** Epoch milliseconds of every successful write, oldest first. */
  readonly writeTimes: number[] = [];
  connectedAt = 0;
  private readonly serviceUser: { id: string; token: string };
  private readonly waiters: { threshold: number; resolve: () => void }[] = [];

  constructor(private readonly options: ChaosTenantOptions) {
    this.tenantId = options.tenantId;
    this.context = options.context;
    this.company = options.sandboxes.hibob.addCompany({
      companyId: `${options.tenantId}-co`,
      seed: options.seed,
      size: options.employees,
      today: options.today,
    });
    this.serviceUser = this.company.addServiceUser();
    this.account = options.sandboxes.learnamp.addAccount({ accountId: `${options.tenantId}-la` });
    this.seedActiveLeavers();
    options.sandboxes.learnamp.on('request', (record) => this.onRequest(record));
  }

  /**
   * Gives every leaver an active Learn Amp user, as an earlier integration would have left them, so each
   * sync must deactivate them and a lost deactivation shows as a leaver left active.
   */
  private seedActiveLeavers(): void {
    for (const employee of this.company.employees) {
      if (employee.lifecycleStatus !== 'terminated' || !employee.email) continue;
      this.account.seedUser({ email: employee.email, firstName: employee.firstName, lastName: employee.surname, integrationExternalId: employee.id });
    }
  }

  /** Successful Learn Amp writes so far. */
  writes(): number {
    return this.writeTimes.length;
  }

  /** Resolves once at least `threshold` writes have been made. */
  whenWrites(threshold: number): Promise<void> {
    if (this.writes() >= threshold) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ threshold, resolve }));
  }

  /**
   * Seconds from `since` until `count` more writes had been made after the first `writesBefore`, or null
   * when the sync made fewer. A single write can be a straggler; a run of them shows the sync is moving again.
   */
  secondsUntilWrites(since: number, writesBefore: number, count: number): number | null {
    const at = this.writeTimes[writesBefore + count - 1];
    return at === undefined ? null : (at - since) / 1000;
  }

  /** Stores the credentials and starts the tenant workflow through the admin actions, as the CLI does. */
  async connect(): Promise<void> {
    this.connectedAt = Date.now();
    await connectTenant(this.context, {
      tenantId: this.tenantId,
      hibobBaseUrl: this.options.sandboxes.hibobUrl,
      serviceUserId: this.serviceUser.id,
      hibobToken: this.serviceUser.token,
      learnampBaseUrl: this.options.sandboxes.learnampUrl,
      learnampClientId: this.account.clientId,
      learnampClientSecret: this.account.clientSecret,
    });
  }

  /**
   * Polls the `status` query until the first sync has ended, through worker and server restarts (a query
   * fails while no worker or no server is up). Throws after `timeoutMs`.
   */
  async waitForFirstSync(timeoutMs: number): Promise<TenantStatus> {
    const deadline = Date.now() + timeoutMs;
    let last: TenantStatus | null = null;
    while (Date.now() < deadline) {
      last = await tenantStatus(this.context, this.tenantId).catch(() => last);
      const ended = last?.lastRun?.syncId.includes('/sync-1-') && !['validating', 'syncing'].includes(last.state);
      if (ended) return last!;
      await sleep(500);
    }
    throw new Error(`Tenant ${this.tenantId} did not finish its first sync within ${timeoutMs / 1000} s; last state ${last?.state ?? 'unknown'}`);
  }

  /** Compares Learn Amp with HiBob, independently of the sync's own planning. */
  checkEndState(): EndStateCheck {
    return checkEndState(this.company.employees, this.account.users, this.options.today);
  }

  summarize(): AccountSummary {
    return summarizeAccount(this.account.users, this.account.teams);
  }

  private onRequest(record: LearnAmpRequestRecord): void {
    if (record.accountId !== this.account.accountId || !WRITE_KINDS.has(record.kind) || record.status < 200 || record.status >= 300) return;
    this.writeTimes.push(record.at);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.writes() >= this.waiters[i]!.threshold) this.waiters.splice(i, 1)[0]!.resolve();
    }
  }
}
