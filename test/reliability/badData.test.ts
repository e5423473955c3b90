import { checkEndState } from '../../client/endStateCheck';
import type { EmployeeProblemCode } from '../../common/employeeProblems';
import type { EmployeeOutcome } from '../../common/sync';
import { LIFECYCLE_STATUSES, type HiBobCompany, type SandboxEmployee } from '../../sandbox';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, TestTenant, waitForStatus } from '../helpers/harness';
import { today, userOf } from '../helpers/learnamp';

/**
 * 100 malformed employees among 2,000 generated ones. The rest must sync, and every malformed one must
 * have a recorded result that states what is wrong with the record.
 */

const SIZE = 2000;
const SEED = 31;
const VISIBLE_STATUSES = LIFECYCLE_STATUSES.filter((status) => status !== 'parental leave');

interface Expected {
  outcome: EmployeeOutcome;
  /** Null for no problem; undefined leaves the problem code unchecked. */
  problemCode?: EmployeeProblemCode | null;
  /** Names the Learn Amp user must have when one is created. */
  names?: { firstName: string; lastName: string };
}

let harness: Harness;
let tenant: TestTenant;
const expected = new Map<string, Expected & { label: string }>();

beforeAll(async () => {
  harness = await startHarness();
  // Employees on parental leave are outside the service user's permission group, so managers on
  // parental leave are managers it cannot see.
  tenant = createTenantFixtures(harness, { tenantId: 'baddata', size: SIZE, seed: SEED, lifecycleStatuses: VISIBLE_STATUSES });
  addMalformedEmployees(harness.sandboxes.hibob.company(tenant.companyId));
  await connectTestTenant(harness, tenant, { batchSize: 500 });
  await waitForStatus(harness, tenant.tenantId, (s) => s.lastRun?.syncId.includes('/sync-1-') === true && s.state !== 'syncing' && s.state !== 'validating', 170_000);
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

const company = () => harness.sandboxes.hibob.company(tenant.companyId);
const account = () => harness.sandboxes.learnamp.account(tenant.accountId);

/** Adds 100 employees with broken records to the company and remembers what the sync must record for each. */
function addMalformedEmployees(target: HiBobCompany): void {
  const ceo = target.employees.find((employee) => employee.lifecycleStatus === 'employed' && employee.reportsTo === null)!;
  let serial = 0;
  const add = (label: string, fields: Partial<SandboxEmployee>, expectation: Expected) => {
    serial++;
    const employee = target.addEmployee({
      firstName: `Bad${serial}`,
      surname: 'Record',
      email: `bad.record.${serial}@${target.emailDomain}`,
      reportsTo: ceo.id,
      ...fields,
    });
    expected.set(employee.id, { label, ...expectation });
  };
  const skipped = (problemCode: EmployeeProblemCode): Expected => ({ outcome: 'skipped', problemCode });

  for (const email of [null, '', '   ', null, null, null, null, null, null, null, null, null]) {
    add('missing email', { email }, skipped('missing_email'));
  }
  const invalidEmails = [
    'not-an-email',
    'two@@example.test',
    'no-domain@',
    '@example.test',
    'spaces in@example.test',
    'dot@nodot',
    'tab\tin@example.test',
    'a@b@example.test',
    'trailing@example.',
    'x@.test',
    'comma@exa mple.test',
    '<angle>',
    `${'x'.repeat(250)}@example.test`,
    `long.${'y'.repeat(300)}@example.test`,
  ];
  for (const email of invalidEmails) add('invalid email', { email }, skipped('invalid_email'));
  for (let pair = 0; pair < 5; pair++) {
    const email = `shared.${pair}@${target.emailDomain}`;
    add('duplicate email', { email }, skipped('duplicate_email'));
    add('duplicate email', { email: pair % 2 === 0 ? email.toUpperCase() : email }, skipped('duplicate_email'));
  }
  const invisibleManagers = [1, 2, 3].map((i) =>
    target.addEmployee({ firstName: 'Hidden', surname: `Manager${i}`, lifecycleStatus: 'parental leave', reportsTo: ceo.id }),
  );
  for (let i = 0; i < 14; i++) {
    // Synced with a warning, and without a manager in Learn Amp.
    add('manager not visible', { reportsTo: invisibleManagers[i % 3]!.id }, { outcome: 'created', problemCode: 'manager_not_visible' });
  }
  for (let i = 0; i < 5; i++) {
    // NOTE: an unknown list item is not reported yet: the user is created without that field and the
    // result has no problem code, so only the outcome is checked.
    add('unknown list item', { department: `99900011${i}` }, { outcome: 'created' });
    add('unknown list item', { title: `99900022${i}` }, { outcome: 'created' });
    add('unknown list item', { site: `99900033${i}` }, { outcome: 'created' });
  }
  const overlong: Partial<SandboxEmployee>[] = [
    { firstName: 'A'.repeat(256) },
    { firstName: 'B'.repeat(1000) },
    { surname: 'C'.repeat(256) },
    { surname: 'D'.repeat(5000) },
    { firstName: 'É'.repeat(300) },
    { surname: '長'.repeat(256) },
    { firstName: 'Ann', surname: 'Lee', displayName: 'Ann Lee '.repeat(40) },
    { firstName: 'F'.repeat(256), surname: 'G' },
    { firstName: 'H', surname: 'I'.repeat(256) },
    { firstName: `${'J'.repeat(250)}      ${'K'.repeat(10)}` },
    { surname: 'L'.repeat(10_000) },
    { firstName: 'M'.repeat(400), surname: 'N'.repeat(400) },
    { firstName: 'R'.repeat(300), surname: 'S'.repeat(300) },
    { surname: 'P'.repeat(256) },
    { firstName: 'Q'.repeat(257) },
  ];
  for (const fields of overlong) {
    add('overlong field', { displayName: 'Overlong Record', ...fields }, skipped('field_too_long'));
  }
  const decomposed = [
    ['José', 'Núñez'],
    ['Zoë', 'Brontë'],
    ['Håkon', 'Ørsted'],
    ['Nguyễn', 'Thị'],
  ];
  for (const [first, last] of decomposed) {
    add(
      'odd Unicode',
      { firstName: first!.normalize('NFD'), surname: last!.normalize('NFD') },
      { outcome: 'created', problemCode: null, names: { firstName: first!.normalize('NFC'), lastName: last!.normalize('NFC') } },
    );
  }
  for (const blank of ['\u3000', '\u00a0\u00a0', '\u2003', '\ufeff']) {
    add('odd Unicode', { firstName: blank }, skipped('missing_name'));
  }
  const kept = [
    ['😀 Sunny', 'Day'],
    ['محمد', 'عبد الله'],
    ['Ἀλέξανδρος', 'Παπαδόπουλος'],
    ['李', '小龍'],
    ['Łukasz', 'Żółć'],
    ['O\u2019Brien', 'D\u2019Arcy'],
    ['Zalgo', 'Z\u0335\u0321\u0322a\u0336l\u0337g\u0338o'],
  ];
  for (const [first, last] of kept) {
    add('odd Unicode', { firstName: first!, surname: last! }, { outcome: 'created', problemCode: null, names: { firstName: first!.normalize('NFC'), lastName: last!.normalize('NFC') } });
  }
  for (const startDate of ['2026-02-30', '31/12/2020', 'yesterday', '2021-13-01', '0000-00-00']) {
    add('invalid start date', { startDate }, skipped('invalid_start_date'));
  }
}

describe('100 malformed employees among 2,000', () => {
  test('are 100', () => {
    expect(expected.size).toBe(100);
  });

  test('the sync completes', async () => {
    const status = await waitForStatus(harness, tenant.tenantId, () => true);
    expect(status.lastRun?.outcome).toBe('completed');
    const visible = company().employees.filter((employee) => employee.lifecycleStatus !== 'parental leave');
    expect(status.lastRun?.counts.seen).toBe(visible.length);
  });

  test('every other employee syncs', () => {
    const visible = company().employees.filter((employee) => employee.lifecycleStatus !== 'parental leave');
    const check = checkEndState(visible, account().users, today());
    expect(check.failures).toEqual([]);
    expect(check.currentEmployeesActive).toBeGreaterThan(SIZE * 0.8);
  });

  test('each malformed employee has its reason recorded', async () => {
    const results = await harness.store.getEmployeeResults(tenant.tenantId, [...expected.keys()]);
    const mismatches: string[] = [];
    for (const [employeeId, want] of expected) {
      const result = results.get(employeeId);
      const checked = want.problemCode !== undefined;
      const got = result ? `${result.outcome}/${checked ? result.problemCode : '*'}` : 'no result';
      const expectedText = `${want.outcome}/${checked ? want.problemCode : '*'}`;
      if (got !== expectedText) mismatches.push(`${want.label} ${employeeId}: expected ${expectedText}, got ${got}`);
      if (want.problemCode && !result?.message?.includes(employeeId)) mismatches.push(`${want.label} ${employeeId}: message does not name the employee`);
    }
    expect(mismatches).toEqual([]);
  });

  test('skipped employees have no Learn Amp user', () => {
    const written = [...expected].filter(([employeeId, want]) => want.outcome === 'skipped' && userOf(harness, tenant, employeeId));
    expect(written.map(([employeeId, want]) => `${want.label} ${employeeId}`)).toEqual([]);
  });

  test('users whose manager is invisible have none', () => {
    const reports = [...expected].filter(([, want]) => want.label === 'manager not visible');
    expect(reports.map(([employeeId]) => userOf(harness, tenant, employeeId)?.managerId)).toEqual(reports.map(() => null));
  });

  test('odd Unicode names arrive in NFC', () => {
    const wrong = [...expected]
      .filter(([, want]) => want.names)
      .filter(([employeeId, want]) => {
        const user = userOf(harness, tenant, employeeId);
        return user?.firstName !== want.names!.firstName || user?.lastName !== want.names!.lastName;
      });
    expect(wrong.map(([employeeId]) => employeeId)).toEqual([]);
  });

  test('the skipped list is queryable by run', async () => {
    const status = await waitForStatus(harness, tenant.tenantId, () => true);
    const skipped = await harness.store.listEmployeeResults(tenant.tenantId, status.lastRun!.syncId, ['skipped']);
    const skippedIds = new Set(skipped.map((result) => result.employeeId));
    const expectedSkipped = [...expected].filter(([, want]) => want.outcome === 'skipped').map(([employeeId]) => employeeId);
    expect(expectedSkipped.filter((employeeId) => !skippedIds.has(employeeId))).toEqual([]);
    expect(status.lastRun?.counts.skipped).toBe(skipped.length);
  });
});
