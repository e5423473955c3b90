import { log } from '@temporalio/activity';
import type { EmployeeProblem } from '../common/employeeProblems';
import { SetupProblem, setupProblem } from '../common/setupProblems';
import { EmployeeOutcome, PlannedWrite, previewOutcomeOf, RunCounts } from '../common/sync';
import { type InvitePolicy, MAX_BATCH_SIZE } from '../common/tenant';
import type { EmployeeResult, SyncStore } from '../store/types';
import { EMPLOYEE_FIELDS, normalizeEmployee, readEmployeeId, SnapshotEntry } from './hibob/employee';
import { LearnAmpClient, LearnAmpRejectedError } from './learnamp/client';
import { LearnAmpLookup, planEmployees, PlanningRun } from './sync/batchPlanner';
import { departmentTeamExternalId } from './sync/desiredUser';
import { tenantClients, todayUtc } from './tenantClients';

export interface RunRef {
  tenantId: string;
  syncId: string;
}

/**
 * Prepares a run's Learn Amp side. It writes a team per department when the departments changed since
 * the last run or when reconciling, and a preview only counts those writes. When reconciling it also
 * snapshots every Learn Amp user. Linked users whose employee is not visible are reported, never deactivated.
 */
export async function prepareRun(
  store: SyncStore,
  run: RunRef & { reconcile: boolean; preview: boolean },
): Promise<{ problem: SetupProblem | null; teamsWritten: number }> {
  const { learnamp } = await tenantClients(store, run.tenantId);
  const teamsWritten = (await departmentsChanged(store, run)) || run.reconcile ? await syncTeams(store, learnamp, run) : 0;

  let invisible: { employeeId: string; userId: number | null }[];
  if (run.reconcile) {
    const users = await learnamp.listUsers();
    await store.saveLearnAmpUsers(run.tenantId, run.syncId, users);
    const linked = users.filter((user) => user.active && user.integrationExternalId !== null);
    const visible = await visibleIds(store, run, linked.map((user) => user.integrationExternalId!));
    invisible = linked.filter((user) => !visible.has(user.integrationExternalId!)).map((user) => ({ employeeId: user.integrationExternalId!, userId: user.id }));
    log.info('Learn Amp users loaded', { tenantId: run.tenantId, users: users.length });
  } else {
    const active = await store.listActiveEmployeeIds(run.tenantId);
    const visible = await visibleIds(store, run, active);
    invisible = active.filter((id) => !visible.has(id)).map((employeeId) => ({ employeeId, userId: null }));
  }

  await store.recordEmployeeResults(
    invisible.map(({ employeeId, userId }) =>
      result(run, employeeId, 'not_visible', { learnampUserId: userId, message: 'Not visible to the HiBob service user; the Learn Amp user was left active.' }),
    ),
  );
  const problem =
    invisible.length === 0
      ? null
      : setupProblem(
          'synced_employees_not_visible',
          `${invisible.length} active Learn Amp users are linked to HiBob employees the service user cannot see. They stay active: hibob-sync never deactivates on a guess.`,
          { count: invisible.length, sampleEmployeeIds: invisible.map((item) => item.employeeId) },
        );
  return { problem, teamsWritten };
}

async function departmentsChanged(store: SyncStore, run: RunRef): Promise<boolean> {
  const [current, previous] = await store.listRuns(run.tenantId, 2);
  if (!previous || current?.syncId !== run.syncId) return true;
  const [now, before] = await Promise.all([store.getNamedLists(run.tenantId, run.syncId), store.getNamedLists(run.tenantId, previous.syncId)]);
  return JSON.stringify(now.departments) !== JSON.stringify(before.departments);
}

