import { requestSync } from '../../client/adminActions';
import { checkEndState } from '../../client/endStateCheck';
import { departmentTeamExternalId } from '../../activities/sync/desiredUser';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, TestTenant, waitForRun } from '../helpers/harness';
import { learnAmpWrites, resultOf, seedLinkedUsers, today, userOf } from '../helpers/learnamp';

let harness: Harness;
let tenant: TestTenant;

beforeAll(async () => {
  harness = await startHarness();
  tenant = createTenantFixtures(harness, { tenantId: 'acme', size: 150, seed: 11 });
  // Leavers an earlier integration created in Learn Amp, still active there.
  const company = harness.sandboxes.hibob.company(tenant.companyId);
  seedLinkedUsers(harness, tenant, company.employees.filter((e) => e.lifecycleStatus === 'terminated'));
  await connectTestTenant(harness, tenant, { batchSize: 40 });
  await waitForRun(harness, tenant.tenantId, 1);
});

afterAll(async () => {
  await harness?.close();
});

const company = () => harness.sandboxes.hibob.company(tenant.companyId);
const account = () => harness.sandboxes.learnamp.account(tenant.accountId);

async function resync(syncNumber: number) {
  await requestSync(harness.context, tenant.tenantId, 'test');
  return waitForRun(harness, tenant.tenantId, syncNumber);
}

