import type { IndexRow } from '../../activities/sync/employeeIndex';
import { countStatuses, lifecycleProblems } from '../../activities/sync/lifecycleChecks';
import type { SetupProblem } from '../../common/setupProblems';

function row(employeeId: string, lifecycleStatus: string | null): IndexRow {
  return { employeeId, email: `${employeeId}@example.com`, lifecycleStatus, managerId: null };
}

/** A company whose service user sees every status. */
const HEALTHY = [row('1', 'employed'), row('2', 'employed'), row('3', 'terminated'), row('4', 'hired')];

function problemCodes(problems: readonly SetupProblem[]): string[] {
  return problems.map((problem) => problem.code);
}

function findProblem(problems: readonly SetupProblem[], code: SetupProblem['code']): SetupProblem | undefined {
  return problems.find((problem) => problem.code === code);
}

describe('lifecycleProblems', () => {
  test('healthy company has no problems', () => {
    expect(lifecycleProblems(HEALTHY, ['1', '2'])).toEqual([]);
  });

  test('no rows gives only no_employees_visible', () => {
    expect(problemCodes(lifecycleProblems([], ['1', '2']))).toEqual(['no_employees_visible']);
  });

  test('no statuses gives only lifecycle_not_readable', () => {
    const rows = [row('1', null), row('2', null)];
    expect(problemCodes(lifecycleProblems(rows, ['1', '99']))).toEqual(['lifecycle_not_readable']);
  });

  test('lifecycle_not_readable message counts employees', () => {
    const rows = [row('1', null), row('2', null), row('3', null)];
    expect(lifecycleProblems(rows, [])[0]?.message).toContain('3 visible employees');
  });

  test('some statuses missing gives lifecycle_partially_readable', () => {
    const rows = [...HEALTHY, row('5', null), row('6', null)];
    expect(problemCodes(lifecycleProblems(rows, []))).toEqual(['lifecycle_partially_readable']);
  });

  test('lifecycle_partially_readable counts and samples unreadable ids', () => {
    const rows = [...HEALTHY, row('5', null), row('6', null)];
    const problem = findProblem(lifecycleProblems(rows, []), 'lifecycle_partially_readable');
    expect(problem?.count).toBe(2);
    expect(problem?.sampleEmployeeIds).toEqual(['5', '6']);
  });

  test('lifecycle_partially_readable samples at most ten ids', () => {
    const unreadable = Array.from({ length: 15 }, (_, i) => row(`u${i}`, null));
    const problem = findProblem(lifecycleProblems([...HEALTHY, ...unreadable], []), 'lifecycle_partially_readable');
    expect(problem?.count).toBe(15);
    expect(problem?.sampleEmployeeIds).toHaveLength(10);
  });

  test('no terminated employee gives leavers_not_visible', () => {
    const rows = [row('1', 'employed'), row('2', 'hired')];
    expect(problemCodes(lifecycleProblems(rows, []))).toEqual(['leavers_not_visible']);
  });

  test('leavers_not_visible lists statuses seen', () => {
    const rows = [row('1', 'employed'), row('2', 'employed'), row('3', 'garden leave')];
    const problem = findProblem(lifecycleProblems(rows, []), 'leavers_not_visible');
    expect(problem?.message).toContain('employed 2, garden leave 1');
  });

  test('partial statuses without terminated give both problems', () => {
    const rows = [row('1', 'employed'), row('2', null)];
    expect(problemCodes(lifecycleProblems(rows, []))).toEqual(['lifecycle_partially_readable', 'leavers_not_visible']);
  });

  test('vanished active employees give synced_employees_not_visible', () => {
    expect(problemCodes(lifecycleProblems(HEALTHY, ['1', '98', '99']))).toEqual(['synced_employees_not_visible']);
  });

  test('synced_employees_not_visible counts and samples vanished ids', () => {
    const problem = findProblem(lifecycleProblems(HEALTHY, ['1', '98', '99']), 'synced_employees_not_visible');
    expect(problem?.count).toBe(2);
    expect(problem?.sampleEmployeeIds).toEqual(['98', '99']);
  });

  test('synced_employees_not_visible samples at most ten ids', () => {
    const vanished = Array.from({ length: 25 }, (_, i) => `gone-${i}`);
    const problem = findProblem(lifecycleProblems(HEALTHY, vanished), 'synced_employees_not_visible');
    expect(problem?.count).toBe(25);
    expect(problem?.sampleEmployeeIds).toEqual(vanished.slice(0, 10));
  });

  test('reports three warnings together', () => {
    const rows = [row('1', 'employed'), row('2', null)];
    expect(problemCodes(lifecycleProblems(rows, ['1', '3']))).toEqual([
      'lifecycle_partially_readable',
      'leavers_not_visible',
      'synced_employees_not_visible',
    ]);
  });

  test.each<[SetupProblem['code'], IndexRow[], string[], string, string]>([
    ['no_employees_visible', [], [], 'lifecycle_scope', 'blocking'],
    ['lifecycle_not_readable', [row('1', null)], [], 'lifecycle_section', 'blocking'],
    ['lifecycle_partially_readable', [...HEALTHY, row('5', null)], [], 'lifecycle_section', 'warning'],
    ['leavers_not_visible', [row('1', 'employed')], [], 'lifecycle_scope', 'warning'],
    ['synced_employees_not_visible', HEALTHY, ['99'], 'lifecycle_scope', 'warning'],
  ])('%s maps to step %s', (code, rows, previouslyActiveIds, step, severity) => {
    const problem = findProblem(lifecycleProblems(rows, previouslyActiveIds), code);
    expect(problem?.step).toBe(step);
    expect(problem?.severity).toBe(severity);
  });
});

describe('countStatuses', () => {
  test('counts statuses in first-seen order', () => {
    const rows = [row('1', 'hired'), row('2', 'employed'), row('3', 'hired')];
    expect([...countStatuses(rows)]).toEqual([
      ['hired', 2],
      ['employed', 1],
    ]);
  });

  test('leaves out unreadable statuses', () => {
    expect([...countStatuses([row('1', null), row('2', 'employed')])]).toEqual([['employed', 1]]);
  });
});