async function syncTeams(store: SyncStore, learnamp: LearnAmpClient, run: RunRef & { preview: boolean }): Promise<number> {
  const lists = await store.getNamedLists(run.tenantId, run.syncId);
  const { departments } = lists;
  const existing = new Map((await learnamp.listTeams()).map((team) => [team.integrationExternalId, team]));
  const rejected: string[] = [];
  let written = 0;
  for (const [departmentId, name] of Object.entries(departments)) {
    const externalId = departmentTeamExternalId(departmentId);
    const team = existing.get(externalId);
    if (team?.name === name) continue;
    if (run.preview) {
      written++;
      continue;
    }
    try {
      if (!team) await learnamp.createTeam(name, externalId);
      else await learnamp.renameTeam(team.id, name);
      written++;
    } catch (error) {
      // One department Learn Amp will not take must not stop the tenant's sync; its employees get no primary team.
      if (!(error instanceof LearnAmpRejectedError)) throw error;
      log.warn('Learn Amp rejected a team; its department is skipped', { tenantId: run.tenantId, departmentId, status: error.status });
      rejected.push(departmentId);
    }
  }
  if (rejected.length > 0) {
    // Without the department in the run's lists, its employees are written with no department or team, not rejected.
    const kept = Object.fromEntries(Object.entries(departments).filter(([id]) => !rejected.includes(id)));
    await store.saveNamedLists(run.tenantId, run.syncId, { ...lists, departments: kept });
  }
  log.info('Teams synced', { tenantId: run.tenantId, written, preview: run.preview });
  return written;
}

async function visibleIds(store: SyncStore, run: RunRef, employeeIds: string[]): Promise<Set<string>> {
  const rows = await store.getSnapshotRows(run.tenantId, run.syncId, employeeIds);
  return new Set(rows.map((row) => row.employeeId));
}

/** Reads one batch of employees from HiBob by `root.id` and stores them in the run's snapshot. */
export async function readBatch(store: SyncStore, run: RunRef & { batch: number }): Promise<{ read: number; missing: number }> {
  const { hibob } = await tenantClients(store, run.tenantId);
  const ids = (await store.listBatch(run.tenantId, run.syncId, run.batch)).map((row) => row.employeeId);
  const rows = await hibob.searchPeople(EMPLOYEE_FIELDS, { fieldPath: 'root.id', operator: 'equals', values: ids });
  const wanted = new Set(ids);
  const entries = new Map<string, SnapshotEntry>();
  for (const row of rows) {
    const employeeId = readEmployeeId(row);
    if (employeeId && wanted.has(employeeId)) entries.set(employeeId, normalizeEmployee(row, employeeId));
  }
  await store.saveEntries(run.tenantId, run.syncId, entries);
  const missing = ids.length - entries.size;
  log.info('Batch read', { tenantId: run.tenantId, syncId: run.syncId, batch: run.batch, read: entries.size, missing });
  return { read: entries.size, missing };
}

export interface BatchPlan {
  writes: PlannedWrite[];
  /** Counts for employees that need no write; writes are counted when they finish. */
  counts: Partial<RunCounts>;
  /** Employees in the index read but missing from the batch read: they left the service user's view. */
  leftView: number;
}

export interface PlanBatchInput extends RunRef {
  batch: number;
  invitePolicy: InvitePolicy;
  reconcile: boolean;
  /** True for a run that covers only employees HiBob reported as changed. */
  partial: boolean;
  /** Record what each write would be instead of leaving writes to the workflow. */
  preview: boolean;
}

/** Plans one batch: records every employee that needs no write and returns the writes, wave by wave. */
export async function planBatch(store: SyncStore, input: PlanBatchInput): Promise<BatchPlan> {
  const run: PlanningRun = { ...input, today: todayUtc() };
  const rows = await store.listBatch(input.tenantId, input.syncId, input.batch);
  const lookup = input.reconcile === false ? await learnampLookup(store, input.tenantId) : undefined;
  const planned = await planEmployees(store, run, rows, lookup);

  const writes: PlannedWrite[] = [];
  const counts: Partial<RunCounts> = { seen: rows.length };
  const results: EmployeeResult[] = [];
  const count = (key: keyof RunCounts) => (counts[key] = (counts[key] ?? 0) + 1);
  const plannedIds = new Set(planned.map((item) => item.row.employeeId));

  for (const row of rows.filter((row) => !plannedIds.has(row.employeeId))) {
    // In the index read but not in the batch read: it left the service user's view during the sync.
    results.push(result(run, row.employeeId, 'skipped', { message: 'Left the service user\'s view during the sync; the next sync picks it up.' }));
    count('skipped');
  }
  for (const item of planned) {
    const { plan, row } = item;
    if (plan.action) {
      writes.push({ employeeId: row.employeeId, action: plan.action, wave: row.wave });
      if (input.preview) {
        const message = plan.changed?.length ? `Would change ${plan.changed.join(', ')}.` : undefined;
        results.push(result(run, row.employeeId, previewOutcomeOf(plan.action), { learnampUserId: item.linkedUser?.id ?? null, problems: plan.problems, lifecycleStatus: row.entry.employee.lifecycleStatus, message }));
      }
      continue;
    }
    const previous = item.unchangedSince;
    results.push(
      result(run, row.employeeId, plan.outcome, {
        learnampUserId: previous?.learnampUserId ?? item.linkedUser?.id ?? null,
        learnampActive: previous?.learnampActive ?? item.linkedUser?.active ?? null,
        fingerprint: item.fingerprint,
        problems: plan.problems,
        lifecycleStatus: row.entry.employee.lifecycleStatus,
        carried: previous,
      }),
    );
    count(countKeyOf(plan.outcome));
  }
  await store.recordEmployeeResults(results);
  return { writes, counts, leftView: rows.length - plannedIds.size };
}

