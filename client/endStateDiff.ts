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
  /** External id of the manager's user, or `user:<id>` for a manager without one. */
  manager: string | null;
  /** External id of the primary team, or `team:<name>` for a team without one. */
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
      manager: manager ? keyOfUser(manager) : user.managerId === null ? null : `user:${user.managerId}`,
      primaryTeam: team ? keyOfTeam(team) : user.primaryTeamId === null ? null : `team-id:${user.primaryTeamId}`,
    });
  }
  for (const team of teams) summary.teams.set(keyOfTeam(team), team.name);
  return summary;
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
