import { EventEmitter } from 'node:events';
import { FaultInjector } from '../faults';
import { LearnAmpAccount, type AddAccountOptions } from './account';
import { WRITE_KINDS, type RequestKind } from './models';
import { WriteRateLimiter } from './writeLimit';

/** Options of the Learn Amp sandbox. */
export interface LearnAmpSandboxOptions {
  /** Lifetime of access tokens. @default 7200 */
  tokenTtlSeconds?: number;
  /** Largest page size; a larger `perPage` is cut to it. @default 100 */
  maxPerPage?: number;
  /** Writes allowed per second and account; beyond it writes get 429 with `Retry-After`. @default no limit */
  writesPerSecond?: number;
}

/** One request and the status the Learn Amp sandbox returned. */
export interface LearnAmpRequestRecord {
  /** Null when the client or token did not identify an account. */
  accountId: string | null;
  method: string;
  /** URL path without the query string. */
  path: string;
  /** Path and query string as sent. */
  url: string;
  status: number;
  /** Epoch milliseconds when the response was decided. */
  at: number;
  kind: RequestKind;
  /** Parsed request body, when there was one; token requests leave it out because it contains the client secret. */
  body?: unknown;
}

/** In-memory Learn Amp with many accounts; its HTTP server is built by `buildLearnAmpServer`. */
export class LearnAmpSandbox extends EventEmitter<{ request: [LearnAmpRequestRecord] }> {
  /** Every request except admin routes, oldest first. */
  readonly requests: LearnAmpRequestRecord[] = [];
  /** Failures and delays to inject into the next matching API requests, the token endpoint included. */
  readonly faults = new FaultInjector();
  /** Per-account write limit; `setWriteLimit` changes it. */
  readonly writeLimiter: WriteRateLimiter;
  tokenTtlSeconds: number;
  maxPerPage: number;
  private readonly accounts = new Map<string, LearnAmpAccount>();
  private lastUserId = 1000;
  private lastTeamId = 500;

  constructor(options: LearnAmpSandboxOptions = {}) {
    super();
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
    this.maxPerPage = options.maxPerPage ?? 100;
    this.writeLimiter = new WriteRateLimiter(options.writesPerSecond ?? null);
  }

  /** Limits every account to `writesPerSecond` writes a second from now on; null removes the limit. */
  setWriteLimit(writesPerSecond: number | null): void {
    this.writeLimiter.configure(writesPerSecond);
  }

  /** Creates an account; credentials not given are generated. @throws when the account or client id is taken */
  addAccount(options: AddAccountOptions): LearnAmpAccount {
    if (this.accounts.has(options.accountId)) {
      throw new Error(`Learn Amp account ${options.accountId} already exists`);
    }
    if (options.clientId && this.findByClientId(options.clientId)) {
      throw new Error(`Learn Amp client ${options.clientId} already exists`);
    }
    const ids = { nextUserId: () => ++this.lastUserId, nextTeamId: () => ++this.lastTeamId };
    const countWrites = () => this.countWrites(options.accountId);
    const account = new LearnAmpAccount(options, ids, countWrites);
    this.accounts.set(account.accountId, account);
    return account;
  }

  /** Returns the account. @throws when it does not exist */
  account(accountId: string): LearnAmpAccount {
    const account = this.accounts.get(accountId);
    if (!account) {
      throw new Error(`Learn Amp account ${accountId} not found`);
    }
    return account;
  }

  /** Returns every account, oldest first. */
  listAccounts(): LearnAmpAccount[] {
    return [...this.accounts.values()];
  }

  /** Returns the account whose OAuth client has this id. */
  findByClientId(clientId: string): LearnAmpAccount | undefined {
    return [...this.accounts.values()].find((account) => account.clientId === clientId);
  }

  /** Returns the account that issued this unexpired access token, with the token. */
  findByAccessToken(token: string, now: number = Date.now()) {
    for (const account of this.accounts.values()) {
      const found = account.findToken(token, now);
      if (found) {
        return { account, token: found };
      }
    }
    return undefined;
  }

  /** Stores a request record and emits 'request' with it; called by the server before it sends the response. */
  recordRequest(record: LearnAmpRequestRecord): void {
    this.requests.push(record);
    this.emit('request', record);
  }

  private countWrites(accountId: string): number {
    return this.requests.filter(
      (r) => r.accountId === accountId && WRITE_KINDS.has(r.kind) && r.status >= 200 && r.status < 300,
    ).length;
  }
}
