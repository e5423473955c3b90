import axios, { type CreateAxiosDefaults } from 'axios';
import { checkEndState } from '../../client/endStateCheck';
import { AccountSummary, diffAccounts, summarizeAccount } from '../../client/endStateDiff';
import type { TenantStatus } from '../../common/status';
import type { FaultOptions, HiBobRequestRecord, LearnAmpRequestRecord } from '../../sandbox';
import { afterRequests, isBatchRead } from '../helpers/faults';
import { Harness, startHarness, waitForStatus } from '../helpers/harness';
import { connectIsolatedTenant, createIsolatedTenant, IsolatedTenant } from '../helpers/isolatedTenant';
import { today } from '../helpers/learnamp';

/**
 * Each scenario syncs the same seeded company into a fresh Learn Amp account while one of the APIs
 * misbehaves, and compares the result with an undisturbed sync of that company. Every tenant has its own
 * sandboxes, so all scenarios run at once and their retry waits overlap. Learn Amp starts with users
 * from an earlier integration on two pages, the leavers on the second, so a lost page would leave
 * leavers active.
 */

const SIZE = 200;
const SEED = 21;
const BATCH_SIZE = 50;
const SYNC_TIMEOUT_MS = 240_000;
/**
 * Client timeout for the slow-response scenarios, in place of the clients' own 60 s (HiBob) and 30 s
 * (Learn Amp), so a response held past it costs seconds instead of minutes.
 */
const SHORT_TIMEOUT_MS = 2_000;
const SLOW_RESPONSE_MS = 4_000;

interface Scenario {
  tenantId: string;
  /** Injects faults before the connect, or arms a trigger that injects them mid-sync. */
  arm?: (tenant: IsolatedTenant) => void;
  /** Number of requests the faults must have hit. */
  faultsApplied?: number;
  /** Gives this tenant's API clients the short timeout. */
  shortTimeouts?: boolean;
}

interface ScenarioRun {
  tenant: IsolatedTenant;
  status: TenantStatus;
  seconds: number;
}

/** Origins of sandboxes whose clients get the short timeout. */
const shortTimeoutOrigins = new Set<string>();
const createAxios = axios.create.bind(axios);
jest.spyOn(axios, 'create').mockImplementation((config?: CreateAxiosDefaults) => {
  const origin = config?.baseURL ? new URL(config.baseURL).origin : null;
  return createAxios(origin && shortTimeoutOrigins.has(origin) ? { ...config, timeout: SHORT_TIMEOUT_MS } : config);
});

const ofAccount = (tenant: IsolatedTenant) => (record: LearnAmpRequestRecord) => record.accountId === tenant.account.accountId;
const createdUser = (tenant: IsolatedTenant) => (record: LearnAmpRequestRecord) =>
  ofAccount(tenant)(record) && record.kind === 'create' && record.status === 201;
const successfulBatchRead = (record: HiBobRequestRecord) => isBatchRead(record) && record.status === 200;

/** Adds Learn Amp faults after the 20th user created for the tenant. */
function learnampFaultsMidSync(tenant: IsolatedTenant, faults: FaultOptions[]): void {
  afterRequests(tenant.sandboxes.learnamp, createdUser(tenant), 20, () => faults.forEach((fault) => tenant.sandboxes.learnamp.faults.add(fault)));
}

/** Adds HiBob faults after the tenant's first batch read. */
function hibobFaultsMidSync(tenant: IsolatedTenant, faults: FaultOptions[]): void {
  afterRequests(tenant.sandboxes.hibob, successfulBatchRead, 1, () => faults.forEach((fault) => tenant.sandboxes.hibob.faults.add(fault)));
}

