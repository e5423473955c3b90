import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnapshotEntry } from '../../activities/hibob/employee';
import type { LearnAmpUser } from '../../activities/learnamp/user';
import type { IndexedEmployee } from '../../activities/sync/employeeIndex';
import { setupProblem } from '../../common/setupProblems';
import { emptyRunCounts, type EmployeeOutcome } from '../../common/sync';
import { tenantSettingsWithDefaults } from '../../common/tenant';
import { SecretBox } from '../../store/secretBox';
import { SyncStore } from '../../store/syncStore';
import type { EmployeeResult, TenantConnection, TenantSecrets } from '../../store/types';

const HIBOB_TOKEN = 'hibob-token-8d41c2f07ae9';
const LEARNAMP_SECRET = 'learnamp-secret-3b7e91d5c0';
const SERVICE_USER_ID = 'SERVICE-USER-6612';

const CONNECTION: TenantConnection = {
  hibobBaseUrl: 'http://127.0.0.1:1/v1',
  serviceUserId: SERVICE_USER_ID,
  learnampBaseUrl: 'http://127.0.0.1:2',
  learnampClientId: 'client-1',
  learnampScopes: 'users:read users:create',
  settings: tenantSettingsWithDefaults(),
};

const SECRETS: TenantSecrets = { hibobToken: HIBOB_TOKEN, learnampClientSecret: LEARNAMP_SECRET };

function indexed(employeeId: string, overrides: Partial<IndexedEmployee> = {}): IndexedEmployee {
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

function user(id: number, externalId: string | null, email = `user${id}@example.com`): LearnAmpUser {
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

function result(
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
    problemCode: null,
    message: null,
    lifecycleStatus: 'employed',
    recordedAt: '2025-03-10T00:00:00.000Z',
    ...overrides,
  };
}

let dir: string;
let dbFile: string;
let key: Buffer;
let store: SyncStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hibob-sync-store-'));
  dbFile = join(dir, 'sync.sqlite');
  key = randomBytes(32);
  store = SyncStore.open(dbFile, new SecretBox([key]));
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Closes the store so SQLite checkpoints the WAL, then returns every file SQLite left in the directory. */
function closeAndReadAllFiles(): Buffer {
  store.close();
  const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)));
  store = SyncStore.open(dbFile, new SecretBox([key]));
  return Buffer.concat(files);
}

describe('SyncStore tenant secrets', () => {
  test('getTenant returns saved connection and secrets', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    const tenant = store.getTenant('acme');
    expect(tenant?.connection).toEqual(CONNECTION);
    expect(tenant?.secrets).toEqual(SECRETS);
  });

  test('unknown tenant gives null', () => {
    expect(store.getTenant('nobody')).toBeNull();
  });

  test('requireTenant names unknown tenant', () => {
    expect(() => store.requireTenant('nobody')).toThrow('Tenant "nobody" is not connected');
  });

  test('db files do not contain secrets', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.replaceHiBobToken('acme', `${HIBOB_TOKEN}-new`);
    const bytes = closeAndReadAllFiles();
    expect(bytes.includes(SERVICE_USER_ID)).toBe(true);
    expect(bytes.includes(HIBOB_TOKEN)).toBe(false);
    expect(bytes.includes(LEARNAMP_SECRET)).toBe(false);
  });

  test('other key cannot open saved secrets', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.close();
    store = SyncStore.open(dbFile, new SecretBox([randomBytes(32)]));
    expect(() => store.getTenant('acme')).toThrow('is not configured in HIBOB_SYNC_SECRET_KEYS');
  });
});

