import type { HiBobEmployee } from '../../activities/hibob/employee';
import { SETUP_STEPS, setupProblem } from '../../common/setupProblems';
import { emptyRunCounts } from '../../common/sync';
import { ExplainInput, explainEmployee, formatExplanation } from '../../client/explain';
import type { EmployeeResult, SyncRunRecord } from '../../store/types';

const TENANT = 'acme';

function run(syncId: string, startedAt: string, problems: SyncRunRecord['problems'] = []): SyncRunRecord {
  return { syncId, tenantId: TENANT, startedAt, finishedAt: startedAt, outcome: 'completed', counts: emptyRunCounts(), problems };
}

const FIRST = run('acme/sync-1-a', '2026-03-01T10:00:00.000Z', [
  setupProblem('leavers_not_visible', 'No terminated employee is visible to the HiBob service user.'),
  setupProblem('synced_employees_not_visible', '3 active Learn Amp users are linked to employees the service user cannot see.', { count: 3 }),
]);
const SECOND = run('acme/sync-2-b', '2026-03-02T10:00:00.000Z');

function result(overrides: Partial<EmployeeResult>): EmployeeResult {
  return {
    tenantId: TENANT,
    employeeId: '3001',
    syncId: SECOND.syncId,
    outcome: 'created',
    learnampUserId: 17,
    learnampActive: true,
    fingerprint: 'f',
    problemCode: null,
    message: null,
    lifecycleStatus: 'employed',
    recordedAt: '2026-03-02T10:05:00.000Z',
    ...overrides,
  };
}

function employee(overrides: Partial<HiBobEmployee>): HiBobEmployee {
  return {
    id: '3001',
    email: 'ana@example.com',
    firstName: 'Ana',
    surname: 'Silva',
    displayName: null,
    titleId: null,
    departmentId: null,
    siteId: null,
    startDate: '2024-01-08',
    managerId: null,
    lifecycleStatus: 'employed',
    terminationDate: null,
    ...overrides,
  };
}

function input(overrides: Partial<ExplainInput>): ExplainInput {
  return {
    tenantId: TENANT,
    query: '3001',
    matchedBy: 'employee_id',
    employeeId: '3001',
    otherEmployeeIds: [],
    result: null,
    runs: [SECOND, FIRST],
    snapshot: null,
    ...overrides,
  };
}