const SCENARIOS: Scenario[] = [
  { tenantId: 'calm' },
  {
    tenantId: 'la5xx',
    arm: (tenant) => {
      tenant.sandboxes.learnamp.faults.add({ status: 503, method: 'POST', path: '/oauth/token' });
      // Teams are written before the first user, so this one fails the run's preparation.
      tenant.sandboxes.learnamp.faults.add({ status: 502, method: 'POST', path: '/v1/teams' });
      learnampFaultsMidSync(tenant, [
        { status: 503, count: 6, method: 'POST', path: '/v1/users' },
        { status: 500, count: 4, method: 'PUT', pathPrefix: '/v1/users/' },
      ]);
    },
    faultsApplied: 12,
  },
  {
    tenantId: 'la429',
    arm: (tenant) => learnampFaultsMidSync(tenant, [{ status: 429, retryAfterSeconds: 1, count: 30, pathPrefix: '/v1/users' }]),
    faultsApplied: 30,
  },
  {
    tenantId: 'ladrop',
    arm: (tenant) =>
      learnampFaultsMidSync(tenant, [
        // The user is created but the response never arrives: the retry must find it, not create another.
        { effect: 'drop', phase: 'response', method: 'POST', path: '/v1/users', count: 8 },
        { effect: 'drop', phase: 'response', method: 'PUT', pathPrefix: '/v1/users/', count: 4 },
        { effect: 'drop', phase: 'request', pathPrefix: '/v1/users', count: 4 },
      ]),
    faultsApplied: 16,
  },
  {
    tenantId: 'lajson',
    arm: (tenant) => {
      // The second page of the user listing, where the leavers are, comes back cut in half.
      const listing = (record: LearnAmpRequestRecord) => ofAccount(tenant)(record) && record.method === 'GET' && record.path === '/v1/users';
      afterRequests(tenant.sandboxes.learnamp, listing, 1, () =>
        tenant.sandboxes.learnamp.faults.add({ effect: 'malformed_json', phase: 'response', method: 'GET', path: '/v1/users' }),
      );
      learnampFaultsMidSync(tenant, [
        { effect: 'malformed_json', phase: 'response', method: 'POST', path: '/v1/users', count: 3 },
        { effect: 'malformed_json', phase: 'request', method: 'PUT', pathPrefix: '/v1/users/', count: 3 },
      ]);
    },
    faultsApplied: 7,
  },
  {
    tenantId: 'laslow',
    shortTimeouts: true,
    arm: (tenant) => {
      tenant.sandboxes.learnamp.faults.add({ delayMs: SLOW_RESPONSE_MS, method: 'GET', path: '/v1/users' });
      learnampFaultsMidSync(tenant, [
        // Held before the handler: the user is created after the client gave up and retried.
        { delayMs: SLOW_RESPONSE_MS, count: 3, method: 'POST', path: '/v1/users' },
        // Held after the handler: the update is made, its response arrives too late.
        { delayMs: SLOW_RESPONSE_MS, phase: 'response', count: 2, method: 'PUT', pathPrefix: '/v1/users/' },
      ]);
    },
    faultsApplied: 6,
  },
  {
    tenantId: 'hb5xx',
    arm: (tenant) =>
      hibobFaultsMidSync(tenant, [
        { status: 502, path: '/v1/people/search' },
        { status: 500, path: '/v1/people/search' },
      ]),
    faultsApplied: 2,
  },
  {
    tenantId: 'hb429',
    arm: (tenant) => {
      tenant.sandboxes.hibob.setRateLimit({ perMinute: 50, windowMs: 3000 });
      hibobFaultsMidSync(tenant, [{ status: 429, count: 3, path: '/v1/people/search' }]);
    },
    faultsApplied: 3,
  },
  {
    tenantId: 'hbdrop',
    arm: (tenant) => {
      tenant.sandboxes.hibob.faults.add({ effect: 'drop', path: '/v1/company/named-lists' });
      hibobFaultsMidSync(tenant, [{ effect: 'drop', path: '/v1/people/search' }]);
    },
    faultsApplied: 2,
  },
  {
    tenantId: 'hbjson',
    arm: (tenant) => {
      tenant.sandboxes.hibob.faults.add({ effect: 'malformed_json', phase: 'response', path: '/v1/company/named-lists' });
      hibobFaultsMidSync(tenant, [{ effect: 'malformed_json', phase: 'response', path: '/v1/people/search' }]);
    },
    faultsApplied: 2,
  },
  {
    tenantId: 'hbslow',
    shortTimeouts: true,
    arm: (tenant) => hibobFaultsMidSync(tenant, [{ delayMs: SLOW_RESPONSE_MS, path: '/v1/people/search' }]),
    faultsApplied: 1,
  },
];

let harness: Harness;
const runs = new Map<string, Promise<ScenarioRun>>();