describe('SyncStore credentials version', () => {
  test('first save gives version 1', () => {
    expect(store.saveTenant('acme', CONNECTION, SECRETS).credentialsVersion).toBe(1);
  });

  test('new tenant is not verified', () => {
    expect(store.saveTenant('acme', CONNECTION, SECRETS).verifiedCredentialsVersion).toBeNull();
  });

  test('each save increments version', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.saveTenant('acme', CONNECTION, SECRETS);
    expect(store.saveTenant('acme', CONNECTION, SECRETS).credentialsVersion).toBe(3);
  });

  test('replaceHiBobToken increments version', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    expect(store.replaceHiBobToken('acme', 'new-token').credentialsVersion).toBe(2);
  });

  test('replaceHiBobToken changes only HiBob token', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.replaceHiBobToken('acme', 'new-token');
    const secrets = store.getTenant('acme')?.secrets;
    expect(secrets?.hibobToken).toBe('new-token');
    expect(secrets?.learnampClientSecret).toBe(LEARNAMP_SECRET);
    expect(store.getTenant('acme')?.connection).toEqual(CONNECTION);
  });

  test('replaceHiBobToken rejects unknown tenant', () => {
    expect(() => store.replaceHiBobToken('nobody', 'new-token')).toThrow('is not connected');
  });

  test('versions are per tenant', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.saveTenant('acme', CONNECTION, SECRETS);
    expect(store.saveTenant('globex', CONNECTION, SECRETS).credentialsVersion).toBe(1);
  });

  test('markCredentialsVerified records current version', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.markCredentialsVerified('acme', 1);
    expect(store.getTenant('acme')?.verifiedCredentialsVersion).toBe(1);
  });

  test('markCredentialsVerified ignores old version', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.replaceHiBobToken('acme', 'new-token');
    store.markCredentialsVerified('acme', 1);
    expect(store.getTenant('acme')?.verifiedCredentialsVersion).toBeNull();
  });

  test('token refresh leaves earlier verification behind', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.markCredentialsVerified('acme', 1);
    const tenant = store.replaceHiBobToken('acme', 'new-token');
    expect(tenant.credentialsVersion).toBe(2);
    expect(tenant.verifiedCredentialsVersion).toBe(1);
  });
});

describe('SyncStore tenant isolation', () => {
  const SYNC_ID = 'sync-1';

  beforeEach(() => {
    store.startRun('acme', SYNC_ID);
    store.saveNamedLists('acme', SYNC_ID, { departments: { '1': 'Engineering' }, sites: {}, titles: {} });
    store.runData.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1'), indexed('a2', { batch: 1 })]);
    store.runData.replaceLearnAmpUsers('acme', SYNC_ID, [user(1, 'a1', 'a1@example.com')]);
    store.recordEmployeeResult(result('acme', 'a1', 'created', { syncId: SYNC_ID, learnampUserId: 1 }));
  });

  test('other tenant cannot read employees', () => {
    expect(store.runData.getEmployee('globex', SYNC_ID, 'a1')).toBeNull();
    expect(store.runData.listBatch('globex', SYNC_ID, 0)).toEqual([]);
    expect([...store.runData.iterateEmployees('globex', SYNC_ID)]).toEqual([]);
  });

  test('other tenant sees no batches', () => {
    expect(store.runData.batchCount('globex', SYNC_ID)).toBe(0);
  });

  test('other tenant cannot read Learn Amp users', () => {
    expect(store.runData.learnAmpUserByExternalId('globex', SYNC_ID, 'a1')).toBeNull();
    expect(store.runData.learnAmpUserById('globex', SYNC_ID, 1)).toBeNull();
    expect(store.runData.learnAmpUserByEmail('globex', SYNC_ID, 'a1@example.com')).toBeNull();
    expect([...store.runData.iterateLearnAmpUsers('globex', SYNC_ID)]).toEqual([]);
  });

  test('other tenant does not share emails', () => {
    expect(store.runData.emailSharedWithCurrentEmployee('globex', SYNC_ID, 'a1@example.com', 'g1')).toBe(false);
  });

  test('other tenant cannot read results', () => {
    expect(store.getEmployeeResult('globex', 'a1')).toBeNull();
    expect(store.listEmployeeResults('globex', SYNC_ID)).toEqual([]);
    expect(store.listActiveEmployeeIds('globex')).toEqual([]);
  });

  test('other tenant cannot read runs or named lists', () => {
    expect(store.listRuns('globex')).toEqual([]);
    expect(store.getNamedLists('globex', SYNC_ID)).toEqual({ departments: {}, sites: {}, titles: {} });
  });

  test('other tenant saving index keeps first tenant rows', () => {
    store.runData.saveEmployeeIndex('globex', SYNC_ID, [indexed('g1')]);
    expect(store.runData.getEmployee('acme', SYNC_ID, 'a1')).not.toBeNull();
    expect(store.runData.batchCount('acme', SYNC_ID)).toBe(2);
  });

  test('other tenant replacing users keeps first tenant users', () => {
    store.runData.replaceLearnAmpUsers('globex', SYNC_ID, [user(2, 'g1')]);
    expect(store.runData.learnAmpUserByExternalId('acme', SYNC_ID, 'a1')?.id).toBe(1);
  });

  test('same employee id keeps separate results', () => {
    store.recordEmployeeResult(result('globex', 'a1', 'skipped', { syncId: SYNC_ID }));
    expect(store.getEmployeeResult('acme', 'a1')?.outcome).toBe('created');
    expect(store.getEmployeeResult('globex', 'a1')?.outcome).toBe('skipped');
  });

  test('forgetting other tenant keeps first tenant', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.saveTenant('globex', CONNECTION, SECRETS);
    store.forgetTenant('globex');
    expect(store.getTenant('acme')).not.toBeNull();
    expect(store.runData.getEmployee('acme', SYNC_ID, 'a1')).not.toBeNull();
  });
});

