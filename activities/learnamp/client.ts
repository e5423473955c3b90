import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import axios, { AxiosInstance, AxiosResponse, isAxiosError } from 'axios';
import { FailureType } from '../../common/failureTypes';
import { LearnAmpUser, LearnAmpUserBody, parseLearnAmpUser } from './user';
import { retryAfterMs, WriteLimiter } from './writeLimiter';

/** Scopes hibob-sync asks for; clients with granular scopes must be granted all of them. */
export const LEARNAMP_SCOPES = 'users:read users:create users:update users:deactivate users:reactivate teams:read teams:create teams:update';

export interface LearnAmpCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
}

/** Learn Amp rejected a write with 400, 404 or 422; the employee is reported and skipped. */
export class LearnAmpRejectedError extends Error {
  constructor(
    readonly status: number,
    readonly apiMessage: string,
  ) {
    super(`Learn Amp returned ${status}: ${apiMessage}`);
    this.name = 'LearnAmpRejectedError';
  }
}

export interface LearnAmpTeam {
  id: number;
  name: string;
  integrationExternalId: string | null;
}

const PAGE_SIZE = 100;
const REQUEST_TIMEOUT_MS = 30_000;
/** Tokens are renewed this long before Learn Amp's `expires_in` runs out. */
const TOKEN_RENEW_MARGIN_MS = 60_000;
/**
 * A 429 whose `Retry-After` is at most this long is waited out inside the call, at most
 * `MAX_RATE_LIMITED_RETRIES` times; a longer one fails the activity with `nextRetryDelay` set to it.
 * Both keep a call well inside the write activity's one-minute timeout.
 */
const MAX_IN_CALL_RETRY_AFTER_MS = 10_000;
const MAX_RATE_LIMITED_RETRIES = 3;
/** Wait after a 429 without a usable `Retry-After`: Learn Amp documents neither its limits nor the header. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** Access tokens per client, shared by every client object in this worker process. */
const tokens = new Map<string, { accessToken: string; expiresAtMs: number }>();

/** Learn Amp API client for one tenant's OAuth client. Error messages never contain the secret or a token. */
export class LearnAmpClient {
  private readonly http: AxiosInstance;
  private readonly tokenKey: string;
  /** Scopes named in the last token response, or null when it named none. */
  private grantedScopes: string[] | null = null;

  /** `writeLimiter` paces this tenant's POST and PUT requests; without it writes are not paced. */
  constructor(
    private readonly credentials: LearnAmpCredentials,
    credentialsVersion: number,
    private readonly writeLimiter?: WriteLimiter,
  ) {
    this.http = axios.create({
      baseURL: credentials.baseUrl.replace(/\/+$/, ''),
      timeout: REQUEST_TIMEOUT_MS,
      validateStatus: () => true,
      headers: { Accept: 'application/json' },
    });
    // The secret's hash is in the key, so a tenant that names another's client id with a wrong secret never reuses its token.
    const secretHash = createHash('sha256').update(credentials.clientSecret).digest('hex').slice(0, 16);
    this.tokenKey = `${credentials.baseUrl}|${credentials.clientId}|${credentialsVersion}|${secretHash}`;
  }

  /**
   * Requests a fresh token, proving the client id and secret, and returns the requested scopes the token
   * lacks. Reads no data, so a sync that changes nothing makes no Learn Amp read.
   */
  async verifyAccess(): Promise<string[]> {
    tokens.delete(this.tokenKey);
    await this.accessToken();
    const granted = this.grantedScopes;
    if (granted === null) return [];
    return this.credentials.scopes.split(/\s+/).filter((scope) => scope && !granted.includes(scope));
  }

  /** A user with this email and no external id, or null. */
  async findUnlinkedUserByEmail(email: string): Promise<LearnAmpUser | null> {
    const response = await this.send('get', '/v1/users', { params: { 'filters[email]': email, expanded: true, perPage: PAGE_SIZE } });
    const rows = ((response.data as { users?: unknown[] }).users ?? []).map(parseLearnAmpUser);
    return rows.find((user) => user.email.toLowerCase() === email.toLowerCase() && user.integrationExternalId === null) ?? null;
  }

