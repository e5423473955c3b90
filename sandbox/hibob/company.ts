import { randomInt } from 'node:crypto';
import type { GeneratedCompany } from '../company';
import type { NamedListItem, SandboxEmployee } from '../employee';
import type { PermissionGroup } from './permissions';
import { validatePermissionGroup } from './permissions';
import type { ServiceUserRegistry } from './serviceUsers';
import {
  FIELD_IDS_BY_PROPERTY,
  deliverWebhook,
  validateSubscription,
  type SendWebhookOptions,
  type WebhookDelivery,
  type WebhookEventType,
  type WebhookSubscription,
} from './webhooks';

/** One HiBob company (tenant): its employees, named lists and service users. */
export class HiBobCompany {
  /** Live data: the API reads these objects on every request. */
  readonly employees: SandboxEmployee[];
  readonly departments: NamedListItem[];
  readonly sites: NamedListItem[];
  readonly titles: NamedListItem[];
  readonly emailDomain: string;
  private addedCount = 0;
  private webhook: WebhookSubscription | null = null;

  constructor(
    readonly companyId: string,
    generated: GeneratedCompany,
    /** Default date (YYYY-MM-DD) for terminate, rehire and addEmployee. */
    readonly today: string,
    private readonly serviceUsers: ServiceUserRegistry,
    /** Receives each webhook delivery while it is in flight. */
    private readonly trackDelivery: (delivery: Promise<WebhookDelivery>) => void = () => undefined,
  ) {
    this.employees = generated.employees;
    this.departments = generated.departments;
    this.sites = generated.sites;
    this.titles = generated.titles;
    this.emailDomain = generated.emailDomain;
  }

  /** Creates a service user. By default its group reads every status and the lifecycle section. */
  addServiceUser(options: { id?: string; permissionGroup?: PermissionGroup } = {}): { id: string; token: string } {
    const user = this.serviceUsers.add(this.companyId, options);
    return { id: user.id, token: user.token };
  }

  /** Changes what the service user sees from the next request on, without a token refresh. */
  setPermissionGroup(serviceUserId: string, group: PermissionGroup): void {
    validatePermissionGroup(group);
    this.serviceUsers.get(this.companyId, serviceUserId).permissionGroup = { ...group };
  }

  /** Issues a new token and returns it. The old token gets 401 from the next request on. */
  refreshToken(serviceUserId: string): string {
    return this.serviceUsers.refreshToken(this.companyId, serviceUserId);
  }

  /** Returns the employee with this id. @throws when there is none */
  employee(id: string): SandboxEmployee {
    const employee = this.employees.find((candidate) => candidate.id === id);
    if (!employee) {
      throw new Error(`Employee ${id} not found in company ${this.companyId}`);
    }
    return employee;
  }

  /** Overwrites fields without validation, so tests can create malformed records. */
  updateEmployee(id: string, patch: Partial<Record<keyof SandboxEmployee, unknown>>): SandboxEmployee {
    const employee = Object.assign(this.employee(id), patch);
    const fieldIds = Object.keys(patch).map((key) => FIELD_IDS_BY_PROPERTY[key as keyof SandboxEmployee] ?? key);
    this.notify('employee.updated', id, fieldIds);
    return employee;
  }

  /** Makes the employee a leaver: lifecycle terminated, access Inactive. */
  terminate(id: string, terminationDate: string = this.today): SandboxEmployee {
    const employee = Object.assign(this.employee(id), {
      lifecycleStatus: 'terminated',
      terminationDate,
      accessStatus: 'Inactive',
    } satisfies Partial<SandboxEmployee>);
    this.notify('employee.left', id);
    this.notify('employee.inactivated', id);
    return employee;
  }

  /** Employs the employee again from `startDate`, with access Active and no termination date. */
  rehire(id: string, startDate: string = this.today): SandboxEmployee {
    const employee = Object.assign(this.employee(id), {
      lifecycleStatus: 'employed',
      terminationDate: null,
      accessStatus: 'Active',
      startDate,
    } satisfies Partial<SandboxEmployee>);
    this.notify('employee.joined', id);
    this.notify('employee.activated', id);
    return employee;
  }

  /** Adds an employee. Missing fields get defaults: employed from today, a new id and email. */
  addEmployee(fields: Partial<SandboxEmployee> = {}): SandboxEmployee {
    this.addedCount += 1;
    const firstName = fields.firstName ?? 'New';
    const surname = fields.surname ?? `Employee${this.addedCount}`;
    const employee: SandboxEmployee = {
      id: this.unusedEmployeeId(),
      email: `${firstName}.${surname}.${this.addedCount}@${this.emailDomain}`.toLowerCase(),
      firstName,
      surname,
      displayName: `${firstName} ${surname}`,
      title: null,
      department: null,
      site: null,
      startDate: this.today,
      reportsTo: null,
      lifecycleStatus: 'employed',
      terminationDate: null,
      accessStatus: 'Active',
      ...fields,
    };
    if (this.employees.some((existing) => existing.id === employee.id)) {
      throw new Error(`Employee ${employee.id} already exists in company ${this.companyId}`);
    }
    this.employees.push(employee);
    this.notify('employee.created', employee.id);
    return employee;
  }

  /** Deletes the employee. Their reports keep a reportsTo id that no longer resolves. */
  removeEmployee(id: string): void {
    const index = this.employees.indexOf(this.employee(id));
    this.employees.splice(index, 1);
    this.notify('employee.deleted', id);
  }

  /**
   * Subscribes a loopback URL to this company's v2 webhook events, or unsubscribes with null. From then on
   * updateEmployee, terminate, rehire, addEmployee and removeEmployee send events at once, signed with the secret.
   */
  setWebhook(subscription: WebhookSubscription | null): void {
    if (subscription) validateSubscription(subscription);
    this.webhook = subscription && { ...subscription };
  }

  /** Sends one event now and returns its delivery. @throws when no webhook is set */
  sendWebhook(type: WebhookEventType, employeeId: string, options: SendWebhookOptions = {}): Promise<WebhookDelivery> {
    if (!this.webhook) {
      throw new Error(`Webhook not set for company ${this.companyId}: call setWebhook first`);
    }
    const delivery = deliverWebhook(this.companyId, this.webhook, type, employeeId, options);
    this.trackDelivery(delivery);
    return delivery;
  }

  private notify(type: WebhookEventType, employeeId: string, fieldIds?: string[]): void {
    if (this.webhook) {
      void this.sendWebhook(type, employeeId, fieldIds ? { fieldIds } : {});
    }
  }

  private unusedEmployeeId(): string {
    for (;;) {
      const id = `${randomInt(1, 9)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e9)).padStart(9, '0')}`;
      if (!this.employees.some((employee) => employee.id === id)) {
        return id;
      }
    }
  }
}