describe('SyncStore run pruning', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2025-03-10T00:00:00Z') });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  /** Starts one run per minute, each with one employee and one Learn Amp user in its snapshot. */
  function startRuns(tenantId: string, syncIds: readonly string[]): void {
    for (const syncId of syncIds) {
      jest.advanceTimersByTime(60_000);
      store.startRun(tenantId, syncId);
      store.runData.saveEmployeeIndex(tenantId, syncId, [indexed('e1')]);
      store.runData.replaceLearnAmpUsers(tenantId, syncId, [user(1, 'e1')]);
    }
  }

  function hasSnapshot(tenantId: string, syncId: string): boolean {
    return store.runData.batchCount(tenantId, syncId) > 0;
  }

  test('five runs keep every snapshot', () => {
    startRuns('acme', ['r1', 'r2', 'r3', 'r4', 'r5']);
    for (const syncId of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      expect(hasSnapshot('acme', syncId)).toBe(true);
    }
  });

  test('sixth run deletes oldest snapshot', () => {
    startRuns('acme', ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(hasSnapshot('acme', 'r1')).toBe(false);
    expect(store.runData.learnAmpUserByExternalId('acme', 'r1', 'e1')).toBeNull();
  });

  test('sixth run keeps last five snapshots', () => {
    startRuns('acme', ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    for (const syncId of ['r2', 'r3', 'r4', 'r5', 'r6']) {
      expect(hasSnapshot('acme', syncId)).toBe(true);
    }
  });

  test('runs of other tenant do not count', () => {
    startRuns('acme', ['a1', 'a2', 'a3', 'a4', 'a5']);
    startRuns('globex', ['g1', 'g2', 'g3']);
    expect(hasSnapshot('acme', 'a1')).toBe(true);
  });

  test('restarting same run adds no run', () => {
    startRuns('acme', ['r1', 'r2', 'r3', 'r4', 'r5']);
    store.startRun('acme', 'r5');
    expect(hasSnapshot('acme', 'r1')).toBe(true);
    expect(store.listRuns('acme')).toHaveLength(5);
  });

  test('listRuns returns newest first', () => {
    startRuns('acme', ['r1', 'r2', 'r3']);
    expect(store.listRuns('acme').map((run) => run.syncId)).toEqual(['r3', 'r2', 'r1']);
  });
});

describe('SyncStore runs', () => {
  test('finishRun records outcome, counts and problems', () => {
    store.startRun('acme', 'sync-1');
    const counts = { ...emptyRunCounts(), seen: 3, created: 2, skipped: 1 };
    const problems = [setupProblem('leavers_not_visible', 'No terminated employee is visible.')];
    store.finishRun('acme', 'sync-1', 'completed', counts, problems);
    const [run] = store.listRuns('acme');
    expect(run?.outcome).toBe('completed');
    expect(run?.counts).toEqual(counts);
    expect(run?.problems).toEqual(problems);
    expect(run?.finishedAt).not.toBeNull();
  });

  test('unfinished run has no counts', () => {
    store.startRun('acme', 'sync-1');
    const [run] = store.listRuns('acme');
    expect(run?.finishedAt).toBeNull();
    expect(run?.counts).toBeNull();
    expect(run?.problems).toEqual([]);
  });

  test('named lists round trip', () => {
    const lists = { departments: { '1': 'Engineering' }, sites: { '2': 'Lisbon' }, titles: { '3': 'Engineer' } };
    store.startRun('acme', 'sync-1');
    store.saveNamedLists('acme', 'sync-1', lists);
    expect(store.getNamedLists('acme', 'sync-1')).toEqual(lists);
  });

  test('named lists default to empty', () => {
    store.startRun('acme', 'sync-1');
    expect(store.getNamedLists('acme', 'sync-1')).toEqual({ departments: {}, sites: {}, titles: {} });
  });
});

describe('SyncStore forgetTenant', () => {
  beforeEach(() => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.startRun('acme', 'sync-1');
    store.runData.saveEmployeeIndex('acme', 'sync-1', [indexed('a1')]);
    store.runData.replaceLearnAmpUsers('acme', 'sync-1', [user(1, 'a1')]);
    store.recordEmployeeResult(result('acme', 'a1', 'created', { learnampUserId: 1 }));
    store.forgetTenant('acme');
  });

  test('removes tenant and secrets', () => {
    expect(store.getTenant('acme')).toBeNull();
  });

  test('removes sealed secrets from db', () => {
    const raw = new Database(dbFile, { readonly: true });
    const row = raw.prepare('SELECT COUNT(*) AS n FROM tenants').get() as { n: number };
    raw.close();
    expect(row.n).toBe(0);
  });

  test('removes run snapshots', () => {
    expect(store.runData.getEmployee('acme', 'sync-1', 'a1')).toBeNull();
    expect(store.runData.learnAmpUserById('acme', 'sync-1', 1)).toBeNull();
  });

  test('keeps employee results', () => {
    expect(store.getEmployeeResult('acme', 'a1')?.outcome).toBe('created');
  });

  test('tenant can connect again from version 1', () => {
    expect(store.saveTenant('acme', CONNECTION, SECRETS).credentialsVersion).toBe(1);
  });
});

