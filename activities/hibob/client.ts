import { ApplicationFailure } from '@temporalio/common';
import axios, { AxiosInstance, AxiosResponse, isAxiosError } from 'axios';
import { FailureType } from '../../common/failureTypes';

/** One `people/search` filter; HiBob accepts at most one per call. */
export interface PeopleFilter {
  fieldPath: 'root.id' | 'root.email';
  operator: 'equals';
  values: string[];
}

export interface HiBobCredentials {
  baseUrl: string;
  serviceUserId: string;
  token: string;
}

/** Maximum wait for a rate-limit window inside one activity attempt. Longer waits go back to Temporal's retry. */
const MAX_IN_ACTIVITY_WAIT_MS = 65_000;
const REQUEST_TIMEOUT_MS = 60_000;

/** Last rate-limit headers seen per service user and endpoint, shared by every client in this worker process. */
const rateWindows = new Map<string, { remaining: number; resetAtMs: number }>();

/**
 * HiBob API client for one service user. Maps every failure to an `ApplicationFailure` whose type says
 * whether to retry; error messages never contain the token.
 */
export class HiBobClient {
  private readonly http: AxiosInstance;

  constructor(private readonly credentials: HiBobCredentials) {
    this.http = axios.create({
      baseURL: credentials.baseUrl.replace(/\/+$/, ''),
      timeout: REQUEST_TIMEOUT_MS,
      headers: {
        Authorization: `Basic ${Buffer.from(`${credentials.serviceUserId}:${credentials.token}`).toString('base64')}`,
        Accept: 'application/json',
      },
      validateStatus: () => true,
      maxContentLength: Infinity,
    });
  }

