import axios, { type AxiosInstance } from 'axios';
import type { SandboxEmployee } from './employee';
import type { FaultOptions } from './faults';
import type { PermissionGroup } from './hibob/permissions';
import type { SendWebhookOptions, WebhookDelivery, WebhookEventType } from './hibob/webhooks';
import type { SandboxUser, UserStatus } from './learnamp/models';

/** Per endpoint ('POST /v1/people/search'), the number of responses per status code. */
export type HiBobStats = { total: number; byEndpoint: Record<string, Record<string, number>> };
/** Request counts per kind, successful writes and invitations sent. */
export type LearnAmpStats = { total: number; byKind: Record<string, number>; writes: number; invitations: number };
/** Credentials of a created Learn Amp account. */
export type LearnAmpCredentials = {
  accountId: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  granularScopes: boolean;
};
/** A user to insert directly into a Learn Amp account. */
export type SeedUser = Pick<SandboxUser, 'email' | 'firstName' | 'lastName'> &
  Partial<Omit<SandboxUser, 'id' | 'createdAt' | 'updatedAt' | 'deactivatedAt' | 'status'>> & { status?: UserStatus };

/** Typed client for the sandboxes' `/_sandbox` admin routes, for a CLI in another process. */
export class SandboxAdminClient {
  private readonly hibob: AxiosInstance;
  private readonly learnamp: AxiosInstance;

  /** `hibobUrl` may include `/v1`, because only the origins of both URLs are used. */
  constructor(urls: { hibobUrl: string; learnampUrl: string }) {
    this.hibob = axios.create({ baseURL: `${new URL(urls.hibobUrl).origin}/_sandbox` });
    this.learnamp = axios.create({ baseURL: `${new URL(urls.learnampUrl).origin}/_sandbox` });
  }

  async createCompany(options: { companyId: string; seed?: number; size?: number; today?: string }) {
    return (await this.hibob.post<{ companyId: string; employeeCount: number }>('/companies', options)).data;
  }

  async addServiceUser(companyId: string, options: { id?: string; permissionGroup?: PermissionGroup } = {}) {
    return (await this.hibob.post<{ id: string; token: string }>(`/companies/${enc(companyId)}/service-users`, options))
      .data;
  }

  async setPermissionGroup(companyId: string, serviceUserId: string, group: PermissionGroup): Promise<void> {
    await this.hibob.put(`/companies/${enc(companyId)}/service-users/${enc(serviceUserId)}/permission-group`, group);
  }

  /** Returns the new token. The old one is rejected from now on. */
  async refreshToken(companyId: string, serviceUserId: string): Promise<string> {
    const path = `/companies/${enc(companyId)}/service-users/${enc(serviceUserId)}/refresh-token`;
    return (await this.hibob.post<{ token: string }>(path, {})).data.token;
  }

  async listEmployees(companyId: string): Promise<SandboxEmployee[]> {
    return (await this.hibob.get<{ employees: SandboxEmployee[] }>(`/companies/${enc(companyId)}/employees`)).data
      .employees;
  }

  async addEmployee(companyId: string, fields: Partial<SandboxEmployee> = {}): Promise<SandboxEmployee> {
    return (await this.hibob.post<SandboxEmployee>(`/companies/${enc(companyId)}/employees`, fields)).data;
  }

  /** Overwrites fields without validation. */
  async updateEmployee(
    companyId: string,
    employeeId: string,
    patch: Record<string, unknown>,
  ): Promise<SandboxEmployee> {
    return (await this.hibob.patch<SandboxEmployee>(this.employeePath(companyId, employeeId), patch)).data;
  }

  async terminateEmployee(companyId: string, employeeId: string, terminationDate?: string): Promise<SandboxEmployee> {
    const path = `${this.employeePath(companyId, employeeId)}/terminate`;
    return (await this.hibob.post<SandboxEmployee>(path, { terminationDate })).data;
  }

  async rehireEmployee(companyId: string, employeeId: string, startDate?: string): Promise<SandboxEmployee> {
    return (await this.hibob.post<SandboxEmployee>(`${this.employeePath(companyId, employeeId)}/rehire`, { startDate }))
      .data;
  }

