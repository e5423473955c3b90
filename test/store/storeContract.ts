import { randomBytes } from 'node:crypto';
import type { SnapshotEntry } from '../../activities/hibob/employee';
import type { LearnAmpUser } from '../../activities/learnamp/user';
import type { IndexedEmployee } from '../../activities/sync/employeeIndex';
import { setupProblem } from '../../common/setupProblems';
import { emptyRunCounts, type EmployeeOutcome } from '../../common/sync';
import { tenantSettingsWithDefaults } from '../../common/tenant';
import { SecretBox } from '../../store/secretBox';
import { RUN_RECORDS_KEPT } from '../../store/storePolicy';
import type { EmployeeResult, SyncStore, TenantConnection, TenantSecrets } from '../../store/types';

/** One empty database of a store implementation, with raw reads for checks the interface cannot make. */
export interface StoreDatabase {
  /** Opens a store on this database and applies pending migrations. */
  open(secretBox: SecretBox): Promise<SyncStore>;
  /** Everything the database keeps at rest, to search for plaintext secrets. Called while no store is open. */
  readStoredBytes(): Promise<Buffer>;
  countRows(table: string): Promise<number>;
  /** Versions recorded in `schema_migrations`, in ascending order. */
  migrationVersions(): Promise<number[]>;
  /** Deletes the database. Called while no store is open. */
  destroy(): Promise<void>;
}

export interface StoreBackend {
  /** Creates an empty database. The suite calls it before each test. */
  createDatabase(): Promise<StoreDatabase>;
  /** Number of migrations the implementation ships. */
  migrationCount: number;
}

export const HIBOB_TOKEN = 'hibob-token-8d41c2f07ae9';
export const LEARNAMP_SECRET = 'learnamp-secret-3b7e91d5c0';
const SERVICE_USER_ID = 'SERVICE-USER-6612';

export const CONNECTION: TenantConnection = {
  hibobBaseUrl: 'http://127.0.0.1:1/v1',
  serviceUserId: SERVICE_USER_ID,
  learnampBaseUrl: 'http://127.0.0.1:2',
  learnampClientId: 'client-1',
  learnampScopes: 'users:read users:create',
  settings: tenantSettingsWithDefaults(),
};

export const SECRETS: TenantSecrets = { hibobToken: HIBOB_TOKEN, learnampClientSecret: LEARNAMP_SECRET };

export function indexed(employeeId: string, overrides: Partial<IndexedEmployee> = {}): IndexedEmployee {
  return {
    employeeId,
    email: `${employeeId}@example.com`,
    lifecycleStatus: 'employed',
    managerId: null,
    wave: 0,
    batch: 0,
    ...overrides,
  };
}

