import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ALL_SCOPES, type SandboxTeam, type SandboxUser, type UserStatus } from './models';

/** An issued access token. */
export interface AccessToken {
  token: string;
  scopes: ReadonlySet<string>;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** A sent invitation email. */
export interface Invitation {
  userId: number;
  email: string;
  /** Epoch milliseconds. */
  at: number;
}

/** Options of `LearnAmpSandbox.addAccount`. */
export interface AddAccountOptions {
  accountId: string;
  /** @default a random id */
  clientId?: string;
  /** @default a random secret */
  clientSecret?: string;
  /** Scopes granted to the client. @default every scope, `public` included */
  scopes?: string[];
  /** Granular credentials must name their scopes in the token request, or get `invalid_scope`. @default false */
  granularScopes?: boolean;
}

/** Sequences shared by all accounts, so user and team ids are unique across accounts as in one database. */
export interface IdSequences {
  nextUserId(): number;
  nextTeamId(): number;
}

/** One customer's Learn Amp account with its API credentials, users and teams. */
export class LearnAmpAccount {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly granularScopes: boolean;
  /** Live data: the API reads and changes these objects. */
  readonly users: SandboxUser[] = [];
  readonly teams: SandboxTeam[] = [];
  readonly invitationsSent: Invitation[] = [];
  /** Status each deactivated user had before, restored on reactivation. */
  readonly statusBeforeDeactivation = new Map<number, UserStatus>();
  private grantedScopes: string[];
  private readonly tokens = new Map<string, AccessToken>();

  constructor(
    options: AddAccountOptions,
    private readonly ids: IdSequences,
    private readonly countWrites: () => number,
  ) {
    this.accountId = options.accountId;
    this.clientId = options.clientId ?? randomBytes(16).toString('hex');
    this.clientSecret = options.clientSecret ?? randomBytes(24).toString('hex');
    this.granularScopes = options.granularScopes ?? false;
    this.grantedScopes = [...(options.scopes ?? ALL_SCOPES)];
  }

  /** Scopes the client may request. */
  get scopes(): readonly string[] {
    return this.grantedScopes;
  }

  /** Inserts a user directly, bypassing HTTP validation. The status defaults to confirmed. */
  seedUser(fields: Partial<SandboxUser> & Pick<SandboxUser, 'email' | 'firstName' | 'lastName'>): SandboxUser {
    const now = new Date().toISOString();
    const user: SandboxUser = {
      id: this.ids.nextUserId(),
      integrationExternalId: null,
      jobTitle: null,
      hireDate: null,
      location: null,
      department: null,
      status: 'confirmed',
      managerId: null,
      primaryTeamId: null,
      createdAt: now,
      updatedAt: now,
      deactivatedAt: null,
      ...fields,
    };
    this.users.push(user);
    return user;
  }

  /** Inserts a team directly, bypassing HTTP validation. */
  seedTeam(fields: Partial<SandboxTeam> & Pick<SandboxTeam, 'name'>): SandboxTeam {
    const team: SandboxTeam = {
      id: this.ids.nextTeamId(),
      integrationExternalId: null,
      parentId: null,
      managerId: null,
      ...fields,
    };
    this.teams.push(team);
    return team;
  }

  /** Returns the number of successful create, update, deactivate, reactivate, delete and team writes over HTTP. */
  writeCount(): number {
    return this.countWrites();
  }

  /** Invalidates every access token issued so far. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Replaces the granted scopes. Tokens already issued keep the scopes they were issued with. */
  setScopes(scopes: string[]): void {
    this.grantedScopes = [...scopes];
  }

  /** Returns true when the secret matches, compared in constant time. */
  checkSecret(secret: string): boolean {
    const expected = Buffer.from(this.clientSecret);
    const actual = Buffer.from(secret);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** Issues a token with these scopes that expires after `ttlSeconds`. */
  issueToken(scopes: string[], ttlSeconds: number, now: number): AccessToken {
    const token: AccessToken = {
      token: randomBytes(32).toString('base64url'),
      scopes: new Set(scopes),
      expiresAt: now + ttlSeconds * 1000,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  /** Returns the unexpired token, or undefined. */
  findToken(token: string, now: number): AccessToken | undefined {
    const found = this.tokens.get(token);
    if (found && found.expiresAt <= now) {
      this.tokens.delete(token);
      return undefined;
    }
    return found;
  }

  /** Returns the next user id from the sequence shared by all accounts. */
  nextUserId(): number {
    return this.ids.nextUserId();
  }

  /** Returns the next team id from the sequence shared by all accounts. */
  nextTeamId(): number {
    return this.ids.nextTeamId();
  }
}
