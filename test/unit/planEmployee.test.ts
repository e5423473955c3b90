import type { EmployeeProblem } from '../../common/employeeProblems';
import type { HiBobEmployee } from '../../activities/hibob/employee';
import type { LearnAmpUser } from '../../activities/learnamp/user';
import { desiredUserBody } from '../../activities/sync/desiredUser';
import { employee, linkedUser, LISTS } from './fixtures';
import { planEmployee, type PlanInput } from '../../activities/sync/planEmployee';

const TODAY = '2025-03-10';

function problem(code: EmployeeProblem['code']): EmployeeProblem {
  return { code, employeeId: '1001', message: `record problem ${code}`, skipped: true };
}

function input(
  employeeOverrides: Partial<HiBobEmployee> = {},
  overrides: Partial<PlanInput> = {},
  problems: EmployeeProblem[] = [],
): PlanInput {
  return {
    entry: { employee: employee(employeeOverrides), problems },
    linkedUser: linkedUser(),
    duplicateEmail: false,
    managerUserId: 55,
    managerVisible: true,
    lists: LISTS,
    today: TODAY,
    invitePolicy: 'on_start_date',
    ...overrides,
  };
}

const TERMINATED = { lifecycleStatus: 'terminated', terminationDate: '2025-02-28' };
const JOINER = { lifecycleStatus: 'hired', startDate: '2025-04-01' };

describe('planEmployee leavers', () => {
  test('deactivates active linked user', () => {
    const plan = planEmployee(input(TERMINATED));
    expect(plan.action).toBe('deactivate');
    expect(plan.outcome).toBe('deactivated');
  });

  test('deactivates despite broken record', () => {
    const broken = [problem('missing_email'), problem('missing_name'), problem('invalid_start_date')];
    const plan = planEmployee(input({ ...TERMINATED, email: null, firstName: null }, {}, broken));
    expect(plan.action).toBe('deactivate');
    expect(plan.problems).toEqual([]);
  });

  test('deactivates despite duplicate email', () => {
    expect(planEmployee(input(TERMINATED, { duplicateEmail: true })).action).toBe('deactivate');
  });

  test('leaves deactivated user unchanged', () => {
    const plan = planEmployee(input(TERMINATED, { linkedUser: linkedUser({ active: false }) }));
    expect(plan.action).toBeNull();
    expect(plan.outcome).toBe('unchanged');
  });

  test('never creates user for leaver', () => {
    const plan = planEmployee(input(TERMINATED, { linkedUser: null, invitePolicy: 'immediately' }));
    expect(plan.action).toBeNull();
    expect(plan.outcome).toBe('not_created_leaver');
  });
});

describe('planEmployee unknown lifecycle', () => {
  const missing = problem('lifecycle_status_missing');

  test('skips employee without lifecycle status', () => {
    const plan = planEmployee(input({ lifecycleStatus: null }, {}, [missing]));
    expect(plan.action).toBeNull();
    expect(plan.outcome).toBe('skipped');
  });

  test('reports only lifecycle_status_missing', () => {
    const plan = planEmployee(input({ lifecycleStatus: null, email: null }, {}, [problem('missing_email'), missing]));
    expect(plan.problems).toEqual([missing]);
  });

  test('does not deactivate active user', () => {
    const plan = planEmployee(input({ lifecycleStatus: null }, {}, [missing]));
    expect(plan.action).not.toBe('deactivate');
  });
});

describe('planEmployee broken records', () => {
  test('skips employee with record problem', () => {
    const plan = planEmployee(input({ email: null }, {}, [problem('missing_email')]));
    expect(plan.action).toBeNull();
    expect(plan.outcome).toBe('skipped');
    expect(plan.problems.map((p) => p.code)).toEqual(['missing_email']);
  });

  test('skips duplicate email', () => {
    const plan = planEmployee(input({}, { duplicateEmail: true }));
    expect(plan.action).toBeNull();
    expect(plan.outcome).toBe('skipped');
  });

  test('reports duplicate email as skipped problem', () => {
    const plan = planEmployee(input({}, { duplicateEmail: true }));
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]?.code).toBe('duplicate_email');
    expect(plan.problems[0]?.employeeId).toBe('1001');
    expect(plan.problems[0]?.skipped).toBe(true);
  });

  test('reports record and duplicate email problems together', () => {
    const plan = planEmployee(input({ firstName: null }, { duplicateEmail: true }, [problem('missing_name')]));
    expect(plan.problems.map((p) => p.code)).toEqual(['missing_name', 'duplicate_email']);
  });
});