export function user(id: number, externalId: string | null, email = `user${id}@example.com`): LearnAmpUser {
  return {
    id,
    email,
    firstName: 'Ana',
    lastName: 'Silva',
    integrationExternalId: externalId,
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

export function result(
  tenantId: string,
  employeeId: string,
  outcome: EmployeeOutcome,
  overrides: Partial<EmployeeResult> = {},
): EmployeeResult {
  return {
    tenantId,
    employeeId,
    syncId: 'sync-1',
    outcome,
    learnampUserId: null,
    learnampActive: null,
    fingerprint: null,
    problemCode: null,
    message: null,
    lifecycleStatus: 'employed',
    recordedAt: '2025-03-10T00:00:00.000Z',
    ...overrides,
  };
}

export function entry(employeeId: string): SnapshotEntry {
  return {
    employee: {
      id: employeeId,
      email: `${employeeId}@example.com`,
      firstName: 'Zoë',
      surname: '李',
      displayName: null,
      titleId: null,
      departmentId: null,
      siteId: null,
      startDate: '2021-04-01',
      managerId: null,
      lifecycleStatus: 'employed',
      terminationDate: null,
    },
    problems: [{ code: 'manager_not_visible', employeeId, message: 'Manager 9 is not visible.', skipped: false }],
  };
}

/** Jest fakes only `Date`, so database drivers keep their real timers and I/O callbacks. */
const REAL_TIMER_APIS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/**
 * Registers the behaviour every `SyncStore` must have. Each test gets a new, empty database from
 * `backend`, so implementations are checked against the same cases.
 */
export function describeSyncStore(name: string, backend: StoreBackend): void {
  let database: StoreDatabase;
  let key: Buffer;
  let store: SyncStore;

  async function reopen(secretBox = new SecretBox([key])): Promise<void> {
    await store.close();
    store = await database.open(secretBox);
  }

  /** Closes the store so every write reaches the disk, reads what the database keeps, then reopens. */
  async function closeAndReadStoredBytes(): Promise<Buffer> {
    await store.close();
    const bytes = await database.readStoredBytes();
    store = await database.open(new SecretBox([key]));
    return bytes;
  }

  async function snapshotRow(tenantId: string, syncId: string, employeeId: string) {
    const rows = await store.getSnapshotRows(tenantId, syncId, [employeeId]);
    return rows[0] ?? null;
  }

  async function employeeResult(tenantId: string, employeeId: string) {
    return (await store.getEmployeeResults(tenantId, [employeeId])).get(employeeId) ?? null;
  }

  beforeEach(async () => {
    database = await backend.createDatabase();
    key = randomBytes(32);
    store = await database.open(new SecretBox([key]));
  });

  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  describe(`${name} tenant secrets`, () => {
    test('getTenant returns saved connection and secrets', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      const tenant = await store.getTenant('acme');
      expect(tenant?.tenantId).toBe('acme');
      expect(tenant?.connection).toEqual(CONNECTION);
      expect(tenant?.secrets).toEqual(SECRETS);
    });

    test('unknown tenant gives null', async () => {
      expect(await store.getTenant('nobody')).toBeNull();
    });

    test('stored data does not contain secrets', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.replaceHiBobToken('acme', `${HIBOB_TOKEN}-new`);
      const bytes = await closeAndReadStoredBytes();
      expect(bytes.includes(SERVICE_USER_ID)).toBe(true);
      expect(bytes.includes(HIBOB_TOKEN)).toBe(false);
      expect(bytes.includes(LEARNAMP_SECRET)).toBe(false);
    });

    test('other key cannot open saved secrets', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await reopen(new SecretBox([randomBytes(32)]));
      await expect(store.getTenant('acme')).rejects.toThrow('is not configured in HIBOB_SYNC_SECRET_KEYS');
    });

    test('older key still opens saved secrets', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await reopen(new SecretBox([randomBytes(32), key]));
      expect((await store.getTenant('acme'))?.secrets).toEqual(SECRETS);
    });
  });

  describe(`${name} credentials version`, () => {
    test('first save gives version 1', async () => {
      expect((await store.saveTenant('acme', CONNECTION, SECRETS)).credentialsVersion).toBe(1);
    });

    test('new tenant is not verified', async () => {
      expect((await store.saveTenant('acme', CONNECTION, SECRETS)).verifiedCredentialsVersion).toBeNull();
    });

    test('each save increments version', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.saveTenant('acme', CONNECTION, SECRETS);
      expect((await store.saveTenant('acme', CONNECTION, SECRETS)).credentialsVersion).toBe(3);
    });

    test('save replaces connection and secrets', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      const connection = { ...CONNECTION, serviceUserId: 'SERVICE-USER-2' };
      const secrets = { hibobToken: 'token-2', learnampClientSecret: 'secret-2' };
      await store.saveTenant('acme', connection, secrets);
      const tenant = await store.getTenant('acme');
      expect(tenant?.connection).toEqual(connection);
      expect(tenant?.secrets).toEqual(secrets);
    });

    test('replaceHiBobToken increments version', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      expect((await store.replaceHiBobToken('acme', 'new-token')).credentialsVersion).toBe(2);
    });

    test('replaceHiBobToken changes only HiBob token', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.replaceHiBobToken('acme', 'new-token');
      const tenant = await store.getTenant('acme');
      expect(tenant?.secrets.hibobToken).toBe('new-token');
      expect(tenant?.secrets.learnampClientSecret).toBe(LEARNAMP_SECRET);
      expect(tenant?.connection).toEqual(CONNECTION);
    });

    test('replaceHiBobToken names unknown tenant', async () => {
      await expect(store.replaceHiBobToken('nobody', 'new-token')).rejects.toThrow('Tenant "nobody" is not connected');
    });

    test('concurrent token refreshes each count', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await Promise.all([store.replaceHiBobToken('acme', 'token-a'), store.replaceHiBobToken('acme', 'token-b')]);
      const tenant = await store.getTenant('acme');
      expect(tenant?.credentialsVersion).toBe(3);
      expect(['token-a', 'token-b']).toContain(tenant?.secrets.hibobToken);
    });

    test('versions are per tenant', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.saveTenant('acme', CONNECTION, SECRETS);
      expect((await store.saveTenant('globex', CONNECTION, SECRETS)).credentialsVersion).toBe(1);
    });

    test('markCredentialsVerified records current version', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.markCredentialsVerified('acme', 1);
      expect((await store.getTenant('acme'))?.verifiedCredentialsVersion).toBe(1);
    });

    test('markCredentialsVerified ignores old version', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.replaceHiBobToken('acme', 'new-token');
      await store.markCredentialsVerified('acme', 1);
      expect((await store.getTenant('acme'))?.verifiedCredentialsVersion).toBeNull();
    });

    test('token refresh leaves earlier verification behind', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.markCredentialsVerified('acme', 1);
      const tenant = await store.replaceHiBobToken('acme', 'new-token');
      expect(tenant.credentialsVersion).toBe(2);
      expect(tenant.verifiedCredentialsVersion).toBe(1);
    });
  });

  describe(`${name} tenant isolation`, () => {
    // Both tenants use the same sync id, so only the tenant id keeps their rows apart.
    const SYNC_ID = 'sync-1';

    beforeEach(async () => {
      await store.startRun('acme', SYNC_ID);
      await store.saveNamedLists('acme', SYNC_ID, { departments: { '1': 'Engineering' }, sites: {}, titles: {} });
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1'), indexed('a2', { batch: 1 })]);
      await store.saveLearnAmpUsers('acme', SYNC_ID, [
        user(1, 'a1', 'a1@example.com'),
        user(2, null, 'u2@example.com'),
      ]);
      await store.recordEmployeeResults([result('acme', 'a1', 'created', { syncId: SYNC_ID, learnampUserId: 1 })]);
    });

    test('other tenant cannot read employees', async () => {
      expect(await store.getSnapshotRows('globex', SYNC_ID, ['a1', 'a2'])).toEqual([]);
      expect(await store.listBatch('globex', SYNC_ID, 0)).toEqual([]);
    });

    test('other tenant sees no batches', async () => {
      expect(await store.batchCount('globex', SYNC_ID)).toBe(0);
    });

    test('other tenant cannot read Learn Amp users', async () => {
      expect((await store.learnAmpUsersByExternalId('globex', SYNC_ID, ['a1'])).size).toBe(0);
      expect((await store.unlinkedLearnAmpUsersByEmail('globex', SYNC_ID, ['u2@example.com'])).size).toBe(0);
    });

    test('other tenant does not share emails', async () => {
      expect((await store.currentEmployeesByEmail('globex', SYNC_ID, ['a1@example.com'])).size).toBe(0);
    });

    test('other tenant cannot read results', async () => {
      expect((await store.getEmployeeResults('globex', ['a1'])).size).toBe(0);
      expect(await store.listEmployeeResults('globex', SYNC_ID)).toEqual([]);
      expect(await store.listActiveEmployeeIds('globex')).toEqual([]);
      expect(await store.countEmployeeResults('globex')).toBe(0);
    });

    test('other tenant cannot read runs or named lists', async () => {
      expect(await store.listRuns('globex')).toEqual([]);
      expect(await store.getNamedLists('globex', SYNC_ID)).toEqual({ departments: {}, sites: {}, titles: {} });
    });

    test('other tenant saving index keeps first tenant rows', async () => {
      await store.saveEmployeeIndex('globex', SYNC_ID, [indexed('g1')]);
      expect(await snapshotRow('acme', SYNC_ID, 'a1')).not.toBeNull();
      expect(await store.batchCount('acme', SYNC_ID)).toBe(2);
    });

    test('other tenant saving entries keeps first tenant rows', async () => {
      await store.saveEmployeeIndex('globex', SYNC_ID, [indexed('a1')]);
      await store.saveEntries('globex', SYNC_ID, new Map([['a1', entry('a1')]]));
      expect((await snapshotRow('acme', SYNC_ID, 'a1'))?.entry).toBeNull();
      expect((await snapshotRow('globex', SYNC_ID, 'a1'))?.entry).toEqual(entry('a1'));
    });

    test('other tenant saving same user id keeps first tenant users', async () => {
      await store.saveLearnAmpUsers('globex', SYNC_ID, [user(1, 'g1')]);
      expect((await store.learnAmpUsersByExternalId('acme', SYNC_ID, ['a1'])).get('a1')?.id).toBe(1);
      expect((await store.learnAmpUsersByExternalId('globex', SYNC_ID, ['g1'])).get('g1')?.id).toBe(1);
    });

    test('same employee id keeps separate results', async () => {
      await store.recordEmployeeResults([result('globex', 'a1', 'skipped', { syncId: SYNC_ID })]);
      expect((await employeeResult('acme', 'a1'))?.outcome).toBe('created');
      expect((await employeeResult('globex', 'a1'))?.outcome).toBe('skipped');
    });

    test('same sync id starts a separate run', async () => {
      await store.startRun('globex', SYNC_ID);
      await store.finishRun('globex', SYNC_ID, 'completed', emptyRunCounts(), []);
      expect((await store.listRuns('acme'))[0]?.finishedAt).toBeNull();
      expect((await store.listRuns('globex'))[0]?.outcome).toBe('completed');
      expect((await store.getNamedLists('acme', SYNC_ID)).departments).toEqual({ '1': 'Engineering' });
    });

    test('forgetting other tenant keeps first tenant', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.saveTenant('globex', CONNECTION, SECRETS);
      await store.forgetTenant('globex');
      expect(await store.getTenant('acme')).not.toBeNull();
      expect(await snapshotRow('acme', SYNC_ID, 'a1')).not.toBeNull();
      expect((await store.learnAmpUsersByExternalId('acme', SYNC_ID, ['a1'])).size).toBe(1);
      expect((await store.getNamedLists('acme', SYNC_ID)).departments).toEqual({ '1': 'Engineering' });
    });
  });

  describe(`${name} run pruning`, () => {
    beforeEach(() => {
      jest.useFakeTimers({ now: new Date('2025-03-10T00:00:00Z'), doNotFake: [...REAL_TIMER_APIS] });
    });

    afterEach(() => {
      jest.useRealTimers();
    });

    /** Starts one run per minute, each with an employee, a Learn Amp user and named lists in its snapshot. */
    async function startRuns(tenantId: string, syncIds: readonly string[]): Promise<void> {
      for (const syncId of syncIds) {
        jest.setSystemTime(Date.now() + 60_000);
        await store.startRun(tenantId, syncId);
        await store.saveEmployeeIndex(tenantId, syncId, [indexed('e1')]);
        await store.saveLearnAmpUsers(tenantId, syncId, [user(1, 'e1')]);
        await store.saveNamedLists(tenantId, syncId, { departments: { '1': 'Engineering' }, sites: {}, titles: {} });
      }
    }

    async function hasSnapshot(tenantId: string, syncId: string): Promise<boolean> {
      return (await store.batchCount(tenantId, syncId)) > 0;
    }

    test('five runs keep every snapshot', async () => {
      await startRuns('acme', ['r1', 'r2', 'r3', 'r4', 'r5']);
      for (const syncId of ['r1', 'r2', 'r3', 'r4', 'r5']) {
        expect(await hasSnapshot('acme', syncId)).toBe(true);
      }
    });

    test('sixth run deletes oldest snapshot', async () => {
      await startRuns('acme', ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
      expect(await hasSnapshot('acme', 'r1')).toBe(false);
      expect((await store.learnAmpUsersByExternalId('acme', 'r1', ['e1'])).size).toBe(0);
      expect(await store.getNamedLists('acme', 'r1')).toEqual({ departments: {}, sites: {}, titles: {} });
    });

    test('sixth run keeps last five snapshots', async () => {
      await startRuns('acme', ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
      for (const syncId of ['r2', 'r3', 'r4', 'r5', 'r6']) {
        expect(await hasSnapshot('acme', syncId)).toBe(true);
      }
    });

    test('pruned run keeps its record', async () => {
      await startRuns('acme', ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
      expect((await store.listRuns('acme')).map((run) => run.syncId)).toContain('r1');
    });

    test('runs of other tenant do not count', async () => {
      await startRuns('acme', ['a1', 'a2', 'a3', 'a4', 'a5']);
      await startRuns('globex', ['g1', 'g2', 'g3']);
      expect(await hasSnapshot('acme', 'a1')).toBe(true);
    });

    test('restarting same run adds no run', async () => {
      await startRuns('acme', ['r1', 'r2', 'r3', 'r4', 'r5']);
      await store.startRun('acme', 'r5');
      expect(await hasSnapshot('acme', 'r1')).toBe(true);
      expect(await store.listRuns('acme')).toHaveLength(5);
    });

    test('listRuns returns newest first', async () => {
      await startRuns('acme', ['r1', 'r2', 'r3']);
      expect((await store.listRuns('acme')).map((run) => run.syncId)).toEqual(['r3', 'r2', 'r1']);
    });

    test('listRuns stops at limit', async () => {
      await startRuns('acme', ['r1', 'r2', 'r3']);
      expect((await store.listRuns('acme', 2)).map((run) => run.syncId)).toEqual(['r3', 'r2']);
    });

    test('oldest run records beyond the limit are deleted', async () => {
      for (let run = 1; run <= RUN_RECORDS_KEPT + 1; run += 1) {
        jest.setSystemTime(Date.now() + 60_000);
        await store.startRun('acme', `run-${run}`);
      }
      const syncIds = (await store.listRuns('acme', RUN_RECORDS_KEPT + 10)).map((run) => run.syncId);
      expect(syncIds).toHaveLength(RUN_RECORDS_KEPT);
      expect(syncIds).not.toContain('run-1');
      expect(syncIds).toContain('run-2');
    });
  });

  describe(`${name} runs`, () => {
    test('finishRun records outcome, counts and problems', async () => {
      await store.startRun('acme', 'sync-1');
      const counts = { ...emptyRunCounts(), seen: 3, created: 2, skipped: 1 };
      const problems = [setupProblem('leavers_not_visible', 'No terminated employee is visible.')];
      await store.finishRun('acme', 'sync-1', 'completed', counts, problems);
      const [run] = await store.listRuns('acme');
      expect(run?.outcome).toBe('completed');
      expect(run?.counts).toEqual(counts);
      expect(run?.problems).toEqual(problems);
      expect(run?.finishedAt).not.toBeNull();
    });

    test('unfinished run has no counts', async () => {
      await store.startRun('acme', 'sync-1');
      const [run] = await store.listRuns('acme');
      expect(run?.tenantId).toBe('acme');
      expect(run?.syncId).toBe('sync-1');
      expect(run?.finishedAt).toBeNull();
      expect(run?.counts).toBeNull();
      expect(run?.problems).toEqual([]);
    });

    test('run times are ISO strings', async () => {
      await store.startRun('acme', 'sync-1');
      await store.finishRun('acme', 'sync-1', 'completed', emptyRunCounts(), []);
      const [run] = await store.listRuns('acme');
      expect(new Date(run!.startedAt).toISOString()).toBe(run?.startedAt);
      expect(new Date(run!.finishedAt!).toISOString()).toBe(run?.finishedAt);
    });

    test('named lists round trip', async () => {
      const lists = { departments: { '1': 'Engineering' }, sites: { '2': 'Lisbon' }, titles: { '3': 'Engineer' } };
      await store.startRun('acme', 'sync-1');
      await store.saveNamedLists('acme', 'sync-1', lists);
      expect(await store.getNamedLists('acme', 'sync-1')).toEqual(lists);
    });

    test('named lists default to empty', async () => {
      await store.startRun('acme', 'sync-1');
      expect(await store.getNamedLists('acme', 'sync-1')).toEqual({ departments: {}, sites: {}, titles: {} });
    });
  });

  describe(`${name} deleteTenantData`, () => {
    test('removes results and runs of one tenant only', async () => {
      for (const tenantId of ['acme', 'globex']) {
        await store.saveTenant(tenantId, CONNECTION, SECRETS);
        await store.startRun(tenantId, 'sync-1');
        await store.recordEmployeeResults([result(tenantId, 'a1', 'created', { learnampUserId: 1 })]);
      }
      await store.deleteTenantData('acme');
      expect(await store.getTenant('acme')).toBeNull();
      expect(await store.countEmployeeResults('acme')).toBe(0);
      expect(await store.listRuns('acme')).toEqual([]);
      expect(await store.countEmployeeResults('globex')).toBe(1);
      expect(await store.listRuns('globex')).toHaveLength(1);
    });
  });

  describe(`${name} forgetTenant`, () => {
    beforeEach(async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.startRun('acme', 'sync-1');
      await store.saveNamedLists('acme', 'sync-1', { departments: { '1': 'Engineering' }, sites: {}, titles: {} });
      await store.saveEmployeeIndex('acme', 'sync-1', [indexed('a1')]);
      await store.saveLearnAmpUsers('acme', 'sync-1', [user(1, 'a1'), user(2, null, 'u2@example.com')]);
      await store.recordEmployeeResults([result('acme', 'a1', 'created', { learnampUserId: 1 })]);
      await store.forgetTenant('acme');
    });

    test('removes tenant and secrets', async () => {
      expect(await store.getTenant('acme')).toBeNull();
    });

    test('removes sealed secrets from database', async () => {
      expect(await database.countRows('tenants')).toBe(0);
    });

    test('removes run snapshots', async () => {
      expect(await snapshotRow('acme', 'sync-1', 'a1')).toBeNull();
      expect((await store.learnAmpUsersByExternalId('acme', 'sync-1', ['a1'])).size).toBe(0);
      expect((await store.unlinkedLearnAmpUsersByEmail('acme', 'sync-1', ['u2@example.com'])).size).toBe(0);
      expect(await store.getNamedLists('acme', 'sync-1')).toEqual({ departments: {}, sites: {}, titles: {} });
    });

    test('keeps employee results', async () => {
      expect((await employeeResult('acme', 'a1'))?.outcome).toBe('created');
      expect(await store.countEmployeeResults('acme')).toBe(1);
    });

    test('keeps run records', async () => {
      expect((await store.listRuns('acme')).map((run) => run.syncId)).toEqual(['sync-1']);
    });

    test('tenant can connect again from version 1', async () => {
      expect((await store.saveTenant('acme', CONNECTION, SECRETS)).credentialsVersion).toBe(1);
    });
  });

  describe(`${name} employee results`, () => {
    test('records latest result per employee', async () => {
      await store.recordEmployeeResults([result('acme', 'a1', 'created', { syncId: 'sync-1' })]);
      await store.recordEmployeeResults([result('acme', 'a1', 'unchanged', { syncId: 'sync-2' })]);
      const latest = await employeeResult('acme', 'a1');
      expect(latest?.outcome).toBe('unchanged');
      expect(latest?.syncId).toBe('sync-2');
    });

    test('round trips every field', async () => {
      const full = result('acme', 'a1', 'skipped', {
        learnampUserId: 42,
        learnampActive: false,
        fingerprint: 'f'.repeat(64),
        problemCode: 'invalid_email',
        message: 'Email "x@" is invalid.',
        lifecycleStatus: 'garden leave',
        recordedAt: '2025-03-11T08:30:15.250Z',
      });
      await store.recordEmployeeResults([full]);
      expect(await employeeResult('acme', 'a1')).toEqual(full);
    });

    test('keeps known Learn Amp user id', async () => {
      await store.recordEmployeeResults([result('acme', 'a1', 'created', { learnampUserId: 42 })]);
      await store.recordEmployeeResults([result('acme', 'a1', 'failed', { learnampUserId: null })]);
      expect((await employeeResult('acme', 'a1'))?.learnampUserId).toBe(42);
    });

    test('keeps known Learn Amp active flag', async () => {
      await store.recordEmployeeResults([result('acme', 'a1', 'created', { learnampActive: true })]);
      await store.recordEmployeeResults([result('acme', 'a1', 'failed', { learnampActive: null })]);
      expect((await employeeResult('acme', 'a1'))?.learnampActive).toBe(true);
    });

    test('replaces Learn Amp active flag', async () => {
      await store.recordEmployeeResults([result('acme', 'a1', 'created', { learnampActive: true })]);
      await store.recordEmployeeResults([result('acme', 'a1', 'deactivated', { learnampActive: false })]);
      expect((await employeeResult('acme', 'a1'))?.learnampActive).toBe(false);
    });

    test('stores and returns fingerprint', async () => {
      await store.recordEmployeeResults([result('acme', 'a1', 'created', { fingerprint: 'abc123' })]);
      expect((await employeeResult('acme', 'a1'))?.fingerprint).toBe('abc123');
    });

    test('failed result clears fingerprint', async () => {
      await store.recordEmployeeResults([result('acme', 'a1', 'created', { fingerprint: 'abc123' })]);
      await store.recordEmployeeResults([result('acme', 'a1', 'failed', { fingerprint: null })]);
      expect((await employeeResult('acme', 'a1'))?.fingerprint).toBeNull();
    });

    test('repeated employee in one call keeps last', async () => {
      await store.recordEmployeeResults([
        result('acme', 'a1', 'created', { learnampUserId: 42, learnampActive: true }),
        result('acme', 'a1', 'failed', { message: 'Learn Amp timed out.' }),
      ]);
      const latest = await employeeResult('acme', 'a1');
      expect(latest?.outcome).toBe('failed');
      expect(latest?.message).toBe('Learn Amp timed out.');
      expect(latest?.learnampUserId).toBe(42);
      expect(latest?.learnampActive).toBe(true);
    });

    test('getEmployeeResults leaves out unknown ids', async () => {
      await store.recordEmployeeResults([result('acme', 'a1', 'created')]);
      const results = await store.getEmployeeResults('acme', ['a1', 'nobody']);
      expect([...results.keys()]).toEqual(['a1']);
    });

    test('getEmployeeResults reads many employees', async () => {
      const ids = Array.from({ length: 1_200 }, (_, index) => `e${index}`);
      await store.recordEmployeeResults(ids.map((id) => result('acme', id, 'created')));
      expect((await store.getEmployeeResults('acme', ids)).size).toBe(1_200);
    });

    test('lists results of one run by outcome', async () => {
      await store.recordEmployeeResults([result('acme', 'a2', 'skipped')]);
      await store.recordEmployeeResults([result('acme', 'a1', 'created')]);
      await store.recordEmployeeResults([result('acme', 'a3', 'created', { syncId: 'sync-2' })]);
      const all = await store.listEmployeeResults('acme', 'sync-1');
      const skipped = await store.listEmployeeResults('acme', 'sync-1', ['skipped']);
      expect(all.map((row) => row.employeeId)).toEqual(['a1', 'a2']);
      expect(skipped.map((row) => row.employeeId)).toEqual(['a2']);
    });

    test.each<[EmployeeOutcome, boolean]>([
      ['created', true],
      ['updated', true],
      ['unchanged', true],
      ['reactivated', true],
      ['not_visible', true],
      ['deactivated', false],
      ['skipped', false],
      ['failed', false],
      ['not_created_leaver', false],
      ['waiting_for_start_date', false],
    ])('listActiveEmployeeIds includes %s: %p', async (outcome, included) => {
      await store.recordEmployeeResults([result('acme', 'a1', outcome)]);
      expect((await store.listActiveEmployeeIds('acme')).includes('a1')).toBe(included);
    });

    test('listActiveEmployeeIds excludes leavers', async () => {
      await store.recordEmployeeResults([
        result('acme', 'a1', 'unchanged', { lifecycleStatus: 'terminated' }),
        result('acme', 'a2', 'unchanged'),
      ]);
      expect(await store.listActiveEmployeeIds('acme')).toEqual(['a2']);
    });

    test('listActiveEmployeeIds includes unknown lifecycle', async () => {
      await store.recordEmployeeResults([result('acme', 'a1', 'not_visible', { lifecycleStatus: null })]);
      expect(await store.listActiveEmployeeIds('acme')).toEqual(['a1']);
    });

    test('countEmployeeResults is 0 for new tenant', async () => {
      expect(await store.countEmployeeResults('acme')).toBe(0);
    });

    test('countEmployeeResults counts each employee once', async () => {
      await store.recordEmployeeResults([result('acme', 'a1', 'created'), result('acme', 'a2', 'created')]);
      await store.recordEmployeeResults([result('acme', 'a1', 'unchanged', { syncId: 'sync-2' })]);
      await store.recordEmployeeResults([result('globex', 'g1', 'created')]);
      expect(await store.countEmployeeResults('acme')).toBe(2);
    });
  });

  describe(`${name} run snapshot`, () => {
    const SYNC_ID = 'sync-1';

    beforeEach(async () => {
      await store.startRun('acme', SYNC_ID);
    });

    async function holdersOf(email: string): Promise<string[] | undefined> {
      const byEmail = await store.currentEmployeesByEmail('acme', SYNC_ID, [email]);
      return byEmail.get(email.toLowerCase())?.sort();
    }

    test('currentEmployeesByEmail lists every current holder', async () => {
      const rows = [indexed('a1', { email: 'x@example.com' }), indexed('a2', { email: 'x@example.com' })];
      await store.saveEmployeeIndex('acme', SYNC_ID, rows);
      expect(await holdersOf('x@example.com')).toEqual(['a1', 'a2']);
    });

    test('currentEmployeesByEmail lists sole holder', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1', { email: 'x@example.com' })]);
      expect(await holdersOf('x@example.com')).toEqual(['a1']);
    });

    test('currentEmployeesByEmail ignores leavers', async () => {
      const rows = [
        indexed('a1', { email: 'x@example.com' }),
        indexed('a2', { email: 'x@example.com', lifecycleStatus: 'terminated' }),
      ];
      await store.saveEmployeeIndex('acme', SYNC_ID, rows);
      expect(await holdersOf('x@example.com')).toEqual(['a1']);
    });

    test('currentEmployeesByEmail counts unknown lifecycle', async () => {
      const rows = [
        indexed('a1', { email: 'x@example.com' }),
        indexed('a2', { email: 'x@example.com', lifecycleStatus: null }),
      ];
      await store.saveEmployeeIndex('acme', SYNC_ID, rows);
      expect(await holdersOf('x@example.com')).toEqual(['a1', 'a2']);
    });

    test('currentEmployeesByEmail ignores email case', async () => {
      const rows = [indexed('a1', { email: 'X@Example.com' }), indexed('a2', { email: 'x@EXAMPLE.com' })];
      await store.saveEmployeeIndex('acme', SYNC_ID, rows);
      expect(await holdersOf('x@example.COM')).toEqual(['a1', 'a2']);
    });

    test('currentEmployeesByEmail leaves out unknown emails', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1'), indexed('a2', { email: null })]);
      const byEmail = await store.currentEmployeesByEmail('acme', SYNC_ID, ['a1@example.com', 'nobody@example.com']);
      expect([...byEmail.keys()]).toEqual(['a1@example.com']);
    });

    test('batchCount is last batch plus one', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1'), indexed('a2', { batch: 2 })]);
      expect(await store.batchCount('acme', SYNC_ID)).toBe(3);
    });

    test('batchCount is 0 without index', async () => {
      expect(await store.batchCount('acme', SYNC_ID)).toBe(0);
    });

    test('saving index replaces earlier index', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1'), indexed('a2')]);
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a3')]);
      expect(await snapshotRow('acme', SYNC_ID, 'a1')).toBeNull();
      expect(await snapshotRow('acme', SYNC_ID, 'a3')).not.toBeNull();
    });

    test('listBatch orders by wave, then id bytes', async () => {
      const rows = [
        indexed('b', { wave: 1 }),
        indexed('c', { wave: 0 }),
        indexed('a', { wave: 1 }),
        indexed('Z', { wave: 1 }),
        indexed('d', { batch: 1 }),
      ];
      await store.saveEmployeeIndex('acme', SYNC_ID, rows);
      expect((await store.listBatch('acme', SYNC_ID, 0)).map((row) => row.employeeId)).toEqual(['c', 'Z', 'a', 'b']);
    });

    test('getSnapshotRows returns batch and wave', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1', { batch: 3, wave: 2 })]);
      expect(await snapshotRow('acme', SYNC_ID, 'a1')).toEqual({ employeeId: 'a1', batch: 3, wave: 2, entry: null });
    });

    test('getSnapshotRows leaves out ids not in index', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1'), indexed('a2')]);
      const rows = await store.getSnapshotRows('acme', SYNC_ID, ['a2', 'nobody']);
      expect(rows.map((row) => row.employeeId)).toEqual(['a2']);
    });

    test('entries round trip', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1'), indexed('a2')]);
      await store.saveEntries('acme', SYNC_ID, new Map([['a1', entry('a1')]]));
      expect((await snapshotRow('acme', SYNC_ID, 'a1'))?.entry).toEqual(entry('a1'));
      expect((await store.listBatch('acme', SYNC_ID, 0))[0]?.entry).toEqual(entry('a1'));
    });

    test('entry is null before batch is read', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1')]);
      expect((await snapshotRow('acme', SYNC_ID, 'a1'))?.entry).toBeNull();
    });

    test('entries for ids not in index are ignored', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1')]);
      await store.saveEntries('acme', SYNC_ID, new Map([['nobody', entry('nobody')]]));
      expect(await store.getSnapshotRows('acme', SYNC_ID, ['nobody'])).toEqual([]);
    });

    test('Learn Amp user round trips', async () => {
      const saved = { ...user(7, 'a1'), jobTitle: 'Engineer', managerId: 3, primaryTeamExternalId: 'dept-1' };
      await store.saveLearnAmpUsers('acme', SYNC_ID, [saved]);
      expect((await store.learnAmpUsersByExternalId('acme', SYNC_ID, ['a1'])).get('a1')).toEqual(saved);
    });

    test('learnAmpUsersByExternalId leaves out unknown ids', async () => {
      await store.saveLearnAmpUsers('acme', SYNC_ID, [user(7, 'a1'), user(8, null)]);
      const users = await store.learnAmpUsersByExternalId('acme', SYNC_ID, ['a1', 'nobody']);
      expect([...users.keys()]).toEqual(['a1']);
    });

    test('finds unlinked user by email in any case', async () => {
      await store.saveLearnAmpUsers('acme', SYNC_ID, [user(7, null, 'Ana.Silva@Example.com')]);
      const users = await store.unlinkedLearnAmpUsersByEmail('acme', SYNC_ID, ['ANA.SILVA@example.COM']);
      expect(users.get('ana.silva@example.com')?.id).toBe(7);
    });

    test('unlinkedLearnAmpUsersByEmail ignores linked users', async () => {
      await store.saveLearnAmpUsers('acme', SYNC_ID, [user(7, 'a1', 'ana@example.com')]);
      expect((await store.unlinkedLearnAmpUsersByEmail('acme', SYNC_ID, ['ana@example.com'])).size).toBe(0);
    });

    test('saving user again replaces it', async () => {
      await store.saveLearnAmpUsers('acme', SYNC_ID, [user(7, null, 'ana@example.com')]);
      await store.saveLearnAmpUsers('acme', SYNC_ID, [user(7, 'a1', 'ana@example.com')]);
      expect((await store.learnAmpUsersByExternalId('acme', SYNC_ID, ['a1'])).get('a1')?.id).toBe(7);
      expect((await store.unlinkedLearnAmpUsersByEmail('acme', SYNC_ID, ['ana@example.com'])).size).toBe(0);
    });

    test('repeated user in one call keeps last', async () => {
      await store.saveLearnAmpUsers('acme', SYNC_ID, [user(7, null), { ...user(7, 'a1'), jobTitle: 'Engineer' }]);
      expect((await store.learnAmpUsersByExternalId('acme', SYNC_ID, ['a1'])).get('a1')?.jobTitle).toBe('Engineer');
    });

    test('empty lists read and write nothing', async () => {
      await store.saveEmployeeIndex('acme', SYNC_ID, []);
      await store.saveEntries('acme', SYNC_ID, new Map());
      await store.saveLearnAmpUsers('acme', SYNC_ID, []);
      await store.recordEmployeeResults([]);
      expect(await store.getSnapshotRows('acme', SYNC_ID, [])).toEqual([]);
      expect((await store.currentEmployeesByEmail('acme', SYNC_ID, [])).size).toBe(0);
      expect((await store.learnAmpUsersByExternalId('acme', SYNC_ID, [])).size).toBe(0);
      expect((await store.unlinkedLearnAmpUsersByEmail('acme', SYNC_ID, [])).size).toBe(0);
      expect((await store.getEmployeeResults('acme', [])).size).toBe(0);
    });
  });

  describe(`${name} findEmployeeIdsByEmail`, () => {
    beforeEach(() => {
      jest.useFakeTimers({ now: new Date('2025-03-10T00:00:00Z'), doNotFake: [...REAL_TIMER_APIS] });
    });

    afterEach(() => {
      jest.useRealTimers();
    });

    /** Starts a run one minute after the previous one, with the given index and Learn Amp users. */
    async function startRun(syncId: string, rows: IndexedEmployee[], users: LearnAmpUser[] = []): Promise<void> {
      jest.setSystemTime(Date.now() + 60_000);
      await store.startRun('acme', syncId);
      await store.saveEmployeeIndex('acme', syncId, rows);
      await store.saveLearnAmpUsers('acme', syncId, users);
    }

    test('finds indexed employee in any case', async () => {
      await startRun('r1', [indexed('a1', { email: 'Ana@Example.com' }), indexed('a2')]);
      expect(await store.findEmployeeIdsByEmail('acme', ' ANA@example.COM ')).toEqual(['a1']);
    });

    test('includes leavers', async () => {
      await startRun('r1', [indexed('a1', { email: 'x@example.com', lifecycleStatus: 'terminated' })]);
      expect(await store.findEmployeeIdsByEmail('acme', 'x@example.com')).toEqual(['a1']);
    });

    test('finds linked Learn Amp user', async () => {
      await startRun('r1', [], [user(7, 'a1', 'x@example.com')]);
      expect(await store.findEmployeeIdsByEmail('acme', 'x@example.com')).toEqual(['a1']);
    });

    test('ignores unlinked Learn Amp user', async () => {
      await startRun('r1', [], [user(7, null, 'x@example.com')]);
      expect(await store.findEmployeeIdsByEmail('acme', 'x@example.com')).toEqual([]);
    });

    test('lists newest run first', async () => {
      await startRun('r1', [indexed('a1', { email: 'x@example.com' })]);
      await startRun('r2', [indexed('a2', { email: 'x@example.com' })]);
      expect(await store.findEmployeeIdsByEmail('acme', 'x@example.com')).toEqual(['a2', 'a1']);
    });

    test('lists each employee once', async () => {
      await startRun('r1', [indexed('a1', { email: 'x@example.com' })]);
      await startRun('r2', [indexed('a1', { email: 'x@example.com' })], [user(7, 'a1', 'x@example.com')]);
      expect(await store.findEmployeeIdsByEmail('acme', 'x@example.com')).toEqual(['a1']);
    });

    test('ignores other tenant', async () => {
      await startRun('r1', [indexed('a1', { email: 'x@example.com' })]);
      expect(await store.findEmployeeIdsByEmail('globex', 'x@example.com')).toEqual([]);
    });

    test('finds nothing once tenant is forgotten', async () => {
      await startRun('r1', [indexed('a1', { email: 'x@example.com' })], [user(7, 'a1', 'x@example.com')]);
      await store.forgetTenant('acme');
      expect(await store.findEmployeeIdsByEmail('acme', 'x@example.com')).toEqual([]);
    });
  });

  describe(`${name} migrations`, () => {
    const allVersions = () => Array.from({ length: backend.migrationCount }, (_, index) => index + 1);

    test('opening applies every migration', async () => {
      expect(await database.migrationVersions()).toEqual(allVersions());
    });

    test('reopening applies no migration twice', async () => {
      await reopen();
      await reopen();
      expect(await database.migrationVersions()).toEqual(allVersions());
    });

    test('reopening keeps stored data', async () => {
      await store.saveTenant('acme', CONNECTION, SECRETS);
      await store.recordEmployeeResults([result('acme', 'a1', 'created')]);
      await reopen();
      expect((await store.getTenant('acme'))?.secrets).toEqual(SECRETS);
      expect((await employeeResult('acme', 'a1'))?.outcome).toBe('created');
    });
  });
}
