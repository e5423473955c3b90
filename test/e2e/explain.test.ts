import { refreshToken } from '../../client/adminActions';
import { loadExplanation, loadRunReport } from '../../client/syncRecords';
import { SETUP_STEPS } from '../../common/setupProblems';
import type { SandboxEmployee } from '../../sandbox';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, TestTenant, waitForRun } from '../helpers/harness';
import { seedLinkedUsers, today, userOf } from '../helpers/learnamp';

let harness: Harness;
let tenant: TestTenant;
let employees: SandboxEmployee[];

beforeAll(async () => {
  harness = await startHarness();
  // The HR admin scoped the permission group to Employed only, and an earlier integration left every leaver active.
  tenant = createTenantFixtures(harness, { tenantId: 'explained', size: 150, lifecycleStatuses: ['employed'] });
  employees = harness.sandboxes.hibob.company(tenant.companyId).employees;
  seedLinkedUsers(harness, tenant, leavers());
  await connectTestTenant(harness, tenant, { batchSize: 50 });
  await waitForRun(harness, tenant.tenantId, 1);
});

afterAll(async () => {
  await harness?.close();
});

function leavers(): SandboxEmployee[] {
  return employees.filter((employee) => employee.lifecycleStatus === 'terminated' && employee.email);
}

function employedWith(hasEmail: boolean): SandboxEmployee {
  const found = employees.find((employee) => employee.lifecycleStatus === 'employed' && (employee.email !== null) === hasEmail);
  if (!found) throw new Error(`The generated company has no employed employee ${hasEmail ? 'with' : 'without'} an email`);
  return found;
}

const explain = (query: string) => loadExplanation(harness.store, tenant.tenantId, query);

describe('explain after an Employed-only sync', () => {
  test('created employee', async () => {
    const employee = employedWith(true);
    const explanation = await explain(employee.id);
    expect(explanation.outcome).toBe('created');
    expect(explanation.learnampAccount).toBe('active');
    expect(explanation.learnampUserId).toBe(userOf(harness, tenant, employee.id)?.id);
    expect(explanation.summary).toMatch(new RegExp(`^Visible in HiBob \\(lifecycle status employed\\); created in Learn Amp as user \\d+ on ${today()} by sync explained/sync-1-`));
  });

  test('created employee by email', async () => {
    const employee = employedWith(true);
    const explanation = await explain(employee.email!.toUpperCase());
    expect(explanation.matchedBy).toBe('email');
    expect(explanation.employeeId).toBe(employee.id);
    expect(explanation.outcome).toBe('created');
  });

  test('invisible leaver names step 3', async () => {
    const leaver = leavers()[0]!;
    const explanation = await explain(leaver.id);
    expect(explanation.outcome).toBe('not_visible');
    expect(explanation.learnampAccount).toBe('active');
    expect(explanation.summary).toContain('Not visible to the HiBob service user');
    expect(explanation.summary).toContain('Step 3 would make them visible');
    expect(explanation.fix).toContain(SETUP_STEPS.lifecycle_scope);
  });

  test('invisible leaver by email', async () => {
    const leaver = leavers()[0]!;
    const explanation = await explain(leaver.email!);
    expect(explanation.employeeId).toBe(leaver.id);
    expect(explanation.outcome).toBe('not_visible');
  });

  test('skipped employee gives reason and fix', async () => {
    const employee = employedWith(false);
    const explanation = await explain(employee.id);
    expect(explanation.outcome).toBe('skipped');
    expect(explanation.problemCode).toBe('missing_email');
    expect(explanation.summary).toContain('missing_email — Employee');
    expect(explanation.fix).toBe('Add a work email to the employee in HiBob; the next sync creates the user.');
  });

  test('unknown employee hints at step 3', async () => {
    const explanation = await explain('999999999999');
    expect(explanation.found).toBe(false);
    expect(explanation.summary).toBe('No recorded result for employee 999999999999: no sync of tenant explained has seen them.');
    expect(explanation.details.join(' ')).toContain('leavers_not_visible');
    expect(explanation.fix).toContain('Step 3');
  });

  test('unknown email finds nobody', async () => {
    const explanation = await explain('nobody@example.test');
    expect(explanation.employeeId).toBeNull();
    expect(explanation.found).toBe(false);
  });

  test('unknown tenant is rejected', async () => {
    await expect(loadExplanation(harness.store, 'never-connected', '1')).rejects.toThrow('Tenant "never-connected" is not known to this sync store');
  });

  test('report lists the skipped employee', async () => {
    const report = await loadRunReport(harness.store, tenant.tenantId);
    const employee = employedWith(false);
    expect(report.syncId).toMatch(/^explained\/sync-1-/);
    expect(report.countsFrom).toBe('run');
    expect(report.counts.notVisible).toBe(leavers().length);
    expect(report.skipped).toContainEqual({ employeeId: employee.id, problemCode: 'missing_email', message: expect.stringContaining('has no email') });
    expect(report.problems.map((problem) => problem.code)).toContain('leavers_not_visible');
  });
});

describe('explain after the admin ticks every status', () => {
  beforeAll(async () => {
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    company.setPermissionGroup(tenant.serviceUserId, { lifecycleStatuses: 'all', lifecycleSectionReadable: true });
    await refreshToken(harness.context, tenant.tenantId, company.refreshToken(tenant.serviceUserId));
    await waitForRun(harness, tenant.tenantId, 2);
  });

  test('deactivated leaver names date and sync', async () => {
    const leaver = leavers()[0]!;
    const explanation = await explain(leaver.id);
    expect(explanation.outcome).toBe('deactivated');
    expect(explanation.learnampAccount).toBe('deactivated');
    expect(explanation.summary).toMatch(
      new RegExp(`^Visible in HiBob, terminated \\(lifecycle status terminated, termination date ${leaver.terminationDate}\\); deactivated in Learn Amp on ${today()} by sync explained/sync-2-`),
    );
    expect(userOf(harness, tenant, leaver.id)?.status).toBe('deactivated');
  });

  test('unknown employee after the fix has no fix', async () => {
    const explanation = await explain('999999999999');
    expect(explanation.found).toBe(false);
    expect(explanation.fix).toBeNull();
  });

  test('report of the first run still works', async () => {
    const [latest, first] = await harness.store.listRuns(tenant.tenantId, 2);
    const report = await loadRunReport(harness.store, tenant.tenantId, first!.syncId);
    expect(report.latest).toBe(false);
    expect(report.syncId).not.toBe(latest!.syncId);
  });
});