describe('SyncStore employee results', () => {
  test('records latest result per employee', () => {
    store.recordEmployeeResult(result('acme', 'a1', 'created', { syncId: 'sync-1' }));
    store.recordEmployeeResult(result('acme', 'a1', 'unchanged', { syncId: 'sync-2' }));
    const latest = store.getEmployeeResult('acme', 'a1');
    expect(latest?.outcome).toBe('unchanged');
    expect(latest?.syncId).toBe('sync-2');
  });

  test('keeps known Learn Amp user id', () => {
    store.recordEmployeeResult(result('acme', 'a1', 'created', { learnampUserId: 42 }));
    store.recordEmployeeResult(result('acme', 'a1', 'failed', { learnampUserId: null }));
    expect(store.getEmployeeResult('acme', 'a1')?.learnampUserId).toBe(42);
  });

  test('lists results of one run by outcome', () => {
    store.recordEmployeeResult(result('acme', 'a2', 'skipped'));
    store.recordEmployeeResult(result('acme', 'a1', 'created'));
    store.recordEmployeeResult(result('acme', 'a3', 'created', { syncId: 'sync-2' }));
    expect(store.listEmployeeResults('acme', 'sync-1').map((r) => r.employeeId)).toEqual(['a1', 'a2']);
    expect(store.listEmployeeResults('acme', 'sync-1', ['skipped']).map((r) => r.employeeId)).toEqual(['a2']);
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
  ])('listActiveEmployeeIds includes %s: %p', (outcome, included) => {
    store.recordEmployeeResult(result('acme', 'a1', outcome));
    expect(store.listActiveEmployeeIds('acme').includes('a1')).toBe(included);
  });

  test('listActiveEmployeeIds excludes leavers', () => {
    store.recordEmployeeResult(result('acme', 'a1', 'unchanged', { lifecycleStatus: 'terminated' }));
    store.recordEmployeeResult(result('acme', 'a2', 'unchanged'));
    expect(store.listActiveEmployeeIds('acme')).toEqual(['a2']);
  });

  test('listActiveEmployeeIds includes unknown lifecycle', () => {
    store.recordEmployeeResult(result('acme', 'a1', 'not_visible', { lifecycleStatus: null }));
    expect(store.listActiveEmployeeIds('acme')).toEqual(['a1']);
  });
});

