import { EventEmitter } from 'node:events';
import { generateCompany } from '../company';
import { FaultInjector } from '../faults';
import { utcToday, type SandboxEmployee } from '../employee';
import { HiBobCompany } from './company';
import type { LifecycleCasing } from './fields';
import { FixedWindowRateLimiter, type RateLimitSettings } from './rateLimit';
import { ServiceUserRegistry } from './serviceUsers';
import type { WebhookDelivery } from './webhooks';

/** Options of the HiBob sandbox. */
export interface HiBobSandboxOptions {
  /** Requests allowed per company and endpoint in each window. @default 50 */
  rateLimitPerMinute?: number;
  /** @default 60000 */
  rateLimitWindowMs?: number;
  /** Casing of `internal.lifecycleStatus` values ('garden leave' or 'Garden leave'). @default 'lower' */
  lifecycleCasing?: LifecycleCasing;
}

/** Options of {@link HiBobSandbox.addCompany}. */
export interface AddCompanyOptions {
  companyId: string;
  /** @default 1 */
  seed?: number;
  /** Generated employees, ignored when `employees` is given. @default 1000 */
  size?: number;
  /** Reference date (YYYY-MM-DD). @default the current UTC date */
  today?: string;
  /** Employees to use instead of generated ones. The named lists are still generated from `seed`. */
  employees?: SandboxEmployee[];
}

/** One API request and the status the HiBob sandbox returned. */
export interface HiBobRequestRecord {
  /** Null when the request did not authenticate. */
  companyId: string | null;
  serviceUserId: string | null;
  method: string;
  /** URL path without the query string, e.g. '/v1/people/search'. */
  path: string;
  status: number;
  /** Epoch milliseconds when the response was decided. */
  at: number;
  /** Parsed request body, when there was one. */
  body?: unknown;
}

/** In-memory HiBob with many companies. `buildHiBobServer` serves it over HTTP. */
export class HiBobSandbox extends EventEmitter<{ request: [HiBobRequestRecord]; webhook: [WebhookDelivery] }> {
  /** Every API request, oldest first. Admin routes are not recorded. */
  readonly requests: HiBobRequestRecord[] = [];
  readonly serviceUsers = new ServiceUserRegistry();
  readonly rateLimiter: FixedWindowRateLimiter;
  /** Failures and delays to inject into the next matching API requests. */
  readonly faults = new FaultInjector();
  lifecycleCasing: LifecycleCasing;
  /** Every finished webhook delivery, oldest first. */
  readonly webhookDeliveries: WebhookDelivery[] = [];
  private readonly companies = new Map<string, HiBobCompany>();
  private readonly deliveriesInFlight = new Set<Promise<WebhookDelivery>>();

  constructor(options: HiBobSandboxOptions = {}) {
    super();
    this.rateLimiter = new FixedWindowRateLimiter({
      perMinute: options.rateLimitPerMinute ?? 50,
      windowMs: options.rateLimitWindowMs ?? 60_000,
    });
    this.lifecycleCasing = options.lifecycleCasing ?? 'lower';
  }

  /** Creates a company with generated (or given) employees. @throws when the id is taken */
  addCompany(options: AddCompanyOptions): HiBobCompany {
    if (this.companies.has(options.companyId)) {
      throw new Error(`HiBob company ${options.companyId} already exists`);
    }
    const today = options.today ?? utcToday();
    const size = options.employees ? 0 : options.size;
    const generated = generateCompany({ seed: options.seed ?? 1, size, today });
    if (options.employees) {
      generated.employees = options.employees.map((employee) => ({ ...employee }));
    }
    const company = new HiBobCompany(options.companyId, generated, today, this.serviceUsers, (delivery) =>
      this.trackDelivery(delivery),
    );
    this.companies.set(options.companyId, company);
    return company;
  }

  /** Returns the company. @throws when it does not exist */
  company(companyId: string): HiBobCompany {
    const company = this.companies.get(companyId);
    if (!company) {
      throw new Error(`HiBob company ${companyId} not found`);
    }
    return company;
  }

  /** Applies a new limit to every endpoint of every company from the next request on. */
  setRateLimit(settings: RateLimitSettings): void {
    this.rateLimiter.configure(settings);
  }

  /** Waits until every webhook delivery started so far has finished. */
  async flushWebhooks(): Promise<void> {
    await Promise.all([...this.deliveriesInFlight]);
  }

  private trackDelivery(delivery: Promise<WebhookDelivery>): void {
    this.deliveriesInFlight.add(delivery);
    void delivery.then((finished) => {
      this.deliveriesInFlight.delete(delivery);
      this.webhookDeliveries.push(finished);
      this.emit('webhook', finished);
    });
  }

  /** Stores a request record and emits 'request' with it. The server calls it before it sends the response. */
  recordRequest(record: HiBobRequestRecord): void {
    this.requests.push(record);
    this.emit('request', record);
  }
}