describe('explainEmployee', () => {
  test('created employee names user, date and sync', () => {
    const explanation = explainEmployee(input({ result: result({}) }));
    expect(explanation.found).toBe(true);
    expect(explanation.learnampAccount).toBe('active');
    expect(explanation.summary).toBe(
      'Visible in HiBob (lifecycle status employed); created in Learn Amp as user 17 on 2026-03-02 by sync acme/sync-2-b.',
    );
    expect(explanation.fix).toBeNull();
  });

  test('deactivated leaver names termination date', () => {
    const explanation = explainEmployee(
      input({
        result: result({ outcome: 'deactivated', learnampActive: false, lifecycleStatus: 'terminated' }),
        snapshot: { syncId: SECOND.syncId, employee: employee({ lifecycleStatus: 'terminated', terminationDate: '2026-02-27' }) },
      }),
    );
    expect(explanation.learnampAccount).toBe('deactivated');
    expect(explanation.summary).toBe(
      'Visible in HiBob, terminated (lifecycle status terminated, termination date 2026-02-27); deactivated in Learn Amp on 2026-03-02 by sync acme/sync-2-b.',
    );
    expect(explanation.details.join(' ')).toContain('never deletes them');
  });

  test('unchanged leaver stays deactivated', () => {
    const explanation = explainEmployee(input({ result: result({ outcome: 'unchanged', learnampActive: false, lifecycleStatus: 'terminated' }) }));
    expect(explanation.learnampAccount).toBe('deactivated');
    expect(explanation.summary).toContain('Learn Amp user 17 is deactivated');
  });

  test('invisible employee names step 3 and step 5', () => {
    const explanation = explainEmployee(
      input({
        runs: [FIRST],
        result: result({ syncId: FIRST.syncId, outcome: 'not_visible', learnampActive: null, learnampUserId: 9, lifecycleStatus: null }),
      }),
    );
    expect(explanation.learnampAccount).toBe('active');
    expect(explanation.summary).toContain('Not visible to the HiBob service user');
    expect(explanation.summary).toContain('Step 3 would make them visible');
    expect(explanation.fix).toBe(`${SETUP_STEPS.lifecycle_scope} Then ${SETUP_STEPS.token_refresh}`);
    expect(explanation.details.join(' ')).toContain('leavers_not_visible');
  });

  test('skipped employee gives reason and fix', () => {
    const explanation = explainEmployee(
      input({
        result: result({
          outcome: 'skipped',
          learnampUserId: null,
          learnampActive: null,
          problemCode: 'missing_email',
          message: 'Employee 3001 has no email in HiBob; Learn Amp needs one to create a user. Add a work email in HiBob.',
        }),
      }),
    );
    expect(explanation.summary).toMatch(/^Skipped on 2026-03-02 by sync acme\/sync-2-b: missing_email — Employee 3001 has no email/);
    expect(explanation.fix).toBe('Add a work email to the employee in HiBob; the next sync creates the user.');
    expect(explanation.learnampAccount).toBe('unknown');
  });

  test('skip without problem code has generic fix', () => {
    const explanation = explainEmployee(input({ result: result({ outcome: 'skipped', message: 'Left the view.' }) }));
    expect(explanation.summary).toContain('no problem code — Left the view.');
    expect(explanation.fix).toBe('The next sync picks the employee up again.');
  });

  test('joiner waits for start date', () => {
    const explanation = explainEmployee(
      input({
        result: result({ outcome: 'waiting_for_start_date', learnampUserId: null, learnampActive: null, lifecycleStatus: 'hired' }),
        snapshot: { syncId: SECOND.syncId, employee: employee({ lifecycleStatus: 'hired', startDate: '2026-04-01' }) },
      }),
    );
    expect(explanation.summary).toMatch(/^Waiting for start date: hired with a start date of 2026-04-01/);
    expect(explanation.learnampAccount).toBe('none');
  });

  test('failed write points at retries', () => {
    const explanation = explainEmployee(input({ result: result({ outcome: 'failed', message: 'Learn Amp write failed after retries: 503' }) }));
    expect(explanation.summary).toContain('failed after every retry');
    expect(explanation.fix).toContain('The next sync tries again');
  });

  test('warning on an active employee is listed', () => {
    const explanation = explainEmployee(
      input({ result: result({ outcome: 'updated', problemCode: 'manager_not_visible', message: 'Employee 3001 reports to employee 9.' }) }),
    );
    expect(explanation.details).toContain('Warning (manager_not_visible): Employee 3001 reports to employee 9.');
    expect(explanation.fix).toBe(SETUP_STEPS.lifecycle_scope);
  });

  test('later runs that skipped the employee are mentioned', () => {
    const explanation = explainEmployee(input({ result: result({ syncId: FIRST.syncId }) }));
    expect(explanation.details.join(' ')).toContain('1 later sync(s), the newest acme/sync-2-b, recorded nothing new');
  });

  test('preview outcome says nothing was written', () => {
    const explanation = explainEmployee(input({ result: result({ outcome: 'would_deactivate', learnampActive: true }) }));
    expect(explanation.summary).toBe('Preview on 2026-03-02 by sync acme/sync-2-b: a real sync would deactivate their Learn Amp user. A preview writes nothing.');
  });

  test('unknown employee after scoped run hints at step 3', () => {
    const explanation = explainEmployee(input({ runs: [FIRST] }));
    expect(explanation.found).toBe(false);
    expect(explanation.summary).toBe('No recorded result for employee 3001: no sync of tenant acme has seen them.');
    expect(explanation.details.join(' ')).toContain('step 3 would make them visible');
    expect(explanation.fix).toContain('Step 3');
  });

  test('unknown employee after healthy run has no fix', () => {
    const explanation = explainEmployee(input({ runs: [SECOND] }));
    expect(explanation.found).toBe(false);
    expect(explanation.details).toEqual([]);
    expect(explanation.fix).toBeNull();
  });

  test('unmatched email suggests the HiBob id', () => {
    const explanation = explainEmployee(input({ query: 'nobody@example.com', matchedBy: 'email', employeeId: null }));
    expect(explanation.summary).toBe('No employee with the email nobody@example.com is in the kept snapshots of tenant acme.');
    expect(explanation.details.join(' ')).toContain('look the employee up by HiBob id');
  });

  test('tenant without runs says so', () => {
    const explanation = explainEmployee(input({ runs: [] }));
    expect(explanation.summary).toBe('Tenant acme has no recorded sync yet, so nothing is known about 3001.');
  });

  test('shared email lists the other employees', () => {
    const explanation = explainEmployee(input({ query: 'a@example.com', matchedBy: 'email', otherEmployeeIds: ['3002'], result: result({}) }));
    expect(explanation.details[0]).toBe('Other employees with this email: 3002; explain them by HiBob id.');
  });
});

describe('formatExplanation', () => {
  test('shows summary, account, record and fix', () => {
    const text = formatExplanation(
      explainEmployee(input({ query: 'ana@example.com', matchedBy: 'email', result: result({ outcome: 'skipped', problemCode: 'invalid_email', message: 'bad' }) })),
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('Employee 3001 (tenant acme, found by email ana@example.com)');
    expect(lines[2]).toBe('  Learn Amp: active (user 17)');
    expect(lines[3]).toBe('  Recorded: outcome skipped by sync acme/sync-2-b at 2026-03-02T10:05:00.000Z');
    expect(lines[4]).toBe('  Fix: Correct the email in HiBob; the next sync picks it up.');
  });
});
