import { log } from '@temporalio/activity';
import type { EmployeeProblem } from '../common/employeeProblems';
import { SetupProblem, setupProblem } from '../common/setupProblems';
import type { EmployeeOutcome, PlannedWrite, RunCounts } from '../common/sync';
import type { InvitePolicy } from '../common/tenant';
import type { SyncStore } from '../store/syncStore';
import { EMPLOYEE_FIELDS, normalizeEmployee, readEmployeeId, SnapshotEntry } from './hibob/employee';
import { departmentTeamExternalId } from './sync/desiredUser';
import { RunPlanner } from './sync/planContext';
import { tenantClients, todayUtc } from './tenantClients';

export interface RunRef {
  tenantId: string;
  syncId: string;
}

/** Creates a Learn Amp team for each HiBob department and renames teams whose department was renamed. */
export async function syncTeams(store: SyncStore, run: RunRef): Promise<{ created: number; renamed: number }> {
  const { learnamp } = tenantClients(store, run.tenantId);
  const { departments } = store.getNamedLists(run.tenantId, run.syncId);
  const existing = new Map((await learnamp.listTeams()).map((team) => [team.integrationExternalId, team]));
  let created = 0;
  let renamed = 0;
  for (const [departmentId, name] of Object.entries(departments)) {
    const externalId = departmentTeamExternalId(departmentId);
    const team = existing.get(externalId);
    if (!team) {
      await learnamp.createTeam(name, externalId);
      created++;
    } else if (team.name !== name) {
      await learnamp.renameTeam(team.id, name);
      renamed++;
    }
  }
  log.info('Teams synced', { tenantId: run.tenantId, created, renamed });
  return { created, renamed };
}

/**
 * Reads every Learn Amp user into the run's snapshot. Linked users whose employee is not visible are
 * reported and recorded, never deactivated.
 */
export async function loadLearnAmpUsers(store: SyncStore, run: RunRef): Promise<{ users: number; problem: SetupProblem | null }> {
  const { learnamp } = tenantClients(store, run.tenantId);
  const users = await learnamp.listUsers();
  store.runData.replaceLearnAmpUsers(run.tenantId, run.syncId, users);
  const invisible = users.filter(
    (user) =>
      user.active &&
      user.integrationExternalId !== null &&
      !store.runData.isVisible(run.tenantId, run.syncId, user.integrationExternalId),
  );
  for (const user of invisible) {
    store.recordEmployeeResult({
      tenantId: run.tenantId,
      employeeId: user.integrationExternalId!,
      syncId: run.syncId,
      outcome: 'not_visible',
      learnampUserId: user.id,
      problemCode: null,
      message: 'Not visible to the HiBob service user; the Learn Amp user was left active.',
      lifecycleStatus: null,
      recordedAt: new Date().toISOString(),
    });
  }
  log.info('Learn Amp users loaded', { tenantId: run.tenantId, users: users.length, notVisible: invisible.length });
  const problem =
    invisible.length === 0
      ? null
      : setupProblem(
          'synced_employees_not_visible',
          `${invisible.length} active Learn Amp users are linked to HiBob employees the service user cannot see. They stay active: hibob-sync never deactivates on a guess.`,
          { count: invisible.length, sampleEmployeeIds: invisible.map((user) => user.integrationExternalId!) },
        );
  return { users: users.length, problem };
}

/** Reads one batch of employees from HiBob by `root.id` and stores them in the run's snapshot. */
export async function readBatch(store: SyncStore, run: RunRef & { batch: number }): Promise<{ read: number; missing: number }> {
  const { hibob } = tenantClients(store, run.tenantId);
  const ids = store.runData.listBatch(run.tenantId, run.syncId, run.batch).map((row) => row.employeeId);
  const rows = await hibob.searchPeople(EMPLOYEE_FIELDS, { fieldPath: 'root.id', operator: 'equals', values: ids });
  const wanted = new Set(ids);
  const entries = new Map<string, SnapshotEntry>();
  for (const row of rows) {
    const employeeId = readEmployeeId(row);
    if (employeeId && wanted.has(employeeId)) entries.set(employeeId, normalizeEmployee(row, employeeId));
  }
  store.runData.saveEntries(run.tenantId, run.syncId, entries);
  const missing = ids.length - entries.size;
  log.info('Batch read', { tenantId: run.tenantId, syncId: run.syncId, batch: run.batch, read: entries.size, missing });
  return { read: entries.size, missing };
}

