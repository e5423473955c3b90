import { disconnectTenant, permissionsChanged, refreshToken } from '../../client/adminActions';
import { tenantWorkflowId } from '../../common/tenant';
import type { HiBobRequestRecord, SandboxEmployee } from '../../sandbox';
import { isBatchRead } from '../helpers/hibobRequests';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, TestTenant, waitForRun, waitForStatus } from '../helpers/harness';
import { seedLinkedUsers, userOf } from '../helpers/learnamp';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('permission fix as the help page describes', () => {
  test('deactivates leavers when the token is refreshed during the resulting sync', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'fixing', size: 120, seed: 13, lifecycleStatuses: ['employed'] });
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    const leavers = company.employees.filter((e) => e.lifecycleStatus === 'terminated' && e.email);
    seedLinkedUsers(harness, tenant, leavers);
    await connectTestTenant(harness, tenant, { batchSize: 20 });
    await waitForRun(harness, tenant.tenantId, 1);

    // Steps 3 and 4 done, permissionsChanged starts sync 2 on the old token; step 5 (refresh) lands mid-sync.
    let newToken: string | null = null;
    const refreshDuringSync = (record: HiBobRequestRecord) => {
      if (newToken || record.companyId !== tenant.companyId || !isBatchRead(record) || record.status !== 200) return;
      company.setPermissionGroup(tenant.serviceUserId, { lifecycleStatuses: 'all', lifecycleSectionReadable: true });
      newToken = company.refreshToken(tenant.serviceUserId);
    };
    harness.sandboxes.hibob.on('request', refreshDuringSync);
    try {
      await permissionsChanged(harness.context, tenant.tenantId);
      await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'needs_attention' && s.pausedSync !== null);
    } finally {
      harness.sandboxes.hibob.off('request', refreshDuringSync);
    }
    await refreshToken(harness.context, tenant.tenantId, newToken!);

    // The resumed sync finishes, then a follow-up full sync sees the leavers the new token shows.
    const settled = await waitForRun(harness, tenant.tenantId, 3);
    expect(settled.state).toBe('healthy');
    const activeLeavers = leavers.filter((leaver) => userOf(harness, tenant, leaver.id)?.status !== 'deactivated');
    expect(activeLeavers).toEqual([]);
  });
});

describe('email reused after a leaver', () => {
  test('never deactivates the current holder', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'reused', size: 40, seed: 3 });
    const holder = plainEmployee(tenant);
    harness.sandboxes.hibob.company(tenant.companyId).addEmployee({
      email: holder.email!,
      firstName: 'Former',
      surname: 'Holder',
      lifecycleStatus: 'terminated',
      accessStatus: 'Inactive',
      startDate: '2015-01-05',
      terminationDate: '2019-03-31',
      reportsTo: null,
    });
    // The holder's account from an earlier email-based integration, not linked to a HiBob id yet.
    const user = harness.sandboxes.learnamp
      .account(tenant.accountId)
      .seedUser({ email: holder.email!, firstName: holder.firstName, lastName: holder.surname, status: 'confirmed' });

    await connectTestTenant(harness, tenant);
    await waitForRun(harness, tenant.tenantId, 1);
    const deactivations = harness.sandboxes.learnamp.requests.filter((r) => r.path === `/v1/users/${user.id}/deactivate`);
    expect(deactivations).toEqual([]);
    expect(user.status).toBe('confirmed');
    expect(user.integrationExternalId).toBe(holder.id);
  });
});

describe('disconnect then connect', () => {
  test('keeps the new connection', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'reconnected', size: 30 });
    await connectTestTenant(harness, tenant);
    await waitForRun(harness, tenant.tenantId, 1);

    await disconnectTenant(harness.context, tenant.tenantId);
    await connectTestTenant(harness, tenant);
    const status = await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'healthy' && s.syncsStarted >= 1);
    expect(status.state).toBe('healthy');
    expect(await harness.store.getTenant(tenant.tenantId)).not.toBeNull();
    const description = await harness.client.workflow.getHandle(tenantWorkflowId(tenant.tenantId)).describe();
    expect(description.status.name).toBe('RUNNING');
  });
});

/** An employed individual contributor with a manager and an email no one else has. */
function plainEmployee(tenant: TestTenant): SandboxEmployee {
  const employees = harness.sandboxes.hibob.company(tenant.companyId).employees;
  const managers = new Set(employees.map((e) => e.reportsTo));
  return employees.find(
    (e) =>
      e.lifecycleStatus === 'employed' &&
      e.email !== null &&
      e.reportsTo !== null &&
      !managers.has(e.id) &&
      employees.filter((other) => other.email?.toLowerCase() === e.email!.toLowerCase()).length === 1,
  )!;
}
