import { LIFECYCLE_STATUSES, type LifecycleStatus, type SandboxEmployee } from '../employee';

/**
 * The parts of a HiBob permission group that decide what a service user reads: the lifecycle
 * statuses in its "People's data" condition, and "View selected employees' Lifecycle sections".
 */
export interface PermissionGroup {
  /** Employees in any other status are invisible to the group's members. */
  lifecycleStatuses: LifecycleStatus[] | 'all';
  /** When false, `internal.lifecycleStatus` and `internal.terminationDate` are left out of responses. */
  lifecycleSectionReadable: boolean;
}

/** The group a correctly set-up service user gets: every status, lifecycle section readable. */
export const FULL_ACCESS_GROUP: PermissionGroup = { lifecycleStatuses: 'all', lifecycleSectionReadable: true };

/** Field ids in the Lifecycle section of an employee's profile. */
export const LIFECYCLE_SECTION_FIELDS: ReadonlySet<string> = new Set([
  'internal.lifecycleStatus',
  'internal.terminationDate',
]);

/** Returns true when the group's "People's data" condition includes the employee's lifecycle status. */
export function canSeeEmployee(group: PermissionGroup, employee: SandboxEmployee): boolean {
  if (group.lifecycleStatuses === 'all') {
    return true;
  }
  // Tests may store statuses in other casings through updateEmployee, so compare case-insensitively.
  const status = String(employee.lifecycleStatus).toLowerCase();
  return group.lifecycleStatuses.some((allowed) => allowed === status);
}

/** Returns true when the group may read the field. */
export function canReadField(group: PermissionGroup, fieldId: string): boolean {
  return group.lifecycleSectionReadable || !LIFECYCLE_SECTION_FIELDS.has(fieldId);
}

/** Throws unless `group` is a well-formed permission group. */
export function validatePermissionGroup(group: PermissionGroup): void {
  const statuses = group.lifecycleStatuses;
  const valid =
    statuses === 'all' || (Array.isArray(statuses) && statuses.every((status) => LIFECYCLE_STATUSES.includes(status)));
  if (!valid) {
    const allowed = LIFECYCLE_STATUSES.join(', ');
    throw new Error(`Invalid lifecycle statuses ${JSON.stringify(statuses)}: use 'all' or a list of ${allowed}`);
  }
  if (typeof group.lifecycleSectionReadable !== 'boolean') {
    throw new Error('Invalid permission group: lifecycleSectionReadable must be true or false');
  }
}
