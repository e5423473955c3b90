import { setupProblem } from '../../common/setupProblems';
import { emptyRunCounts, EmployeeOutcome } from '../../common/sync';
import { buildRunReport, countResults, formatRunReport } from '../../client/report';
import type { EmployeeResult, SyncRunRecord } from '../../store/types';

const RUN: SyncRunRecord = {
  syncId: 'acme/sync-3-c',
  tenantId: 'acme',
  startedAt: '2026-03-03T10:00:00.000Z',
  finishedAt: '2026-03-03T10:04:00.000Z',
  outcome: 'completed',
  counts: { ...emptyRunCounts(), seen: 10, created: 6, skipped: 1, failed: 1, unchanged: 2, notVisible: 1 },
  problems: [setupProblem('synced_employees_not_visible', '1 active Learn Amp user is linked to an employee the service user cannot see.', { count: 1 })],
};

function result(employeeId: string, outcome: EmployeeOutcome, problem?: Pick<EmployeeResult, 'problemCode' | 'message'>): EmployeeResult {
  return {
    tenantId: 'acme',
    employeeId,
    syncId: RUN.syncId,
    outcome,
    learnampUserId: null,
    learnampActive: null,
    fingerprint: null,
    problemCode: problem?.problemCode ?? null,
    message: problem?.message ?? null,
    lifecycleStatus: 'employed',
    recordedAt: '2026-03-03T10:02:00.000Z',
  };
}

const SKIPPED = result('11', 'skipped', { problemCode: 'duplicate_email', message: 'Employee 11 shares their email. Give each a distinct email in HiBob.' });
const FAILED = result('12', 'failed', { problemCode: null, message: 'Learn Amp write failed after retries: 503' });

describe('buildRunReport', () => {
  test('uses the counts the run stored', () => {
    const report = buildRunReport(RUN, [SKIPPED, FAILED], true);
    expect(report.counts).toEqual(RUN.counts);
    expect(report.countsFrom).toBe('run');
  });

  test('lists skipped and failed employees', () => {
    const report = buildRunReport(RUN, [SKIPPED, FAILED], true);
    expect(report.skipped).toEqual([{ employeeId: '11', problemCode: 'duplicate_email', message: SKIPPED.message }]);
    expect(report.failed).toEqual([{ employeeId: '12', problemCode: null, message: FAILED.message }]);
  });

  test('counts results of an unfinished run', () => {
    const unfinished = { ...RUN, finishedAt: null, outcome: null, counts: null };
    const report = buildRunReport(unfinished, [result('1', 'created'), result('2', 'unchanged'), SKIPPED, result('4', 'not_visible')], true);
    expect(report.countsFrom).toBe('results');
    expect(report.counts).toEqual({ ...emptyRunCounts(), seen: 3, created: 1, unchanged: 1, skipped: 1, notVisible: 1 });
  });
});

describe('countResults', () => {
  test('counts preview outcomes as their writes', () => {
    const counts = countResults([result('1', 'would_create'), result('2', 'would_deactivate'), result('3', 'waiting_for_start_date')]);
    expect(counts.created).toBe(1);
    expect(counts.deactivated).toBe(1);
    expect(counts.unchanged).toBe(1);
  });
});

describe('formatRunReport', () => {
  test('prints counts, problems and employees', () => {
    const text = formatRunReport(buildRunReport(RUN, [SKIPPED, FAILED], true));
    expect(text).toContain('Sync acme/sync-3-c of tenant acme: completed');
    expect(text).toContain('seen 10, created 6, updated 0, deactivated 0, reactivated 0, unchanged 2, skipped 1, failed 1, not visible 1');
    expect(text).toContain('[warning] synced_employees_not_visible');
    expect(text).toContain('Skipped (1):\n    11 duplicate_email: Employee 11 shares their email.');
    expect(text).toContain('Failed (1):\n    12 -: Learn Amp write failed after retries: 503');
  });

  test('older run warns that later runs replaced results', () => {
    const text = formatRunReport(buildRunReport(RUN, [], false));
    expect(text).toContain('A later sync exists');
  });
});
