import { SetupProblem, setupProblem } from '../../common/setupProblems';
import type { IndexRow } from './employeeIndex';

/**
 * Checks what the service user can see of lifecycle statuses. HiBob silently leaves out employees and
 * fields outside the permission group, so each gap is inferred from what came back.
 * `previouslyActiveIds` are employees an earlier run left with an active Learn Amp user.
 */
export function lifecycleProblems(rows: readonly IndexRow[], previouslyActiveIds: readonly string[]): SetupProblem[] {
  if (rows.length === 0) {
    return [
      setupProblem(
        'no_employees_visible',
        'The HiBob service user can see no employees at all: the permission group\'s People\'s data condition selects nobody, or the service user is not a member of the group.',
      ),
    ];
  }
  const problems: SetupProblem[] = [];
  const unreadable = rows.filter((row) => row.lifecycleStatus === null);
  if (unreadable.length === rows.length) {
    problems.push(
      setupProblem(
        'lifecycle_not_readable',
        `HiBob returned no lifecycle status for any of the ${rows.length} visible employees, so hibob-sync cannot tell leavers from employees and has changed nothing.`,
      ),
    );
    return problems;
  }
  if (unreadable.length > 0) {
    problems.push(
      setupProblem(
        'lifecycle_partially_readable',
        `HiBob returned no lifecycle status for ${unreadable.length} of ${rows.length} visible employees; they are skipped until it is readable.`,
        { count: unreadable.length, sampleEmployeeIds: unreadable.map((row) => row.employeeId) },
      ),
    );
  }

  const statusCounts = countStatuses(rows);
  if (!statusCounts.has('terminated')) {
    const seen = [...statusCounts].map(([status, count]) => `${status} ${count}`).join(', ');
    problems.push(
      setupProblem(
        'leavers_not_visible',
        `No terminated employee is visible to the HiBob service user (statuses visible: ${seen}). Unless the company has never had a leaver, the permission group's People's data condition leaves out Terminated, and leavers stay active in Learn Amp.`,
      ),
    );
  }

  const visible = new Set(rows.map((row) => row.employeeId));
  const vanished = previouslyActiveIds.filter((id) => !visible.has(id));
  if (vanished.length > 0) {
    problems.push(
      setupProblem(
        'synced_employees_not_visible',
        `${vanished.length} employees that have an active Learn Amp user are no longer visible to the HiBob service user. Their users stay active: hibob-sync never deactivates on a guess.`,
        { count: vanished.length, sampleEmployeeIds: vanished },
      ),
    );
  }
  return problems;
}

/** Counts visible employees per lifecycle status, in first-seen order; unreadable statuses are left out. */
export function countStatuses(rows: readonly IndexRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.lifecycleStatus !== null) counts.set(row.lifecycleStatus, (counts.get(row.lifecycleStatus) ?? 0) + 1);
  }
  return counts;
}