describe('RunDataStore', () => {
  const SYNC_ID = 'sync-1';

  beforeEach(() => {
    store.startRun('acme', SYNC_ID);
  });

  test('emailSharedWithCurrentEmployee finds other current employee', () => {
    const rows = [indexed('a1', { email: 'x@example.com' }), indexed('a2', { email: 'x@example.com' })];
    store.runData.saveEmployeeIndex('acme', SYNC_ID, rows);
    expect(store.runData.emailSharedWithCurrentEmployee('acme', SYNC_ID, 'x@example.com', 'a1')).toBe(true);
  });

  test('emailSharedWithCurrentEmployee ignores employee itself', () => {
    store.runData.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1', { email: 'x@example.com' })]);
    expect(store.runData.emailSharedWithCurrentEmployee('acme', SYNC_ID, 'x@example.com', 'a1')).toBe(false);
  });

  test('emailSharedWithCurrentEmployee ignores terminated employees', () => {
    const rows = [
      indexed('a1', { email: 'x@example.com' }),
      indexed('a2', { email: 'x@example.com', lifecycleStatus: 'terminated' }),
    ];
    store.runData.saveEmployeeIndex('acme', SYNC_ID, rows);
    expect(store.runData.emailSharedWithCurrentEmployee('acme', SYNC_ID, 'x@example.com', 'a1')).toBe(false);
  });

  test('emailSharedWithCurrentEmployee counts unknown lifecycle', () => {
    const rows = [
      indexed('a1', { email: 'x@example.com' }),
      indexed('a2', { email: 'x@example.com', lifecycleStatus: null }),
    ];
    store.runData.saveEmployeeIndex('acme', SYNC_ID, rows);
    expect(store.runData.emailSharedWithCurrentEmployee('acme', SYNC_ID, 'x@example.com', 'a1')).toBe(true);
  });

  test('emailSharedWithCurrentEmployee ignores email case', () => {
    const rows = [indexed('a1', { email: 'X@Example.com' }), indexed('a2', { email: 'x@EXAMPLE.com' })];
    store.runData.saveEmployeeIndex('acme', SYNC_ID, rows);
    expect(store.runData.emailSharedWithCurrentEmployee('acme', SYNC_ID, 'x@example.COM', 'a1')).toBe(true);
  });

  test('batchCount is last batch plus one', () => {
    store.runData.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1'), indexed('a2', { batch: 2 })]);
    expect(store.runData.batchCount('acme', SYNC_ID)).toBe(3);
  });

  test('saving index replaces earlier index', () => {
    store.runData.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1'), indexed('a2')]);
    store.runData.saveEmployeeIndex('acme', SYNC_ID, [indexed('a3')]);
    expect(store.runData.isVisible('acme', SYNC_ID, 'a1')).toBe(false);
    expect(store.runData.isVisible('acme', SYNC_ID, 'a3')).toBe(true);
  });

  test('listBatch orders by wave, then id', () => {
    const rows = [
      indexed('b', { wave: 1 }),
      indexed('c', { wave: 0 }),
      indexed('a', { wave: 1 }),
      indexed('d', { batch: 1 }),
    ];
    store.runData.saveEmployeeIndex('acme', SYNC_ID, rows);
    expect(store.runData.listBatch('acme', SYNC_ID, 0).map((row) => row.employeeId)).toEqual(['c', 'a', 'b']);
  });

  test('entries round trip', () => {
    const entry: SnapshotEntry = {
      employee: {
        id: 'a1',
        email: 'a1@example.com',
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
      problems: [],
    };
    store.runData.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1')]);
    store.runData.saveEntries('acme', SYNC_ID, new Map([['a1', entry]]));
    expect(store.runData.getEmployee('acme', SYNC_ID, 'a1')?.entry).toEqual(entry);
  });

  test('entry is null before batch is read', () => {
    store.runData.saveEmployeeIndex('acme', SYNC_ID, [indexed('a1')]);
    expect(store.runData.getEmployee('acme', SYNC_ID, 'a1')?.entry).toBeNull();
  });

  test('finds Learn Amp user by email in any case', () => {
    store.runData.replaceLearnAmpUsers('acme', SYNC_ID, [user(7, null, 'Ana.Silva@Example.com')]);
    expect(store.runData.learnAmpUserByEmail('acme', SYNC_ID, 'ANA.SILVA@example.COM')?.id).toBe(7);
  });

  test('upsertLearnAmpUser replaces user with same id', () => {
    store.runData.replaceLearnAmpUsers('acme', SYNC_ID, [user(7, null)]);
    store.runData.upsertLearnAmpUser('acme', SYNC_ID, user(7, 'a1'));
    expect(store.runData.learnAmpUserById('acme', SYNC_ID, 7)?.integrationExternalId).toBe('a1');
    expect([...store.runData.iterateLearnAmpUsers('acme', SYNC_ID)]).toHaveLength(1);
  });
});

describe('SyncStore migrations', () => {
  function migrationVersions(): number[] {
    const raw = new Database(dbFile, { readonly: true });
    const rows = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    raw.close();
    return rows.map((row) => row.version);
  }

  test('reopening applies no migration twice', () => {
    store.close();
    store = SyncStore.open(dbFile, new SecretBox([key]));
    store.close();
    store = SyncStore.open(dbFile, new SecretBox([key]));
    expect(migrationVersions()).toEqual([1]);
  });

  test('reopening keeps stored data', () => {
    store.saveTenant('acme', CONNECTION, SECRETS);
    store.recordEmployeeResult(result('acme', 'a1', 'created'));
    store.close();
    store = SyncStore.open(dbFile, new SecretBox([key]));
    expect(store.getTenant('acme')?.secrets).toEqual(SECRETS);
    expect(store.getEmployeeResult('acme', 'a1')?.outcome).toBe('created');
  });

  test('creates missing parent directory', () => {
    const nestedFile = join(dir, 'a', 'b', 'sync.sqlite');
    const nested = SyncStore.open(nestedFile, new SecretBox([key]));
    nested.close();
    expect(readdirSync(join(dir, 'a', 'b'))).toContain('sync.sqlite');
  });
});
