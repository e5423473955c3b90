import { permissionsChanged, refreshToken } from '../../client/adminActions';
import { checkEndState } from '../../client/endStateCheck';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, waitForRun, waitForStatus } from '../helpers/harness';
import { learnAmpWrites, resultOf, seedLinkedUsers, today, userOf } from '../helpers/learnamp';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const problemCodes = (status: { problems: { code: string }[] }) => status.problems.map((problem) => problem.code);

describe('permission group scoped to Employed only', () => {
  test('names the lifecycle-scope step, then deactivates leavers after the fix', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'scoped', size: 120, lifecycleStatuses: ['employed'] });
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    const leavers = company.employees.filter((e) => e.lifecycleStatus === 'terminated' && e.email);
    seedLinkedUsers(harness, tenant, leavers);
    await connectTestTenant(harness, tenant, { batchSize: 50 });

    const scoped = await waitForRun(harness, tenant.tenantId, 1);
    expect(scoped.state).toBe('degraded');
    expect(problemCodes(scoped)).toContain('leavers_not_visible');
    expect(problemCodes(scoped)).toContain('synced_employees_not_visible');
    expect(scoped.problems.find((p) => p.code === 'leavers_not_visible')?.step).toBe('lifecycle_scope');
    expect(scoped.problems.find((p) => p.code === 'synced_employees_not_visible')?.count).toBe(leavers.length);
    for (const leaver of leavers) expect(userOf(harness, tenant, leaver.id)?.status).toBe('confirmed');
    expect((await resultOf(harness, tenant.tenantId, leavers[0]!.id))?.outcome).toBe('not_visible');

    // Steps 3 and 5: tick every status, refresh the token and hand the new one over.
    company.setPermissionGroup(tenant.serviceUserId, { lifecycleStatuses: 'all', lifecycleSectionReadable: true });
    const newToken = company.refreshToken(tenant.serviceUserId);
    await refreshToken(harness.context, tenant.tenantId, newToken);

    const fixed = await waitForRun(harness, tenant.tenantId, 2);
    expect(fixed.state).toBe('healthy');
    expect(problemCodes(fixed)).toEqual([]);
    expect(fixed.lastRun?.counts.deactivated).toBe(leavers.length);
    const check = checkEndState(company.employees, harness.sandboxes.learnamp.account(tenant.accountId).users, today());
    expect(check.failures).toEqual([]);
  });
});

describe('lifecycle section not readable', () => {
  test('names the lifecycle-section step and writes nothing', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'nolifecycle', size: 60, lifecycleSectionReadable: false });
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    seedLinkedUsers(harness, tenant, company.employees.filter((e) => e.lifecycleStatus === 'terminated'));
    await connectTestTenant(harness, tenant);

    const status = await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'needs_attention');
    expect(problemCodes(status)).toEqual(['lifecycle_not_readable']);
    expect(status.problems[0]?.step).toBe('lifecycle_section');
    expect(learnAmpWrites(harness, tenant)).toBe(0);
    expect(harness.sandboxes.learnamp.account(tenant.accountId).users.every((user) => user.status === 'confirmed')).toBe(true);

    company.setPermissionGroup(tenant.serviceUserId, { lifecycleStatuses: 'all', lifecycleSectionReadable: true });
    await permissionsChanged(harness.context, tenant.tenantId);
    const fixed = await waitForRun(harness, tenant.tenantId, 2);
    expect(fixed.state).toBe('healthy');
    const leavers = company.employees.filter((e) => e.lifecycleStatus === 'terminated' && e.email);
    expect(fixed.lastRun?.counts.deactivated).toBe(leavers.length);
  });
});

describe('wrong credentials', () => {
  test('wrong HiBob token needs attention and is not retried', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'badtoken', size: 20 });
    tenant.token = 'not-the-token';
    const startedAt = Date.now();
    await connectTestTenant(harness, tenant);

    const status = await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'needs_attention');
    expect(problemCodes(status)).toEqual(['hibob_unauthorized']);
    expect(status.nextSyncAt).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const unauthorized = harness.sandboxes.hibob.requests.filter((r) => r.at >= startedAt && r.status === 401);
    expect(unauthorized).toHaveLength(1);
  });

  test('wrong Learn Amp secret names the Learn Amp credentials', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'badsecret', size: 20 });
    const account = harness.sandboxes.learnamp.account(tenant.accountId);
    await connectTestTenant(harness, tenant);
    await waitForRun(harness, tenant.tenantId, 1);
    // Rotating the secret in Learn Amp without telling hibob-sync.
    (account as { clientSecret: string }).clientSecret = 'rotated-elsewhere';
    account.revokeTokens();
    await permissionsChanged(harness.context, tenant.tenantId);

    const status = await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'needs_attention');
    expect(problemCodes(status)).toEqual(['learnamp_invalid_client']);
    expect(status.problems[0]?.step).toBe('learnamp_credentials');
  });
});