  async removeEmployee(companyId: string, employeeId: string): Promise<void> {
    await this.hibob.delete(this.employeePath(companyId, employeeId));
  }

  async setRateLimit(settings: { perMinute: number; windowMs: number }): Promise<void> {
    await this.hibob.put('/rate-limit', settings);
  }

  /** Returns request counts, for one company when `companyId` is given. */
  async hibobStats(companyId?: string): Promise<HiBobStats> {
    return (await this.hibob.get<HiBobStats>('/stats', { params: { companyId } })).data;
  }

  /** Subscribes a loopback URL to the company's webhook events, signed with `secret`. */
  async setWebhook(companyId: string, subscription: { url: string; secret: string }): Promise<void> {
    await this.hibob.put(`/companies/${enc(companyId)}/webhook`, subscription);
  }

  async removeWebhook(companyId: string): Promise<void> {
    await this.hibob.delete(`/companies/${enc(companyId)}/webhook`);
  }

  /** Sends one webhook event now and returns its delivery. */
  async sendWebhook(
    companyId: string,
    type: WebhookEventType,
    employeeId: string,
    options: SendWebhookOptions = {},
  ): Promise<WebhookDelivery> {
    const path = `/companies/${enc(companyId)}/webhook/events`;
    return (await this.hibob.post<WebhookDelivery>(path, { type, employeeId, ...options })).data;
  }

  /** Returns finished webhook deliveries, after waiting for those in flight. */
  async webhookDeliveries(companyId?: string): Promise<WebhookDelivery[]> {
    const response = await this.hibob.get<{ deliveries: WebhookDelivery[] }>('/webhook-deliveries', {
      params: { companyId },
    });
    return response.data.deliveries;
  }

  /** Makes the next matching HiBob API requests fail or wait. */
  async injectHiBobFault(fault: FaultOptions): Promise<void> {
    await this.hibob.post('/faults', fault);
  }

  async clearHiBobFaults(): Promise<void> {
    await this.hibob.delete('/faults');
  }

  /** Makes the next matching Learn Amp requests fail or wait. */
  async injectLearnAmpFault(fault: FaultOptions): Promise<void> {
    await this.learnamp.post('/faults', fault);
  }

  async clearLearnAmpFaults(): Promise<void> {
    await this.learnamp.delete('/faults');
  }

  async createAccount(options: {
    accountId: string;
    clientId?: string;
    clientSecret?: string;
    scopes?: string[];
    granularScopes?: boolean;
  }): Promise<LearnAmpCredentials> {
    return (await this.learnamp.post<LearnAmpCredentials>('/accounts', options)).data;
  }

  async seedUsers(accountId: string, users: SeedUser[]): Promise<SandboxUser[]> {
    return (await this.learnamp.post<{ users: SandboxUser[] }>(`/accounts/${enc(accountId)}/users`, { users })).data
      .users;
  }

  /** Returns the account's users as stored, without API rendering. */
  async listUsers(accountId: string): Promise<SandboxUser[]> {
    return (await this.learnamp.get<{ users: SandboxUser[] }>(`/accounts/${enc(accountId)}/users`)).data.users;
  }

  async revokeTokens(accountId: string): Promise<void> {
    await this.learnamp.post(`/accounts/${enc(accountId)}/revoke-tokens`, {});
  }

  async setScopes(accountId: string, scopes: string[]): Promise<void> {
    await this.learnamp.put(`/accounts/${enc(accountId)}/scopes`, { scopes });
  }

  /** Limits every account to `writesPerSecond` Learn Amp writes a second; null removes the limit. */
  async setLearnAmpWriteLimit(writesPerSecond: number | null): Promise<void> {
    await this.learnamp.put('/write-limit', { writesPerSecond });
  }

  /** Returns request counts, writes and invitations, for one account when `accountId` is given. */
  async learnampStats(accountId?: string): Promise<LearnAmpStats> {
    return (await this.learnamp.get<LearnAmpStats>('/stats', { params: { accountId } })).data;
  }

  private employeePath(companyId: string, employeeId: string): string {
    return `/companies/${enc(companyId)}/employees/${enc(employeeId)}`;
  }
}

function enc(value: string): string {
  return encodeURIComponent(value);
}
