import {
  formatSetupProblem,
  hasBlockingProblem,
  SETUP_STEPS,
  setupProblem,
  type SetupProblemCode,
  type SetupStep,
} from '../../common/setupProblems';

describe('setupProblem', () => {
  test.each<[SetupProblemCode, SetupStep, 'blocking' | 'warning']>([
    ['hibob_credentials_missing', 'service_user', 'blocking'],
    ['hibob_unauthorized', 'service_user', 'blocking'],
    ['hibob_token_revoked', 'token_refresh', 'blocking'],
    ['hibob_forbidden', 'group_members', 'blocking'],
    ['hibob_unreachable', 'network', 'blocking'],
    ['no_employees_visible', 'lifecycle_scope', 'blocking'],
    ['lifecycle_not_readable', 'lifecycle_section', 'blocking'],
    ['lifecycle_partially_readable', 'lifecycle_section', 'warning'],
    ['leavers_not_visible', 'lifecycle_scope', 'warning'],
    ['synced_employees_not_visible', 'lifecycle_scope', 'warning'],
    ['learnamp_invalid_client', 'learnamp_credentials', 'blocking'],
    ['learnamp_scope_missing', 'learnamp_credentials', 'blocking'],
    ['learnamp_unreachable', 'network', 'blocking'],
  ])('%s maps to %s and is %s', (code, step, severity) => {
    const problem = setupProblem(code, 'message');
    expect(problem.step).toBe(step);
    expect(problem.severity).toBe(severity);
  });

  test('keeps code and message', () => {
    const problem = setupProblem('hibob_forbidden', 'HiBob returned 403');
    expect(problem.code).toBe('hibob_forbidden');
    expect(problem.message).toBe('HiBob returned 403');
  });

  test('leaves out employee fields when not given', () => {
    const problem = setupProblem('hibob_forbidden', 'HiBob returned 403');
    expect(problem).not.toHaveProperty('count');
    expect(problem).not.toHaveProperty('sampleEmployeeIds');
  });

  test('keeps count and sample ids', () => {
    const problem = setupProblem('leavers_not_visible', 'm', { count: 2, sampleEmployeeIds: ['1', '2'] });
    expect(problem.count).toBe(2);
    expect(problem.sampleEmployeeIds).toEqual(['1', '2']);
  });

  test('cuts sample ids to ten', () => {
    const ids = Array.from({ length: 12 }, (_, i) => String(i));
    const problem = setupProblem('synced_employees_not_visible', 'm', { count: 12, sampleEmployeeIds: ids });
    expect(problem.sampleEmployeeIds).toEqual(ids.slice(0, 10));
    expect(problem.count).toBe(12);
  });
});

describe('hasBlockingProblem', () => {
  test('empty list is not blocking', () => {
    expect(hasBlockingProblem([])).toBe(false);
  });

  test('warnings alone are not blocking', () => {
    const problems = [setupProblem('leavers_not_visible', 'm'), setupProblem('lifecycle_partially_readable', 'm')];
    expect(hasBlockingProblem(problems)).toBe(false);
  });

  test('one blocking problem among warnings blocks', () => {
    const problems = [setupProblem('leavers_not_visible', 'm'), setupProblem('hibob_token_revoked', 'm')];
    expect(hasBlockingProblem(problems)).toBe(true);
  });
});

describe('formatSetupProblem', () => {
  const text = formatSetupProblem(setupProblem('lifecycle_not_readable', 'No lifecycle status came back.'));

  test('starts with message', () => {
    expect(text.startsWith('No lifecycle status came back.\n')).toBe(true);
  });

  test('ends with text of fixing step', () => {
    expect(text.endsWith(`Fix: ${SETUP_STEPS.lifecycle_section}`)).toBe(true);
  });
});

describe('SETUP_STEPS', () => {
  test.each([
    ['service_user', 'Step 1'],
    ['group_members', 'Step 2'],
    ['lifecycle_scope', 'Step 3'],
    ['lifecycle_section', 'Step 4'],
    ['token_refresh', 'Step 5'],
  ] as const)('%s is %s', (step, label) => {
    expect(SETUP_STEPS[step].startsWith(label)).toBe(true);
  });

  test('lifecycle_section names the HiBob permission', () => {
    expect(SETUP_STEPS.lifecycle_section).toContain("View selected employees' Lifecycle sections");
  });

  test('lifecycle_scope asks for every status', () => {
    expect(SETUP_STEPS.lifecycle_scope).toContain('terminated');
  });
});
