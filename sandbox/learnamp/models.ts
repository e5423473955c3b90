/** Learn Amp user statuses as the `filters[status]` query names them. */
export const USER_STATUSES = ['not_invited', 'invite_scheduled', 'invite_pending', 'confirmed', 'deactivated'] as const;

/** A Learn Amp user status. */
export type UserStatus = (typeof USER_STATUSES)[number];

/** Status labels in API responses (`status.status`). */
export const USER_STATUS_LABELS: Record<UserStatus, string> = {
  not_invited: 'Not invited',
  invite_scheduled: 'Invite scheduled',
  invite_pending: 'Invite pending',
  confirmed: 'Confirmed',
  deactivated: 'Deactivated',
};

/** A Learn Amp user as the sandbox stores it. */
export interface SandboxUser {
  id: number;
  /**
   * Stored in lower case when created or updated over HTTP.
   * NOTE: Learn Amp's docs do not say whether it lower-cases emails, so clients must compare them case-insensitively.
   */
  email: string;
  firstName: string;
  lastName: string;
  /** The HiBob employee id when created by the sync; unique within the account. */
  integrationExternalId: string | null;
  jobTitle: string | null;
  /** YYYY-MM-DD. */
  hireDate: string | null;
  location: string | null;
  department: string | null;
  status: UserStatus;
  managerId: number | null;
  primaryTeamId: number | null;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
  deactivatedAt: string | null;
}

/** A Learn Amp team. */
export interface SandboxTeam {
  id: number;
  name: string;
  integrationExternalId: string | null;
  /** `parentTeamId` over HTTP. */
  parentId: number | null;
  managerId: number | null;
}

/** Kind of a request, used to count calls and writes. */
export type RequestKind =
  | 'token'
  | 'read'
  | 'create'
  | 'update'
  | 'deactivate'
  | 'reactivate'
  | 'delete'
  | 'team_read'
  | 'team_create'
  | 'team_update'
  | 'team_delete'
  | 'other';

/** Kinds that change data; counted by `writeCount()` when they succeed. */
export const WRITE_KINDS: ReadonlySet<RequestKind> = new Set<RequestKind>([
  'create',
  'update',
  'deactivate',
  'reactivate',
  'delete',
  'team_create',
  'team_update',
  'team_delete',
]);

/** Scopes that Learn Amp API credentials can be granted. */
export const ALL_SCOPES = [
  'public',
  'items:read',
  'items:create',
  'items:update',
  'items:delete',
  'items:complete',
  'activities:read',
  'enrollments:read',
  'enrollments:create',
  'events:read',
  'teams:read',
  'teams:create',
  'teams:update',
  'teams:delete',
  'team_users:read',
  'team_users:create',
  'team_users:delete',
  'users:read',
  'users:create',
  'users:update',
  'users:delete',
  'users:deactivate',
  'users:reactivate',
  'communities_posts:read',
  'tasks:read',
  'verbs:read',
  'languages:read',
  'learnlists:read',
  'channels:read',
  'channel_users_progress:read',
  'user_channels_progress:read',
  'roles:read',
] as const;
