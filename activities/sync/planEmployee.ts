import type { EmployeeProblem } from '../../common/employeeProblems';
import type { EmployeeOutcome, WriteAction } from '../../common/sync';
import type { InvitePolicy } from '../../common/tenant';
import type { SnapshotEntry } from '../hibob/employee';
import type { LearnAmpUser, LearnAmpUserBody } from '../learnamp/user';
import { changedFields, desiredUserBody, NamedLists } from './desiredUser';
import { accountIntent } from './lifecycle';

export interface PlanInput {
  entry: SnapshotEntry;
  /** The Learn Amp user with this employee's external id, or an unlinked user with the same email. */
  linkedUser: LearnAmpUser | null;
  /** Another employee who needs an active account has the same email. */
  duplicateEmail: boolean;
  /** The manager's Learn Amp user id, when the manager is visible and has an active user. */
  managerUserId: number | undefined;
  /** False when `work.reportsTo` names an employee the service user cannot see. */
  managerVisible: boolean;
  lists: NamedLists;
  /** YYYY-MM-DD, UTC. */
  today: string;
  invitePolicy: InvitePolicy;
}

/** The write one employee needs (null for none), the outcome it leads to and the problems to report. */
export interface EmployeePlan {
  action: WriteAction | null;
  outcome: EmployeeOutcome;
  problems: EmployeeProblem[];
  body?: LearnAmpUserBody;
  skipInvitation?: boolean;
  changed?: string[];
}

/**
 * Decides what one employee needs in Learn Amp. Leavers are deactivated even when other fields of their
 * record are broken, because only the id and lifecycle status matter for that. Everyone else with a broken
 * record is skipped and reported.
 */
export function planEmployee(input: PlanInput): EmployeePlan {
  const { entry, linkedUser } = input;
  const { employee } = entry;
  const intent = accountIntent(employee.lifecycleStatus, employee.startDate, input.today);

  if (intent === 'unknown') {
    return { action: null, outcome: 'skipped', problems: entry.problems.filter((p) => p.code === 'lifecycle_status_missing') };
  }
  if (intent === 'leaver') {
    if (linkedUser?.active) return { action: 'deactivate', outcome: 'deactivated', problems: [] };
    return { action: null, outcome: linkedUser ? 'unchanged' : 'not_created_leaver', problems: [] };
  }

  const blocking = [...entry.problems];
  if (input.duplicateEmail) {
    blocking.push({
      code: 'duplicate_email',
      employeeId: employee.id,
      message: 'shares their email with another current employee in HiBob; Learn Amp needs a unique email per user. Give each a distinct email in HiBob.',
      skipped: true,
    });
  }
  if (blocking.length > 0) return { action: null, outcome: 'skipped', problems: blocking };

  const problems: EmployeeProblem[] = [];
  if (employee.managerId !== null && !input.managerVisible) {
    problems.push({
      code: 'manager_not_visible',
      employeeId: employee.id,
      message: `reports to employee ${employee.managerId}, whom the service user cannot see; their manager is left unchanged. Widen the permission group's People's data condition.`,
      skipped: false,
    });
  }
  const body = desiredUserBody(employee, input.lists, input.managerUserId);

  if (!linkedUser) {
    if (intent === 'joiner' && input.invitePolicy === 'on_start_date') {
      return { action: null, outcome: 'waiting_for_start_date', problems };
    }
    return { action: 'create', outcome: 'created', problems, body, skipInvitation: input.invitePolicy === 'never' };
  }
  const changed = changedFields(body, linkedUser);
  if (!linkedUser.active) return { action: 'reactivate', outcome: 'reactivated', problems, body, changed };
  if (changed.length === 0) return { action: null, outcome: 'unchanged', problems };
  const action = changed.length === 1 && changed[0] === 'manager' ? 'set_manager' : 'update';
  return { action, outcome: 'updated', problems, body, changed };
}