describe('first full sync', () => {
  test('leaves Learn Amp in the expected end state', () => {
    const check = checkEndState(company().employees, account().users, today());
    expect(check.failures).toEqual([]);
    expect(check.currentEmployeesActive).toBeGreaterThan(100);
  });

  test('deactivates seeded leavers without deleting them', () => {
    const leavers = company().employees.filter((e) => e.lifecycleStatus === 'terminated' && e.email);
    expect(leavers.length).toBeGreaterThan(0);
    for (const leaver of leavers) {
      expect(userOf(harness, tenant, leaver.id)?.status).toBe('deactivated');
    }
    expect(harness.sandboxes.learnamp.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  test('creates a team per department and sets primary teams', () => {
    const teamExternalIds = account().teams.map((team) => team.integrationExternalId);
    for (const department of company().departments.filter((d) => !d.archived)) {
      expect(teamExternalIds).toContain(departmentTeamExternalId(department.id));
    }
    const employed = company().employees.find((e) => e.lifecycleStatus === 'employed' && e.department && e.email)!;
    const team = account().teams.find((t) => t.integrationExternalId === departmentTeamExternalId(employed.department!));
    expect(userOf(harness, tenant, employed.id)?.primaryTeamId).toBe(team?.id);
  });

  test('links reports to their managers', () => {
    const report = company().employees.find(
      (e) => e.lifecycleStatus === 'employed' && e.reportsTo && userOf(harness, tenant, e.reportsTo) && userOf(harness, tenant, e.id),
    )!;
    expect(userOf(harness, tenant, report.id)?.managerId).toBe(userOf(harness, tenant, report.reportsTo!)?.id);
  });

  test('does not create joiners before their start date', () => {
    const joiners = company().employees.filter((e) => e.lifecycleStatus === 'hired' && e.startDate > today());
    expect(joiners.length).toBeGreaterThan(0);
    for (const joiner of joiners) expect(userOf(harness, tenant, joiner.id)).toBeUndefined();
  });

  test('records employees without email as skipped', async () => {
    const noEmail = company().employees.find((e) => e.email === null && e.lifecycleStatus !== 'terminated');
    if (!noEmail) return;
    expect((await resultOf(harness, tenant.tenantId, noEmail.id))?.problemCode).toBe('missing_email');
  });
});

describe('resync', () => {
  test('makes no Learn Amp read or write when nothing changed', async () => {
    const learnampBefore = harness.sandboxes.learnamp.requests.length;
    const hibobBefore = harness.sandboxes.hibob.requests.length;
    const status = await resync(2);
    const learnampCalls = harness.sandboxes.learnamp.requests.slice(learnampBefore).filter((r) => r.accountId === tenant.accountId);
    expect(learnampCalls.filter((r) => r.kind !== 'token')).toEqual([]);
    expect(status.lastRun?.counts.unchanged).toBe(status.lastRun?.counts.seen! - status.lastRun?.counts.skipped!);
    // The employee index, the named lists, then one read per batch of 40.
    const hibobCalls = harness.sandboxes.hibob.requests.slice(hibobBefore).filter((r) => r.companyId === tenant.companyId);
    expect(hibobCalls).toHaveLength(2 + Math.ceil(150 / 40));
  });

  test('deactivates a new leaver and keeps the user', async () => {
    const leaver = company().employees.find((e) => e.lifecycleStatus === 'employed' && userOf(harness, tenant, e.id) && !e.reportsTo)
      ?? company().employees.find((e) => e.lifecycleStatus === 'employed' && userOf(harness, tenant, e.id))!;
    company().terminate(leaver.id);
    const status = await resync(3);
    expect(userOf(harness, tenant, leaver.id)?.status).toBe('deactivated');
    expect(status.lastRun?.counts.deactivated).toBe(1);
  });

  test('reactivates a rehire', async () => {
    const rehire = company().employees.find((e) => e.lifecycleStatus === 'terminated' && userOf(harness, tenant, e.id))!;
    company().rehire(rehire.id, today());
    const status = await resync(4);
    expect(userOf(harness, tenant, rehire.id)?.status).not.toBe('deactivated');
    expect(status.lastRun?.counts.reactivated).toBe(1);
  });

  test('updates the same user when an email changes', async () => {
    const employee = company().employees.find((e) => e.lifecycleStatus === 'employed' && userOf(harness, tenant, e.id))!;
    const userIdBefore = userOf(harness, tenant, employee.id)!.id;
    const usersBefore = account().users.length;
    company().updateEmployee(employee.id, { email: `renamed.${employee.id}@example.test` });
    await resync(5);
    expect(userOf(harness, tenant, employee.id)?.id).toBe(userIdBefore);
    expect(userOf(harness, tenant, employee.id)?.email).toBe(`renamed.${employee.id}@example.test`);
    expect(account().users.length).toBe(usersBefore);
  });

  test('skips and reports malformed employees without failing the sync', async () => {
    const [badEmail, noSurname] = company().employees.filter((e) => e.lifecycleStatus === 'employed' && !userOf(harness, tenant, e.id) && e.email)
      .concat(company().employees.filter((e) => e.lifecycleStatus === 'employed' && userOf(harness, tenant, e.id)).slice(-2));
    company().updateEmployee(badEmail!.id, { email: 'not-an-email' });
    company().updateEmployee(noSurname!.id, { surname: '   ' });
    const status = await resync(6);
    expect(status.lastRun?.outcome).toBe('completed');
    expect((await resultOf(harness, tenant.tenantId, badEmail!.id))?.problemCode).toBe('invalid_email');
    expect((await resultOf(harness, tenant.tenantId, noSurname!.id))?.problemCode).toBe('missing_name');
    expect(status.lastRun?.counts.skipped).toBeGreaterThanOrEqual(2);
  });

  test('deactivates a leaver whose record is otherwise broken', async () => {
    const leaver = company().employees.find((e) => e.lifecycleStatus === 'employed' && userOf(harness, tenant, e.id)?.status === 'invite_pending')!;
    company().updateEmployee(leaver.id, { email: null });
    company().terminate(leaver.id);
    await resync(7);
    expect(userOf(harness, tenant, leaver.id)?.status).toBe('deactivated');
  });
});

describe('reconciling sync', () => {
  test('reverts a deactivation made in Learn Amp by hand', async () => {
    const other = createTenantFixtures(harness, { tenantId: 'handedited', size: 40, seed: 3 });
    await connectTestTenant(harness, other, { reconcileEverySyncs: 2 });
    await waitForRun(harness, other.tenantId, 1);
    const employee = harness.sandboxes.hibob.company(other.companyId).employees.find((e) => e.lifecycleStatus === 'employed' && userOf(harness, other, e.id))!;
    userOf(harness, other, employee.id)!.status = 'deactivated';

    await requestSync(harness.context, other.tenantId, 'test');
    const status = await waitForRun(harness, other.tenantId, 2);
    expect(status.lastRun?.counts.reactivated).toBe(1);
    expect(userOf(harness, other, employee.id)?.status).not.toBe('deactivated');
  });
});
