import type { HiBobEmployee } from '../hibob/employee';
import type { LearnAmpUser, LearnAmpUserBody } from '../learnamp/user';

/** Named lists of the tenant's HiBob: list item id to display name. */
export interface NamedLists {
  departments: Record<string, string>;
  sites: Record<string, string>;
  titles: Record<string, string>;
}

/** External id of the Learn Amp team that stands for a HiBob department. */
export function departmentTeamExternalId(departmentId: string): string {
  return `hibob-department-${departmentId}`;
}

/**
 * Builds the Learn Amp user an employee should have. `managerUserId` is the manager's Learn Amp id, or
 * undefined when it is not known yet (the manager is not visible or not created yet): the manager is then left as it is.
 */
export function desiredUserBody(employee: HiBobEmployee, lists: NamedLists, managerUserId: number | undefined): LearnAmpUserBody {
  const body: LearnAmpUserBody = {
    email: employee.email ?? '',
    firstName: employee.firstName ?? '',
    lastName: employee.surname ?? '',
    integrationExternalId: employee.id,
  };
  // NOTE: a list item missing from the named lists, or a field or manager removed in HiBob, leaves the Learn Amp
  // value as it is and records no problem; Learn Amp's docs do not say how to clear these fields.
  const jobTitle = employee.titleId ? lists.titles[employee.titleId] : undefined;
  const location = employee.siteId ? lists.sites[employee.siteId] : undefined;
  const department = employee.departmentId ? lists.departments[employee.departmentId] : undefined;
  if (jobTitle) body.jobTitle = jobTitle;
  if (location) body.location = location;
  if (department) body.department = department;
  if (employee.departmentId && department) body.primaryTeamIntegrationExternalId = departmentTeamExternalId(employee.departmentId);
  if (employee.startDate) body.hireDate = employee.startDate;
  if (managerUserId !== undefined) body.managerId = managerUserId;
  return body;
}

/** Lists the fields whose Learn Amp value differs from the desired body; an empty list means no write. */
export function changedFields(body: LearnAmpUserBody, user: LearnAmpUser): string[] {
  const changed: string[] = [];
  if (body.email.toLowerCase() !== user.email.toLowerCase()) changed.push('email');
  if (body.firstName !== user.firstName) changed.push('firstName');
  if (body.lastName !== user.lastName) changed.push('lastName');
  if (body.integrationExternalId !== user.integrationExternalId) changed.push('integrationExternalId');
  if (body.jobTitle !== undefined && body.jobTitle !== user.jobTitle) changed.push('jobTitle');
  if (body.location !== undefined && body.location !== user.location) changed.push('location');
  if (body.department !== undefined && body.department !== user.department) changed.push('department');
  if (body.hireDate !== undefined && body.hireDate !== user.hireDate) changed.push('hireDate');
  if (
    body.primaryTeamIntegrationExternalId !== undefined &&
    body.primaryTeamIntegrationExternalId !== user.primaryTeamExternalId
  ) {
    changed.push('primaryTeam');
  }
  if (body.managerId !== undefined && body.managerId !== user.managerId) changed.push('manager');
  return changed;
}
