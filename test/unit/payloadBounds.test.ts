import { defaultPayloadConverter } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HiBobEmployee, SnapshotEntry } from '../../activities/hibob/employee';
import type { LearnAmpUser } from '../../activities/learnamp/user';
import { buildEmployeeIndex } from '../../activities/sync/employeeIndex';
import { MAX_MANAGER_WRITES, planBatch, planManagers } from '../../activities/syncSteps';
import { setupProblem } from '../../common/setupProblems';
import type { PlannedWrite } from '../../common/sync';
import { MAX_BATCH_SIZE } from '../../common/tenant';
import { SecretBox } from '../../store/secretBox';
import { SqliteSyncStore } from '../../store/sqliteStore';

/**
 * Every list that passes through workflow history must stay far below Temporal's 2 MB payload limit.
 * 256 KB leaves room for the other arguments of the same event and for payload encryption.
 */
const MAX_PAYLOAD_BYTES = 256 * 1024;
/** HiBob ids longer than this are rejected as invalid records (`EMPLOYEE_ID_PATTERN`). */
const MAX_EMPLOYEE_ID_LENGTH = 64;
const TENANT = 'payloads';

const payloadBytes = (value: unknown) => defaultPayloadConverter.toPayload(value)?.data?.byteLength ?? 0;
const longId = (n: number) => `e${String(n).padStart(MAX_EMPLOYEE_ID_LENGTH - 1, '0')}`;
const activity = new MockActivityEnvironment();
const inActivity = <R>(fn: () => Promise<R>) => activity.run(fn) as Promise<R>;

function employee(id: string, fields: Partial<HiBobEmployee> = {}): HiBobEmployee {
  return {
    id,
    email: `${id}@example.com`,
    firstName: 'Ada',
    surname: 'Byron',
    displayName: null,
    titleId: null,
    departmentId: null,
    siteId: null,
    startDate: null,
    managerId: null,
    lifecycleStatus: 'employed',
    terminationDate: null,
    ...fields,
  };
}

function linkedUser(userId: number, employeeId: string): LearnAmpUser {
  return {
    id: userId,
    email: `${employeeId}@example.com`,
    firstName: 'Ada',
    lastName: 'Byron',
    integrationExternalId: employeeId,
    jobTitle: null,
    hireDate: null,
    location: null,
    department: null,
    active: true,
    managerId: null,
    primaryTeamId: null,
    primaryTeamExternalId: null,
  };
}

let dataDir: string;
let store: SqliteSyncStore;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hibob-sync-payloads-'));
  store = SqliteSyncStore.open(join(dataDir, 'store.db'), new SecretBox([randomBytes(32)]));
});

afterAll(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Stores a run whose employees all have an active, linked Learn Amp user in the run's cache. */
async function storeRun(syncId: string, employees: HiBobEmployee[], batchSize: number): Promise<number> {
  const index = buildEmployeeIndex(
    employees.map((e) => ({ employeeId: e.id, email: e.email, lifecycleStatus: e.lifecycleStatus, managerId: e.managerId })),
    batchSize,
  );
  await store.startRun(TENANT, syncId);
  await store.saveEmployeeIndex(TENANT, syncId, index);
  await store.saveEntries(TENANT, syncId, new Map<string, SnapshotEntry>(employees.map((e) => [e.id, { employee: e, problems: [] }])));
  await store.saveLearnAmpUsers(TENANT, syncId, employees.map((e, i) => linkedUser(10_000 + i, e.id)));
  return store.batchCount(TENANT, syncId);
}

describe('payload bounds', () => {
  test('planBatch writes at most one batch of leavers', async () => {
    const leavers = Array.from({ length: MAX_BATCH_SIZE + 10 }, (_, i) => employee(longId(i), { lifecycleStatus: 'terminated' }));
    await storeRun('leavers', leavers, MAX_BATCH_SIZE);
    const input = { tenantId: TENANT, syncId: 'leavers', batch: 0, invitePolicy: 'never' as const, reconcile: true, partial: false, preview: false };

    const plan = await inActivity(() => planBatch(store, input));

    expect(plan.writes).toHaveLength(MAX_BATCH_SIZE);
    expect(plan.writes.every((write) => write.action === 'deactivate')).toBe(true);
    expect(payloadBytes(plan)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  test('largest possible batch plan fits', () => {
    // The longest action name and a reporting line thousands of levels deep.
    const writes: PlannedWrite[] = Array.from({ length: MAX_BATCH_SIZE }, (_, i) => ({ employeeId: longId(i), action: 'set_manager', wave: 99_999 }));
    const counts = { seen: MAX_BATCH_SIZE, created: MAX_BATCH_SIZE, updated: MAX_BATCH_SIZE, unchanged: MAX_BATCH_SIZE, skipped: MAX_BATCH_SIZE };

    expect(payloadBytes({ writes, counts })).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  test('planManagers returns at most MAX_MANAGER_WRITES', async () => {
    // One manager with an active user; everyone else reports to them but their user has no manager yet.
    const manager = employee(longId(0));
    const reports = Array.from({ length: MAX_MANAGER_WRITES + 50 }, (_, i) => employee(longId(i + 1), { managerId: manager.id }));
    const batchCount = await storeRun('managers', [manager, ...reports], 500);
    await store.recordEmployeeResults([
      { tenantId: TENANT, employeeId: manager.id, syncId: 'managers', outcome: 'created', learnampUserId: 10_000, learnampActive: true, fingerprint: null, problemCode: null, message: null, lifecycleStatus: 'employed', recordedAt: new Date().toISOString() },
    ]);

    const input = { tenantId: TENANT, syncId: 'managers', invitePolicy: 'never' as const, batchCount, partial: false };
    const writes = await inActivity(() => planManagers(store, input));

    expect(writes).toHaveLength(MAX_MANAGER_WRITES);
    expect(payloadBytes(writes)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  test('failed writes of a whole batch fit', () => {
    // runWrites reports the failure's top-level message, e.g. "Activity task failed", per write.
    const failures = Array.from({ length: MAX_BATCH_SIZE }, (_, i) => ({ employeeId: longId(i), message: 'Activity task failed' }));

    expect(payloadBytes({ tenantId: TENANT, syncId: 'failures', failures })).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  test('setup problems keep at most 10 sample ids', () => {
    const problem = setupProblem('synced_employees_not_visible', 'many', {
      count: 50_000,
      sampleEmployeeIds: Array.from({ length: 50_000 }, (_, i) => longId(i)),
    });

    expect(problem.sampleEmployeeIds).toHaveLength(10);
  });
});