describe('planEmployee new users', () => {
  test.each([
    ['on_start_date', false],
    ['immediately', false],
    ['never', true],
  ] as const)('creates current employee under %s', (invitePolicy, skipInvitation) => {
    const plan = planEmployee(input({}, { linkedUser: null, invitePolicy }));
    expect(plan.action).toBe('create');
    expect(plan.outcome).toBe('created');
    expect(plan.skipInvitation).toBe(skipInvitation);
  });

  test('create carries desired body', () => {
    const plan = planEmployee(input({}, { linkedUser: null }));
    expect(plan.body).toEqual(desiredUserBody(employee(), LISTS, 55));
  });

  test('joiner waits for start date under on_start_date', () => {
    const plan = planEmployee(input(JOINER, { linkedUser: null, invitePolicy: 'on_start_date' }));
    expect(plan.action).toBeNull();
    expect(plan.outcome).toBe('waiting_for_start_date');
  });

  test('joiner is created on start date', () => {
    const startsToday = { ...JOINER, startDate: TODAY };
    const plan = planEmployee(input(startsToday, { linkedUser: null, invitePolicy: 'on_start_date' }));
    expect(plan.action).toBe('create');
    expect(plan.skipInvitation).toBe(false);
  });

  test('joiner is created and invited under immediately', () => {
    const plan = planEmployee(input(JOINER, { linkedUser: null, invitePolicy: 'immediately' }));
    expect(plan.action).toBe('create');
    expect(plan.skipInvitation).toBe(false);
  });

  test('joiner is created without invitation under never', () => {
    const plan = planEmployee(input(JOINER, { linkedUser: null, invitePolicy: 'never' }));
    expect(plan.action).toBe('create');
    expect(plan.skipInvitation).toBe(true);
  });

  test('waiting joiner still reports invisible manager', () => {
    const plan = planEmployee(input(JOINER, { linkedUser: null, managerVisible: false, managerUserId: undefined }));
    expect(plan.problems.map((p) => p.code)).toEqual(['manager_not_visible']);
  });
});

describe('planEmployee existing users', () => {
  test('unchanged employee needs no write', () => {
    const plan = planEmployee(input());
    expect(plan.action).toBeNull();
    expect(plan.outcome).toBe('unchanged');
    expect(plan.problems).toEqual([]);
  });

  test('reactivates deactivated user', () => {
    const plan = planEmployee(input({}, { linkedUser: linkedUser({ active: false }) }));
    expect(plan.action).toBe('reactivate');
    expect(plan.outcome).toBe('reactivated');
  });

  test('reactivation carries changed fields', () => {
    const plan = planEmployee(input({}, { linkedUser: linkedUser({ active: false, lastName: 'Sousa' }) }));
    expect(plan.changed).toEqual(['lastName']);
    expect(plan.body?.lastName).toBe('Silva');
  });

  test('manager-only change gives set_manager', () => {
    const plan = planEmployee(input({}, { managerUserId: 56 }));
    expect(plan.action).toBe('set_manager');
    expect(plan.outcome).toBe('updated');
    expect(plan.changed).toEqual(['manager']);
  });

  test('field change gives update', () => {
    const plan = planEmployee(input({ surname: 'Sousa' }));
    expect(plan.action).toBe('update');
    expect(plan.outcome).toBe('updated');
    expect(plan.changed).toEqual(['lastName']);
  });

  test('manager and field change give update', () => {
    const plan = planEmployee(input({ surname: 'Sousa' }, { managerUserId: 56 }));
    expect(plan.action).toBe('update');
    expect(plan.changed).toEqual(['lastName', 'manager']);
  });

  test('update carries desired body', () => {
    const plan = planEmployee(input({ surname: 'Sousa' }));
    expect(plan.body).toEqual(desiredUserBody(employee({ surname: 'Sousa' }), LISTS, 55));
  });

  test('joiner with linked user is updated', () => {
    const plan = planEmployee(input(JOINER, { invitePolicy: 'on_start_date' }));
    expect(plan.action).toBe('update');
    expect(plan.changed).toEqual(['hireDate']);
  });

  test('unknown manager user leaves manager unchanged', () => {
    const plan = planEmployee(input({}, { managerUserId: undefined }));
    expect(plan.action).toBeNull();
    expect(plan.outcome).toBe('unchanged');
  });
});

describe('planEmployee invisible manager', () => {
  const hidden = { managerVisible: false, managerUserId: undefined };

  test('reports manager_not_visible as warning', () => {
    const plan = planEmployee(input({}, hidden));
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]?.code).toBe('manager_not_visible');
    expect(plan.problems[0]?.skipped).toBe(false);
  });

  test('names manager id in message', () => {
    const plan = planEmployee(input({ managerId: '4242' }, hidden));
    expect(plan.problems[0]?.message).toContain('4242');
  });

  test('still creates employee', () => {
    const plan = planEmployee(input({}, { ...hidden, linkedUser: null }));
    expect(plan.action).toBe('create');
    expect(plan.body).not.toHaveProperty('managerId');
  });

  test('still updates employee', () => {
    const plan = planEmployee(input({ surname: 'Sousa' }, hidden));
    expect(plan.action).toBe('update');
  });

  test('no manager gives no warning', () => {
    const plan = planEmployee(input({ managerId: null }, { managerVisible: false, managerUserId: undefined }));
    expect(plan.problems).toEqual([]);
  });
});