  /** Reads every user, page by page, with manager and primary team. */
  async listUsers(): Promise<LearnAmpUser[]> {
    const users: LearnAmpUser[] = [];
    for (let page = 1; ; page++) {
      const response = await this.send('get', '/v1/users', { params: { expanded: true, page, perPage: PAGE_SIZE } });
      const rows = (response.data as { users?: unknown[] }).users ?? [];
      users.push(...rows.map(parseLearnAmpUser));
      const totalPages = Number(response.headers['total-pages']);
      if (rows.length === 0 || (Number.isFinite(totalPages) ? page >= totalPages : rows.length < PAGE_SIZE)) return users;
    }
  }

  async getUserByExternalId(externalId: string): Promise<LearnAmpUser | null> {
    const path = `/v1/users/by_integration_external_id/${encodeURIComponent(externalId)}`;
    const response = await this.send('get', path, { allowNotFound: true });
    return response.status === 404 ? null : parseLearnAmpUser(response.data);
  }

  async createUser(body: LearnAmpUserBody, skipInvitation: boolean): Promise<LearnAmpUser> {
    const response = await this.send('post', '/v1/users', { data: { ...body, skipInvitation } });
    return parseLearnAmpUser(response.data);
  }

  async updateUser(userId: number, body: LearnAmpUserBody): Promise<LearnAmpUser> {
    const response = await this.send('put', `/v1/users/${userId}`, { data: body });
    return parseLearnAmpUser(response.data);
  }

  async deactivateUser(userId: number): Promise<void> {
    await this.send('put', `/v1/users/${userId}/deactivate`);
  }

  async reactivateUser(userId: number): Promise<void> {
    await this.send('put', `/v1/users/${userId}/reactivate`);
  }

  async listTeams(): Promise<LearnAmpTeam[]> {
    const teams: LearnAmpTeam[] = [];
    for (let page = 1; ; page++) {
      const response = await this.send('get', '/v1/teams', { params: { page, perPage: PAGE_SIZE } });
      const rows = (response.data as { teams?: LearnAmpTeam[] }).teams ?? [];
      teams.push(...rows.map((row) => ({ id: Number(row.id), name: row.name, integrationExternalId: row.integrationExternalId ?? null })));
      const totalPages = Number(response.headers['total-pages']);
      if (rows.length === 0 || (Number.isFinite(totalPages) ? page >= totalPages : rows.length < PAGE_SIZE)) return teams;
    }
  }

  async createTeam(name: string, integrationExternalId: string): Promise<void> {
    await this.send('post', '/v1/teams', { data: { name, integrationExternalId } });
  }

  async renameTeam(teamId: number, name: string): Promise<void> {
    await this.send('put', `/v1/teams/${teamId}`, { data: { name } });
  }

