import { connectTenant } from '../../client/adminActions';
import { checkEndState } from '../../client/endStateCheck';
import type { HiBobRequestRecord, LearnAmpRequestRecord } from '../../sandbox';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, TestTenant, waitForStatus } from '../helpers/harness';
import { seedLinkedUsers, today } from '../helpers/learnamp';

let harness: Harness;
let alpha: TestTenant;
let beta: TestTenant;

beforeAll(async () => {
  harness = await startHarness();
  alpha = createTenantFixtures(harness, { tenantId: 'alpha', size: 200, seed: 31 });
  beta = createTenantFixtures(harness, { tenantId: 'beta', size: 150, seed: 32 });
  for (const tenant of [alpha, beta]) {
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    seedLinkedUsers(harness, tenant, company.employees.filter((e) => e.lifecycleStatus === 'terminated').slice(0, 10));
  }
  await Promise.all([connectTestTenant(harness, alpha, { batchSize: 25 }), connectTestTenant(harness, beta, { batchSize: 25 })]);
  await Promise.all(
    [alpha, beta].map((tenant) => waitForStatus(harness, tenant.tenantId, (s) => s.syncsStarted >= 1 && s.state === 'healthy')),
  );
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

const company = (tenant: TestTenant) => harness.sandboxes.hibob.company(tenant.companyId);
const account = (tenant: TestTenant) => harness.sandboxes.learnamp.account(tenant.accountId);
const employeeIds = (tenant: TestTenant) => new Set(company(tenant).employees.map((e) => e.id));
const employeeEmails = (tenant: TestTenant) => new Set(company(tenant).employees.flatMap((e) => (e.email ? [e.email.toLowerCase()] : [])));
const hibobRequests = (tenant: TestTenant) => harness.sandboxes.hibob.requests.filter((r) => r.companyId === tenant.companyId);
const learnampRequests = (tenant: TestTenant) => harness.sandboxes.learnamp.requests.filter((r) => r.accountId === tenant.accountId);

/** Employee ids a HiBob search filtered on. */
const filterValues = (record: HiBobRequestRecord) => (record.body as { filters?: { values?: string[] }[] } | undefined)?.filters?.[0]?.values ?? [];

/** The Learn Amp user id in a request path such as `/v1/users/1012/deactivate`. */
const userIdInPath = (record: LearnAmpRequestRecord) => /^\/v1\/users\/(\d+)/.exec(record.path)?.[1];

/** External ids and emails a Learn Amp request names in its query or body. */
function namedIdentities(record: LearnAmpRequestRecord): { externalIds: string[]; emails: string[] } {
  const query = new URLSearchParams(record.url.split('?')[1] ?? '');
  const body = (record.body ?? {}) as { integrationExternalId?: unknown; email?: unknown };
  const byExternalId = /by_integration_external_id\/([^/]+)/.exec(record.path)?.[1];
  const externalIds = [query.get('filters[integration_external_id]'), body.integrationExternalId, byExternalId && decodeURIComponent(byExternalId)];
  const emails = [query.get('filters[email]'), body.email];
  return {
    externalIds: externalIds.filter((value): value is string => typeof value === 'string'),
    emails: emails.filter((value): value is string => typeof value === 'string').map((email) => email.toLowerCase()),
  };
}

describe('two tenants syncing at once', () => {
  test('both syncs overlapped in time', () => {
    const span = (records: { at: number }[]) => [Math.min(...records.map((r) => r.at)), Math.max(...records.map((r) => r.at))] as const;
    const [alphaStart, alphaEnd] = span(hibobRequests(alpha));
    const [betaStart, betaEnd] = span(hibobRequests(beta));
    expect(alphaStart).toBeLessThan(betaEnd);
    expect(betaStart).toBeLessThan(alphaEnd);
  });

  test('every API request authenticated', () => {
    expect(harness.sandboxes.hibob.requests.filter((r) => r.companyId === null)).toEqual([]);
    expect(harness.sandboxes.learnamp.requests.filter((r) => r.accountId === null)).toEqual([]);
  });

  test.each([
    ['alpha', () => alpha, () => beta],
    ['beta', () => beta, () => alpha],
  ])('HiBob reads of %s name only its employees', (_name, own, other) => {
    const requests = hibobRequests(own());
    const otherIds = employeeIds(other());
    const ownIds = employeeIds(own());
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.serviceUserId === own().serviceUserId)).toBe(true);
    expect(requests.flatMap(filterValues).filter((id) => otherIds.has(id))).toEqual([]);
    expect(requests.flatMap(filterValues).every((id) => ownIds.has(id))).toBe(true);
  });

  test.each([
    ['alpha', () => alpha, () => beta],
    ['beta', () => beta, () => alpha],
  ])('Learn Amp requests of %s touch only its users', (_name, own, other) => {
    const requests = learnampRequests(own());
    const ownUserIds = new Set(account(own()).users.map((user) => String(user.id)));
    const otherUserIds = new Set(account(other()).users.map((user) => String(user.id)));
    const pathUserIds = requests.flatMap((r) => userIdInPath(r) ?? []);
    const named = requests.map(namedIdentities);
    const writes = requests.filter((r) => ['create', 'update', 'deactivate', 'reactivate'].includes(r.kind));

    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((r) => r.status === 404)).toEqual([]);
    expect(pathUserIds.filter((id) => otherUserIds.has(id))).toEqual([]);
    expect(pathUserIds.every((id) => ownUserIds.has(id))).toBe(true);
    expect(named.flatMap((n) => n.externalIds).filter((id) => employeeIds(other()).has(id))).toEqual([]);
    expect(named.flatMap((n) => n.emails).filter((email) => employeeEmails(other()).has(email) && !employeeEmails(own()).has(email))).toEqual([]);
  });

  test.each([
    ['alpha', () => alpha],
    ['beta', () => beta],
  ])('Learn Amp users of %s link only its employees', (_name, own) => {
    const ids = employeeIds(own());
    const users = account(own()).users;
    expect(users.filter((user) => user.integrationExternalId && !ids.has(user.integrationExternalId))).toEqual([]);
    expect(checkEndState(company(own()).employees, users, today()).failures).toEqual([]);
  });

  test('store results are disjoint', async () => {
    const alphaIds = [...employeeIds(alpha)];
    const betaIds = [...employeeIds(beta)];
    const alphaResults = await harness.store.getEmployeeResults('alpha', alphaIds);
    const betaResults = await harness.store.getEmployeeResults('beta', betaIds);
    const crossAlpha = await harness.store.getEmployeeResults('alpha', betaIds);
    const crossBeta = await harness.store.getEmployeeResults('beta', alphaIds);
    const alphaRuns = (await harness.store.listRuns('alpha')).map((run) => run.syncId);
    const betaRuns = (await harness.store.listRuns('beta')).map((run) => run.syncId);

    expect(alphaResults.size).toBeGreaterThan(0);
    expect(betaResults.size).toBeGreaterThan(0);
    expect(crossAlpha.size).toBe(0);
    expect(crossBeta.size).toBe(0);
    expect([...alphaResults.values()].every((result) => result.tenantId === 'alpha')).toBe(true);
    expect(alphaRuns.filter((syncId) => betaRuns.includes(syncId))).toEqual([]);
  });

  test('stored credentials stay per tenant', async () => {
    const stored = await Promise.all([harness.store.getTenant('alpha'), harness.store.getTenant('beta')]);
    expect(stored[0]?.connection.serviceUserId).toBe(alpha.serviceUserId);
    expect(stored[0]?.secrets.learnampClientSecret).toBe(account(alpha).clientSecret);
    expect(stored[1]?.connection.serviceUserId).toBe(beta.serviceUserId);
    expect(stored[1]?.secrets.learnampClientSecret).toBe(account(beta).clientSecret);
  });
});

