import type { SandboxEmployee, SandboxUser } from '../sandbox';

/** The result of comparing the Learn Amp sandbox with the state HiBob implies for each user. */
export interface EndStateCheck {
  failures: string[];
  activeUsers: number;
  deactivatedUsers: number;
  /** Terminated employees whose Learn Amp user is deactivated. */
  leaversDeactivated: number;
  /** Current employees with a valid record who have an active user. */
  currentEmployeesActive: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Maximum length of a name or email the sync writes; it skips records with longer ones. */
const MAX_TEXT_LENGTH = 255;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks the end state of a full sync with every employee visible, written independently of the sync's
 * own planning code so it can catch its mistakes. Joiners are expected to wait for their start date.
 */
export function checkEndState(employees: readonly SandboxEmployee[], users: readonly SandboxUser[], today: string): EndStateCheck {
  const failures: string[] = [];
  const usersByExternalId = new Map<string, SandboxUser>();
  for (const user of users) {
    if (!user.integrationExternalId) continue;
    if (usersByExternalId.has(user.integrationExternalId)) failures.push(`two users have external id ${user.integrationExternalId}`);
    usersByExternalId.set(user.integrationExternalId, user);
  }
  const isCurrent = (employee: SandboxEmployee) =>
    employee.lifecycleStatus !== 'terminated' && !(employee.lifecycleStatus === 'hired' && employee.startDate > today);
  const currentEmails = new Map<string, number>();
  for (const employee of employees) {
    if (employee.email && employee.lifecycleStatus !== 'terminated') {
      const email = employee.email.toLowerCase();
      currentEmails.set(email, (currentEmails.get(email) ?? 0) + 1);
    }
  }

  let leaversDeactivated = 0;
  let currentEmployeesActive = 0;
  for (const employee of employees) {
    const user = usersByExternalId.get(employee.id);
    if (employee.lifecycleStatus === 'terminated') {
      if (user && user.status !== 'deactivated') failures.push(`leaver ${employee.id} is still active`);
      if (user?.status === 'deactivated') leaversDeactivated++;
      continue;
    }
    if (!isCurrent(employee)) {
      if (user) failures.push(`joiner ${employee.id} has a user before their start date ${employee.startDate}`);
      continue;
    }
    const email = employee.email?.toLowerCase();
    const firstName = text(employee.firstName);
    const surname = text(employee.surname);
    const valid =
      email !== undefined &&
      email.length <= MAX_TEXT_LENGTH &&
      EMAIL.test(email) &&
      currentEmails.get(email) === 1 &&
      [firstName, surname].every((name) => name !== '' && name.length <= MAX_TEXT_LENGTH) &&
      text(employee.displayName).length <= MAX_TEXT_LENGTH &&
      isRealDate(employee.startDate);
    if (!valid) {
      if (user) failures.push(`employee ${employee.id} has an invalid record but a user was written`);
      continue;
    }
    if (!user) {
      failures.push(`employee ${employee.id} has no user`);
    } else if (user.status === 'deactivated') {
      failures.push(`employee ${employee.id} is deactivated`);
    } else if (user.email.toLowerCase() !== email || user.firstName !== firstName || user.lastName !== surname) {
      failures.push(`employee ${employee.id} has a user with stale email or name`);
    } else {
      currentEmployeesActive++;
    }
  }
  return {
    failures,
    activeUsers: users.filter((user) => user.status !== 'deactivated').length,
    deactivatedUsers: users.filter((user) => user.status === 'deactivated').length,
    leaversDeactivated,
    currentEmployeesActive,
  };
}

/** HiBob text as the sync sends it on: NFC-normalized and trimmed. */
function text(value: string | null | undefined): string {
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
}

function isRealDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return ISO_DATE.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}