beforeAll(async () => {
  harness = await startHarness();
  for (const scenario of SCENARIOS) runs.set(scenario.tenantId, runScenario(scenario));
  await Promise.allSettled(runs.values());
}, SYNC_TIMEOUT_MS + 60_000);

afterAll(async () => {
  const settled = await Promise.allSettled(runs.values());
  for (const run of settled) if (run.status === 'fulfilled') await run.value.tenant.sandboxes.close();
  await harness?.close();
});

/** Creates the tenant, seeds the earlier integration's users, arms the faults, connects and waits for the first sync. */
async function runScenario(scenario: Scenario): Promise<ScenarioRun> {
  const tenant = await createIsolatedTenant({ tenantId: scenario.tenantId, size: SIZE, seed: SEED });
  seedEarlierIntegration(tenant);
  if (scenario.shortTimeouts) {
    shortTimeoutOrigins.add(new URL(tenant.sandboxes.hibobUrl).origin);
    shortTimeoutOrigins.add(new URL(tenant.sandboxes.learnampUrl).origin);
  }
  scenario.arm?.(tenant);
  const started = Date.now();
  await connectIsolatedTenant(harness, tenant, { batchSize: BATCH_SIZE });
  const status = await waitForStatus(
    harness,
    tenant.tenantId,
    (s) => s.lastRun?.syncId.includes('/sync-1-') === true && !['validating', 'syncing'].includes(s.state),
    SYNC_TIMEOUT_MS,
  );
  return { tenant, status, seconds: (Date.now() - started) / 1000 };
}

/** Active users an earlier integration left: 100 current employees, then every leaver (ids sort them onto page 2). */
function seedEarlierIntegration(tenant: IsolatedTenant): void {
  const emailCounts = new Map<string, number>();
  for (const { email } of tenant.company.employees) {
    if (email) emailCounts.set(email.toLowerCase(), (emailCounts.get(email.toLowerCase()) ?? 0) + 1);
  }
  // Only employees with a usable record: an earlier integration could not have created the others.
  const usable = tenant.company.employees.filter((employee) => employee.email && emailCounts.get(employee.email.toLowerCase()) === 1);
  const current = usable.filter((employee) => employee.lifecycleStatus === 'employed').slice(0, 100);
  const leavers = usable.filter((employee) => employee.lifecycleStatus === 'terminated');
  for (const employee of [...current, ...leavers]) {
    tenant.account.seedUser({ email: employee.email!, firstName: employee.firstName, lastName: employee.surname, integrationExternalId: employee.id });
  }
}

const summarize = (tenant: IsolatedTenant): AccountSummary => summarizeAccount(tenant.account.users, tenant.account.teams);

describe.each(SCENARIOS.filter((scenario) => scenario.tenantId !== 'calm'))('$tenantId', (scenario) => {
  let run: ScenarioRun;
  let undisturbed: ScenarioRun;

  beforeAll(async () => {
    undisturbed = await runs.get('calm')!;
    run = await runs.get(scenario.tenantId)!;
    process.stdout.write(`${scenario.tenantId}: synced in ${run.seconds.toFixed(1)} s (undisturbed ${undisturbed.seconds.toFixed(1)} s)\n`);
  });

  test('sync completes', () => {
    expect(run.status.lastRun?.outcome).toBe('completed');
  });

  test('faults were hit', () => {
    expect(run.tenant.sandboxes.hibob.faults.applied.length + run.tenant.sandboxes.learnamp.faults.applied.length).toBe(scenario.faultsApplied);
  });

  test('end state matches HiBob', () => {
    const check = checkEndState(run.tenant.company.employees, run.tenant.account.users, today());
    expect(check.failures).toEqual([]);
  });

  test('end state matches the undisturbed sync', () => {
    expect(diffAccounts(summarize(undisturbed.tenant), summarize(run.tenant))).toEqual([]);
  });
});

test('undisturbed sync leaves the expected end state', async () => {
  const undisturbed = await runs.get('calm')!;
  const check = checkEndState(undisturbed.tenant.company.employees, undisturbed.tenant.account.users, today());
  expect(check.failures).toEqual([]);
  expect(check.leaversDeactivated).toBeGreaterThan(0);
  expect(summarize(undisturbed.tenant).duplicates).toEqual([]);
});