/**
 * Most writes one `planManagers` call returns, so its result stays within the payload bound that holds for
 * a batch. Links beyond it are left for the next sync: their employees' fingerprints no longer match.
 */
export const MAX_MANAGER_WRITES = MAX_BATCH_SIZE;

/** Plans the manager links that could not be set while managers were still being created, at most `MAX_MANAGER_WRITES`. */
export async function planManagers(
  store: SyncStore,
  input: RunRef & {
    invitePolicy: InvitePolicy;
    batchCount: number;
    partial: boolean;
    /** False when the run trusted fingerprints, so users it did not touch are looked up in Learn Amp. */
    reconcile?: boolean;
  },
): Promise<PlannedWrite[]> {
  const run: PlanningRun = { ...input, today: todayUtc(), reconcile: false };
  // Employees this run did not touch may not be in the run's cache of Learn Amp users yet.
  const lookup = input.reconcile === false ? await learnampLookup(store, input.tenantId) : undefined;
  const writes: PlannedWrite[] = [];
  for (let batch = 0; batch < input.batchCount; batch++) {
    const planned = await planEmployees(store, run, await store.listBatch(input.tenantId, input.syncId, batch), lookup);
    for (const item of planned) {
      if (item.plan.action === 'set_manager') writes.push({ employeeId: item.row.employeeId, action: 'set_manager', wave: item.row.wave });
    }
  }
  if (writes.length > MAX_MANAGER_WRITES) {
    log.warn('Manager links left for the next sync', { tenantId: input.tenantId, syncId: input.syncId, planned: writes.length, kept: MAX_MANAGER_WRITES });
    return writes.slice(0, MAX_MANAGER_WRITES);
  }
  return writes;
}

/** Records writes that still failed after every retry, so reports and `explain` show them. */
export async function recordFailedWrites(store: SyncStore, run: RunRef & { failures: { employeeId: string; message: string }[] }): Promise<void> {
  await store.recordEmployeeResults(
    run.failures.map((failure) => result(run, failure.employeeId, 'failed', { message: `Learn Amp write failed after retries: ${failure.message}` })),
  );
}

async function learnampLookup(store: SyncStore, tenantId: string): Promise<LearnAmpLookup> {
  const { learnamp } = await tenantClients(store, tenantId);
  return {
    byExternalId: (externalId) => learnamp.getUserByExternalId(externalId),
    unlinkedByEmail: (email) => learnamp.findUnlinkedUserByEmail(email),
  };
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

/** Builds one employee's result; the first problem, if any, gives its code and message. */
export function result(
  run: RunRef,
  employeeId: string,
  outcome: EmployeeOutcome,
  details: {
    learnampUserId?: number | null;
    learnampActive?: boolean | null;
    fingerprint?: string | null;
    problems?: readonly EmployeeProblem[];
    lifecycleStatus?: string | null;
    message?: string;
    /** A result reused because nothing changed: its problem and message carry over. */
    carried?: EmployeeResult | null;
  } = {},
): EmployeeResult {
  const problem = details.problems?.[0];
  return {
    tenantId: run.tenantId,
    employeeId,
    syncId: run.syncId,
    outcome,
    learnampUserId: details.learnampUserId ?? null,
    learnampActive: details.learnampActive ?? null,
    fingerprint: details.fingerprint ?? null,
    problemCode: problem?.code ?? details.carried?.problemCode ?? null,
    message: details.message ?? (problem ? `Employee ${employeeId} ${problem.message}` : (details.carried?.message ?? null)),
    lifecycleStatus: details.lifecycleStatus ?? details.carried?.lifecycleStatus ?? null,
    recordedAt: new Date().toISOString(),
  };
}
