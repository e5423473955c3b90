import { notifyEmployeesChanged, requestSync } from '../../client/adminActions';
import { checkEndState } from '../../client/endStateCheck';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, waitForRun } from '../helpers/harness';
import { learnAmpWrites, resultOf, today, userOf } from '../helpers/learnamp';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('preview of the first sync', () => {
  test('writes nothing, records what it would do, then syncs on request', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'previewed', size: 60 });
    await connectTestTenant(harness, tenant, { previewFirstSync: true });

    const preview = await waitForRun(harness, tenant.tenantId, 1);
    expect(preview.state).toBe('preview_ready');
    expect(preview.lastRun?.preview).toBe(true);
    expect(preview.nextSyncAt).toBeNull();
    expect(learnAmpWrites(harness, tenant)).toBe(0);
    const employee = harness.sandboxes.hibob.company(tenant.companyId).employees.find((e) => e.lifecycleStatus === 'employed' && e.email)!;
    expect((await resultOf(harness, tenant.tenantId, employee.id))?.outcome).toBe('would_create');

    await requestSync(harness.context, tenant.tenantId, 'approved after preview');
    const real = await waitForRun(harness, tenant.tenantId, 2);
    expect(real.state).toBe('healthy');
    expect(real.lastRun?.preview).toBe(false);
    expect(real.lastRun?.counts.created).toBe(preview.lastRun?.counts.created);
    const account = harness.sandboxes.learnamp.account(tenant.accountId);
    expect(checkEndState(harness.sandboxes.hibob.company(tenant.companyId).employees, account.users, today()).failures).toEqual([]);
  });
});

describe('changed employees', () => {
  test('re-reads and syncs only the employees HiBob named', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'webhooked', size: 80 });
    await connectTestTenant(harness, tenant);
    await waitForRun(harness, tenant.tenantId, 1);
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    const [leaver, renamed] = company.employees.filter((e) => e.lifecycleStatus === 'employed' && userOf(harness, tenant, e.id) && e.reportsTo);
    company.terminate(leaver!.id);
    company.updateEmployee(renamed!.id, { firstName: 'Zoë' });
    const hibobBefore = harness.sandboxes.hibob.requests.length;

    await notifyEmployeesChanged(harness.context, tenant.tenantId, [leaver!.id, renamed!.id, '999999999999']);
    const status = await waitForRun(harness, tenant.tenantId, 2);
    expect(status.lastRun?.scope).toBe('employees');
    expect(status.lastRun?.counts.seen).toBe(2);
    expect(status.lastRun?.counts.deactivated).toBe(1);
    expect(status.lastRun?.counts.updated).toBe(1);
    expect(userOf(harness, tenant, leaver!.id)?.status).toBe('deactivated');
    expect(userOf(harness, tenant, renamed!.id)?.firstName).toBe('Zoë');
    expect(userOf(harness, tenant, renamed!.id)?.managerId).toBe(userOf(harness, tenant, renamed!.reportsTo!)?.id);
    // The changed employees' index, the named lists and one batch: never the whole company.
    const calls = harness.sandboxes.hibob.requests.slice(hibobBefore).filter((r) => r.companyId === tenant.companyId);
    expect(calls).toHaveLength(3);
    expect(status.problems.map((p) => p.code)).not.toContain('synced_employees_not_visible');
  });
});