describe('tenant naming another tenant\'s client id', () => {
  test('gets no access to that account', async () => {
    const intruder = createTenantFixtures(harness, { tenantId: 'intruder', size: 30, seed: 33 });
    const usersBefore = account(alpha).users.length;
    const requestsBefore = harness.sandboxes.learnamp.requests.length;

    // The worker has cached an access token for alpha. The intruder has alpha's client id but not its secret.
    await connectTenant(harness.context, {
      tenantId: 'intruder',
      hibobBaseUrl: harness.sandboxes.hibobUrl,
      serviceUserId: intruder.serviceUserId,
      hibobToken: intruder.token,
      learnampBaseUrl: harness.sandboxes.learnampUrl,
      learnampClientId: account(alpha).clientId,
      learnampClientSecret: 'guessed-secret',
    });
    const settled = ['needs_attention', 'healthy', 'degraded'];
    const status = await waitForStatus(harness, 'intruder', (s) => settled.includes(s.state));

    const intruderIds = employeeIds(intruder);
    const alphaRequests = harness.sandboxes.learnamp.requests.slice(requestsBefore).filter((r) => r.accountId === alpha.accountId);
    expect(status.problems.map((p) => p.code)).toContain('learnamp_invalid_client');
    expect(alphaRequests.filter((r) => r.kind !== 'token')).toEqual([]);
    expect(account(alpha).users).toHaveLength(usersBefore);
    expect(account(alpha).users.filter((user) => user.integrationExternalId && intruderIds.has(user.integrationExternalId))).toEqual([]);
  });
});