export interface BatchPlan {
  writes: PlannedWrite[];
  /** Counts for employees that need no write; writes are counted when they finish. */
  counts: Partial<RunCounts>;
}

/** Plans one batch: records every employee that needs no write and returns the writes, wave by wave. */
export async function planBatch(
  store: SyncStore,
  run: RunRef & { batch: number; invitePolicy: InvitePolicy },
): Promise<BatchPlan> {
  const planner = new RunPlanner(store, run.tenantId, run.syncId, run.invitePolicy, todayUtc());
  const writes: PlannedWrite[] = [];
  const counts: Partial<RunCounts> = { seen: 0 };
  const count = (key: keyof RunCounts) => (counts[key] = (counts[key] ?? 0) + 1);

  for (const row of store.runData.listBatch(run.tenantId, run.syncId, run.batch)) {
    count('seen');
    if (!row.entry) {
      // Visible in the index read but not in the batch read: changed in HiBob during the sync.
      recordResult(store, run, row.employeeId, 'skipped', null, [], null, 'Left the service user\'s view during the sync; the next sync picks it up.');
      count('skipped');
      continue;
    }
    const plan = planner.plan(row.entry);
    if (plan.action) {
      writes.push({ employeeId: row.employeeId, action: plan.action, wave: row.wave });
      continue;
    }
    const linked = planner.linkedUser(row.entry);
    recordResult(store, run, row.employeeId, plan.outcome, linked?.id ?? null, plan.problems, row.entry.employee.lifecycleStatus);
    count(countKeyOf(plan.outcome));
  }
  return { writes, counts };
}

/** Plans the manager links that could not be set while managers were still being created. */
export async function planManagers(store: SyncStore, run: RunRef & { invitePolicy: InvitePolicy }): Promise<PlannedWrite[]> {
  const planner = new RunPlanner(store, run.tenantId, run.syncId, run.invitePolicy, todayUtc());
  const writes: PlannedWrite[] = [];
  for (const row of store.runData.iterateEmployees(run.tenantId, run.syncId)) {
    if (row.entry && planner.plan(row.entry).action === 'set_manager') {
      writes.push({ employeeId: row.employeeId, action: 'set_manager', wave: row.wave });
    }
  }
  return writes;
}

/** Records writes that still failed after every retry, so reports and `explain` show them. */
export async function recordFailedWrites(store: SyncStore, run: RunRef & { failures: { employeeId: string; message: string }[] }): Promise<void> {
  for (const failure of run.failures) {
    recordResult(store, run, failure.employeeId, 'failed', null, [], null, `Learn Amp write failed after retries: ${failure.message}`);
  }
}

/** Maps an employee outcome to the run count it adds to. */
export function countKeyOf(outcome: EmployeeOutcome): keyof RunCounts {
  switch (outcome) {
    case 'created':
    case 'updated':
    case 'deactivated':
    case 'reactivated':
    case 'skipped':
    case 'failed':
      return outcome;
    case 'not_visible':
      return 'notVisible';
    default:
      return 'unchanged';
  }
}

/** Stores one employee's result; the first problem, if any, gives its code and message. */
export function recordResult(
  store: SyncStore,
  run: RunRef,
  employeeId: string,
  outcome: EmployeeOutcome,
  learnampUserId: number | null,
  problems: readonly EmployeeProblem[],
  lifecycleStatus: string | null,
  message?: string,
): void {
  const problem = problems[0];
  store.recordEmployeeResult({
    tenantId: run.tenantId,
    employeeId,
    syncId: run.syncId,
    outcome,
    learnampUserId,
    problemCode: problem?.code ?? null,
    message: message ?? (problem ? `Employee ${employeeId} ${problem.message}` : null),
    lifecycleStatus,
    recordedAt: new Date().toISOString(),
  });
}
