import type { SandboxTeam, SandboxUser } from '../sandbox';

/**
 * A Learn Amp user reduced to what a sync decides, with references by external id instead of by the
 * account's numeric ids, so two accounts synced from the same HiBob company can be compared.
 */
export interface UserSummary {
  email: string;
  firstName: string;
  lastName: string;
  jobTitle: string | null;
  hireDate: string | null;
  location: string | null;
  department: string | null;
  status: string;
  /** The manager's key in `AccountSummary.users`, or `user:<id>` when no user has the manager's id. */
  manager: string | null;
  /** External id of the primary team, `team:<name>` for a team without one, or `team-id:<id>` when no team has the id. */
  primaryTeam: string | null;
}

/** A Learn Amp account's users and teams keyed by external id, plus the duplicates found on the way. */
export interface AccountSummary {
  /** Users keyed by external id; a user without one is keyed `email:<email>`. */
  users: Map<string, UserSummary>;
  /** Team names keyed by external id (or `team:<name>`). */
  teams: Map<string, string>;
  /** External ids and emails that more than one user has. */
  duplicates: string[];
}

/** Summarizes an account's users and teams for {@link diffAccounts}. */
export function summarizeAccount(users: readonly SandboxUser[], teams: readonly SandboxTeam[]): AccountSummary {
  const usersById = new Map(users.map((user) => [user.id, user]));
  const teamsById = new Map(teams.map((team) => [team.id, team]));
  const keyOfUser = (user: SandboxUser) => user.integrationExternalId ?? `email:${user.email.toLowerCase()}`;
  const keyOfTeam = (team: SandboxTeam) => team.integrationExternalId ?? `team:${team.name}`;

  const summary: AccountSummary = { users: new Map(), teams: new Map(), duplicates: [] };
  const emails = new Set<string>();
  for (const user of users) {
    const key = keyOfUser(user);
    if (summary.users.has(key)) summary.duplicates.push(key);
    const email = user.email.toLowerCase();
    if (emails.has(email)) summary.duplicates.push(`email:${email}`);
    emails.add(email);
    const manager = user.managerId === null ? undefined : usersById.get(user.managerId);
    const team = user.primaryTeamId === null ? undefined : teamsById.get(user.primaryTeamId);
    summary.users.set(key, {
      email,
      firstName: user.firstName,
      lastName: user.lastName,
      jobTitle: user.jobTitle,
      hireDate: user.hireDate,
      location: user.location,
      department: user.department,
      status: user.status,
      manager: reference(user.managerId, manager && keyOfUser(manager), 'user'),
      primaryTeam: reference(user.primaryTeamId, team && keyOfTeam(team), 'team-id'),
    });
  }
  for (const team of teams) summary.teams.set(keyOfTeam(team), team.name);
  return summary;
}

/** Returns the key of a referenced user or team, `<prefix>:<id>` when the id matches none, or null for no reference. */
function reference(id: number | null, key: string | undefined, prefix: string): string | null {
  if (id === null) return null;
  return key ?? `${prefix}:${id}`;
}

/**
 * Lists how `actual` differs from `expected`: missing or extra users and teams, and each differing
 * field, at most `limit` lines. An empty list means the two accounts hold the same users and teams.
 */
export function diffAccounts(expected: AccountSummary, actual: AccountSummary, limit = 25): string[] {
  const differences: string[] = actual.duplicates.map((key) => `duplicate user ${key}`);
  for (const [key, want] of expected.users) {
    const got = actual.users.get(key);
    if (!got) {
      differences.push(`user ${key} is missing`);
      continue;
    }
    for (const field of Object.keys(want) as (keyof UserSummary)[]) {
      if (want[field] !== got[field]) {
        differences.push(`user ${key} ${field}: expected ${JSON.stringify(want[field])}, got ${JSON.stringify(got[field])}`);
      }
    }
  }
  for (const key of actual.users.keys()) {
    if (!expected.users.has(key)) differences.push(`user ${key} was not expected`);
  }
  for (const [key, name] of expected.teams) {
    if (actual.teams.get(key) !== name) differences.push(`team ${key} "${name}" is missing or renamed`);
  }
  for (const key of actual.teams.keys()) {
    if (!expected.teams.has(key)) differences.push(`team ${key} was not expected`);
  }
  return differences.length > limit ? [...differences.slice(0, limit), `... and ${differences.length - limit} more`] : differences;
}