  private async send(
    method: 'get' | 'post' | 'put',
    path: string,
    options: { params?: Record<string, unknown>; data?: unknown; allowNotFound?: boolean } = {},
  ): Promise<AxiosResponse> {
    let tokenRenewed = false;
    let rateLimitedRetries = 0;
    for (;;) {
      const accessToken = await this.accessToken();
      if (method !== 'get') await this.writeLimiter?.take();
      const response = await this.call(method, path, {
        params: options.params,
        data: options.data,
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      // An expired or revoked access token gets one fresh token; a second 401 means the client itself is refused.
      if (response.status === 401 && !tokenRenewed) {
        tokens.delete(this.tokenKey);
        tokenRenewed = true;
        continue;
      }
      if (response.status === 429) {
        const waitMs = retryAfterMs(response.headers['retry-after']) ?? DEFAULT_RETRY_AFTER_MS;
        this.writeLimiter?.pauseFor(waitMs);
        if (waitMs <= MAX_IN_CALL_RETRY_AFTER_MS && rateLimitedRetries < MAX_RATE_LIMITED_RETRIES) {
          rateLimitedRetries++;
          // Writes wait in the limiter until the pause above ends; reads wait here.
          if (method === 'get' || !this.writeLimiter) await new Promise((resolve) => setTimeout(resolve, waitMs));
          continue;
        }
      }
      if (response.status === 404 && options.allowNotFound) return response;
      if (response.status >= 200 && response.status < 300) {
        // axios returns a body that is not valid JSON as a string. Read as a page without users, a cut-off
        // page would end the listing early and leave the leavers on later pages active.
        if (response.status !== 204 && (typeof response.data !== 'object' || response.data === null)) {
          throw ApplicationFailure.create({
            type: FailureType.learnampUnavailable,
            message: `Learn Amp ${method.toUpperCase()} ${path} returned ${response.status} with a body that is not a JSON object`,
          });
        }
        return response;
      }
      throw this.failureFor(response, `${method.toUpperCase()} ${path}`);
    }
  }

  private async accessToken(): Promise<string> {
    const cached = tokens.get(this.tokenKey);
    if (cached && cached.expiresAtMs > Date.now()) return cached.accessToken;
    const response = await this.call('post', '/oauth/token', {
      data: {
        grant_type: 'client_credentials',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
        scope: this.credentials.scopes,
      },
    });
    if (response.status !== 200) throw this.failureFor(response, 'POST /oauth/token');
    const body = response.data as { access_token?: unknown; expires_in?: unknown; scope?: unknown };
    this.grantedScopes = typeof body.scope === 'string' ? body.scope.split(/\s+/).filter(Boolean) : null;
    if (typeof body.access_token !== 'string') {
      throw ApplicationFailure.create({ type: FailureType.learnampUnavailable, message: 'Learn Amp /oauth/token returned no access_token' });
    }
    const lifetimeMs = (Number(body.expires_in) || 7200) * 1000;
    tokens.set(this.tokenKey, { accessToken: body.access_token, expiresAtMs: Date.now() + lifetimeMs - TOKEN_RENEW_MARGIN_MS });
    return body.access_token;
  }

  private async call(
    method: 'get' | 'post' | 'put',
    path: string,
    config: { params?: Record<string, unknown>; data?: unknown; headers?: Record<string, string> },
  ): Promise<AxiosResponse> {
    try {
      return await this.http.request({ method, url: path, ...config });
    } catch (error) {
      const reason = isAxiosError(error) ? (error.code ?? error.message) : String(error);
      throw ApplicationFailure.create({
        type: FailureType.learnampUnavailable,
        message: `Learn Amp ${method.toUpperCase()} ${path} failed before a response: ${reason}`,
      });
    }
  }

  private failureFor(response: AxiosResponse, call: string): Error {
    const status = response.status;
    const apiMessage = apiErrorMessage(response.data);
    if (status === 401 || (call === 'POST /oauth/token' && apiMessage === 'invalid_client')) {
      return ApplicationFailure.create({
        type: FailureType.learnampUnauthorized,
        nonRetryable: true,
        message: `Learn Amp ${call} returned ${status} for client ${this.credentials.clientId}: the client id or secret is wrong (${apiMessage})`,
      });
    }
    if (status === 403 || apiMessage === 'invalid_scope') {
      return ApplicationFailure.create({
        type: FailureType.learnampForbidden,
        nonRetryable: true,
        message: `Learn Amp ${call} returned ${status} for client ${this.credentials.clientId}: a scope is missing (${apiMessage}); hibob-sync needs ${LEARNAMP_SCOPES}`,
      });
    }
    if (status === 400 || status === 404 || status === 409 || status === 422) {
      return new LearnAmpRejectedError(status, apiMessage);
    }
    const retryAfter = retryAfterMs(response.headers['retry-after']);
    return ApplicationFailure.create({
      type: FailureType.learnampUnavailable,
      message: `Learn Amp ${call} returned ${status}: ${apiMessage}`,
      nextRetryDelay: retryAfter !== null && retryAfter > 0 ? retryAfter : undefined,
    });
  }
}

function apiErrorMessage(data: unknown): string {
  if (data && typeof data === 'object') {
    const error = (data as { error?: unknown; error_description?: unknown }).error;
    if (typeof error === 'string') return error.slice(0, 300);
  }
  return typeof data === 'string' && data.length > 0 ? data.slice(0, 300) : 'no error message';
}