  /** Reads employees with `POST /people/search`; `showInactive` is always true so leavers are included. */
  async searchPeople(fields: readonly string[], filter?: PeopleFilter): Promise<Record<string, unknown>[]> {
    const body = { fields, showInactive: true, ...(filter ? { filters: [filter] } : {}) };
    const response = await this.request('post', '/people/search', body);
    const employees = (response.data as { employees?: unknown })?.employees;
    if (!Array.isArray(employees)) {
      throw ApplicationFailure.create({
        type: FailureType.hibobUnavailable,
        message: 'HiBob people/search returned 200 without an "employees" array',
      });
    }
    return employees.filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null);
  }

  /**
   * Reads every named list in one call, as list name to item id to display name. Archived items are
   * left out, so no team is made for an archived department.
   */
  async namedLists(): Promise<Map<string, Map<string, string>>> {
    const response = await this.request('get', '/company/named-lists');
    const lists = new Map<string, Map<string, string>>();
    for (const [name, list] of Object.entries((response.data ?? {}) as Record<string, { values?: unknown }>)) {
      const items = new Map<string, string>();
      collectListItems(list?.values, items);
      lists.set(name, items);
    }
    return lists;
  }

  private async request(method: 'get' | 'post', path: string, body?: unknown): Promise<AxiosResponse> {
    const rateKey = this.rateKeyOf(path);
    await this.waitForRateWindow(rateKey, path);
    let response: AxiosResponse;
    try {
      response = await this.http.request({ method, url: path, data: body });
    } catch (error) {
      const reason = isAxiosError(error) ? (error.code ?? error.message) : String(error);
      throw ApplicationFailure.create({
        type: FailureType.hibobUnavailable,
        message: `HiBob ${method.toUpperCase()} ${path} failed before a response: ${reason}`,
      });
    }
    this.rememberRateWindow(rateKey, response);
    if (response.status >= 200 && response.status < 300) {
      // axios returns a body that is not valid JSON as a string. Read as an empty result it would give a
      // sync without named lists, so it is retried like an outage.
      if (typeof response.data !== 'object' || response.data === null) {
        throw ApplicationFailure.create({
          type: FailureType.hibobUnavailable,
          message: `HiBob ${method.toUpperCase()} ${path} returned ${response.status} with a body that is not a JSON object`,
        });
      }
      return response;
    }
    throw this.failureFor(response, `${method.toUpperCase()} ${path}`);
  }

  private failureFor(response: AxiosResponse, call: string): ApplicationFailure {
    const status = response.status;
    const detail = errorText(response.data);
    if (status === 401) {
      return ApplicationFailure.create({
        type: FailureType.hibobUnauthorized,
        nonRetryable: true,
        message: `HiBob ${call} returned 401 for service user ${this.credentials.serviceUserId}: the id or token is wrong, or the token was refreshed in HiBob`,
      });
    }
    if (status === 403) {
      return ApplicationFailure.create({
        type: FailureType.hibobForbidden,
        nonRetryable: true,
        message: `HiBob ${call} returned 403 for service user ${this.credentials.serviceUserId}: its permission group does not allow this call${detail}`,
      });
    }
    if (status === 429) {
      const delayMs = this.msUntilReset(response) ?? 60_000;
      return ApplicationFailure.create({
        type: FailureType.hibobRateLimited,
        message: `HiBob ${call} returned 429; retrying after the rate-limit window resets in ${Math.ceil(delayMs / 1000)} s`,
        nextRetryDelay: delayMs,
      });
    }
    if (status >= 400 && status < 500) {
      return ApplicationFailure.create({
        type: FailureType.hibobBadRequest,
        nonRetryable: true,
        message: `HiBob ${call} returned ${status}${detail}`,
      });
    }
    return ApplicationFailure.create({ type: FailureType.hibobUnavailable, message: `HiBob ${call} returned ${status}${detail}` });
  }

  /** HiBob limits each endpoint separately; a named list's name is part of the path but not of the endpoint. */
  private rateKeyOf(path: string): string {
    const endpoint = path.split('/').slice(0, 3).join('/');
    return `${this.credentials.baseUrl}|${this.credentials.serviceUserId}|${endpoint}`;
  }

  private rememberRateWindow(rateKey: string, response: AxiosResponse): void {
    const remaining = Number(response.headers['x-ratelimit-remaining']);
    const resetAtMs = this.resetAtMs(response);
    if (Number.isFinite(remaining) && resetAtMs !== null) rateWindows.set(rateKey, { remaining, resetAtMs });
  }

  /** Waits out a window whose quota the last response reported as used up, so the next call does not get a 429. */
  private async waitForRateWindow(rateKey: string, path: string): Promise<void> {
    const window = rateWindows.get(rateKey);
    if (!window || window.remaining > 0) return;
    const waitMs = window.resetAtMs - Date.now();
    if (waitMs <= 0) return;
    if (waitMs > MAX_IN_ACTIVITY_WAIT_MS) {
      throw ApplicationFailure.create({
        type: FailureType.hibobRateLimited,
        message: `HiBob ${path} quota is used up; retrying when the window resets`,
        nextRetryDelay: waitMs,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    rateWindows.delete(rateKey);
  }

  private resetAtMs(response: AxiosResponse): number | null {
    const resetSeconds = Number(response.headers['x-ratelimit-reset']);
    return Number.isFinite(resetSeconds) && resetSeconds > 0 ? resetSeconds * 1000 : null;
  }

  private msUntilReset(response: AxiosResponse): number | null {
    const resetAtMs = this.resetAtMs(response);
    if (resetAtMs === null) return null;
    // A second of margin because the reset header has whole-second precision.
    return Math.max(1000, resetAtMs - Date.now() + 1000);
  }
}

function collectListItems(values: unknown, into: Map<string, string>): void {
  if (!Array.isArray(values)) return;
  for (const item of values as { id?: unknown; value?: unknown; name?: unknown; archived?: unknown; children?: unknown }[]) {
    if (item.id !== undefined && item.id !== null && item.archived !== true) {
      into.set(String(item.id), String(item.value ?? item.name ?? ''));
    }
    collectListItems(item.children, into);
  }
}

function errorText(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const message = (data as { error?: unknown; message?: unknown }).error ?? (data as { message?: unknown }).message;
  return typeof message === 'string' ? `: ${message.slice(0, 300)}` : '';
}
