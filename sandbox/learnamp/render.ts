import type { LearnAmpAccount } from './account';
import { USER_STATUS_LABELS, type SandboxTeam, type SandboxUser } from './models';

/** Linear user scans allowed per response before building an id index. */
const SCANS_BEFORE_INDEX = 4;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Lookups for rendering one response. Index maps are built after a few lookups, so one user stays cheap and a page stays linear. */
export class RenderContext {
  private usersById?: Map<number, SandboxUser>;
  private teamsById?: Map<number, SandboxTeam>;
  private teamUserCounts?: Map<number, number>;
  private lookups = 0;

  /** `origin` is the sandbox's own origin, e.g. 'http://127.0.0.1:4020', used for `profileUrl`. */
  constructor(
    readonly account: LearnAmpAccount,
    readonly origin: string,
  ) {}

  user(id: number | null): SandboxUser | undefined {
    if (id === null) return undefined;
    if (!this.usersById && ++this.lookups <= SCANS_BEFORE_INDEX) {
      return this.account.users.find((user) => user.id === id);
    }
    this.usersById ??= new Map(this.account.users.map((user) => [user.id, user]));
    return this.usersById.get(id);
  }

  team(id: number | null): SandboxTeam | undefined {
    if (id === null) return undefined;
    this.teamsById ??= new Map(this.account.teams.map((team) => [team.id, team]));
    return this.teamsById.get(id);
  }

  /** Returns the number of users whose primary team is this team. */
  teamUsersCount(teamId: number): number {
    if (!this.teamUserCounts) {
      this.teamUserCounts = new Map();
      for (const user of this.account.users) {
        if (user.primaryTeamId !== null) {
          this.teamUserCounts.set(user.primaryTeamId, (this.teamUserCounts.get(user.primaryTeamId) ?? 0) + 1);
        }
      }
    }
    return this.teamUserCounts.get(teamId) ?? 0;
  }
}

/** Renders a user as `GET /v1/users` lists it without `expanded=true`. */
export function renderUser(user: SandboxUser, context: RenderContext): Record<string, unknown> {
  return {
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    jobTitle: user.jobTitle,
    email: user.email,
    timeZone: 'London',
    language: 'en',
    role: 'viewer',
    integrationExternalId: user.integrationExternalId,
    hireDate: user.hireDate,
    profileUrl: `${context.origin}/en/users/${user.id}`,
    status: renderStatus(user),
  };
}

/** Renders a user with manager, location, department and teams, as show, create, update and `expanded=true` do. */
export function renderExpandedUser(user: SandboxUser, context: RenderContext): Record<string, unknown> {
  const manager = context.user(user.managerId);
  const primaryTeam = context.team(user.primaryTeamId);
  return {
    ...renderUser(user, context),
    avatar: null,
    manager: manager ? renderUserBrief(manager, context) : null,
    location: user.location,
    department: user.department,
    primaryTeam: primaryTeam ? renderTeam(primaryTeam, context) : null,
    secondaryTeams: [],
  };
}

/** Renders a team as lists, create and update return it. */
export function renderTeam(team: SandboxTeam, context: RenderContext): Record<string, unknown> {
  const manager = context.user(team.managerId);
  return {
    id: team.id,
    name: team.name,
    integrationExternalId: team.integrationExternalId,
    teamUsersCount: context.teamUsersCount(team.id),
    apiTeamPath: `/v1/teams/${team.id}.json`,
    apiTeamUsersPath: `/v1/teams/${team.id}/users.json`,
    parentTeamId: team.parentId,
    manager: manager ? renderUserBrief(manager, context) : null,
    secondaryManagers: [],
  };
}

/** Renders a team with its members, sub-teams and parent, as `GET /v1/teams/:id` does. */
export function renderTeamDetails(team: SandboxTeam, context: RenderContext): Record<string, unknown> {
  const parent = context.team(team.parentId);
  return {
    ...renderTeam(team, context),
    users: context.account.users
      .filter((user) => user.primaryTeamId === team.id)
      .map((user) => ({
        ...renderUserBrief(user, context),
        removeFromTeamUrl: `/v1/teams/${team.id}/users/${user.id}.json`,
      })),
    subTeams: context.account.teams.filter((t) => t.parentId === team.id).map((t) => renderTeam(t, context)),
    parentTeam: parent ? renderTeam(parent, context) : null,
    tags: [],
  };
}

function renderUserBrief(user: SandboxUser, context: RenderContext): Record<string, unknown> {
  const { hireDate: _hireDate, ...brief } = renderUser(user, context);
  return brief;
}

function renderStatus(user: SandboxUser): { status: string; time: string | null } {
  const label = USER_STATUS_LABELS[user.status] ?? user.status;
  switch (user.status) {
    case 'invite_pending':
      return { status: label, time: `Sent ${shortDate(user.updatedAt)}` };
    case 'deactivated':
      return { status: label, time: `On ${shortDate(user.deactivatedAt ?? user.updatedAt)}` };
    case 'not_invited':
      return { status: label, time: null };
    default:
      return { status: label, time: `On ${shortDate(user.updatedAt)}` };
  }
}

/** Formats a timestamp the way Learn Amp's status times read: '29 Nov 16'. */
function shortDate(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) {
    return timestamp;
  }
  const year = String(date.getUTCFullYear() % 100).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${year}`;
}
