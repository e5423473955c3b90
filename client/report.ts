import type { EmployeeProblemCode } from '../common/employeeProblems';
import { formatSetupProblem, SetupProblem } from '../common/setupProblems';
import { emptyRunCounts, RunCounts } from '../common/sync';
import type { EmployeeResult, SyncRunRecord } from '../store/types';

/** A skipped or failed employee in a run report. */
export interface ReportedEmployee {
  employeeId: string;
  /** Null for a skip without a record problem, e.g. an employee who left the service user's view mid-run. */
  problemCode: EmployeeProblemCode | null;
  message: string | null;
}

/** One sync run: its counts, its setup problems and every employee it skipped or failed. */
export interface RunReport {
  tenantId: string;
  syncId: string;
  startedAt: string;
  finishedAt: string | null;
  /** `completed`, `preview`, ...; null while the run is going on or when it stopped without finishing. */
  outcome: string | null;
  counts: RunCounts;
  /**
   * `run`: the counts the run stored when it finished. `results`: counted from the employee results still
   * recorded for the run, because it has not finished (or was paused).
   */
  countsFrom: 'run' | 'results';
  /**
   * False when a later run exists. Each employee keeps only their latest result, so the employee lists of an
   * older run leave out everyone a later run recorded again.
   */
  latest: boolean;
  problems: SetupProblem[];
  skipped: ReportedEmployee[];
  failed: ReportedEmployee[];
}

/**
 * Builds a run's report. `results` are the employee results recorded for the run: all of them when the run
 * stored no counts, otherwise at least the skipped and failed ones. Pure.
 */
export function buildRunReport(run: SyncRunRecord, results: readonly EmployeeResult[], latest: boolean): RunReport {
  const reported = (outcome: string) =>
    results
      .filter((result) => result.outcome === outcome)
      .map((result) => ({ employeeId: result.employeeId, problemCode: result.problemCode, message: result.message }));
  return {
    tenantId: run.tenantId,
    syncId: run.syncId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    outcome: run.outcome,
    counts: run.counts ?? countResults(results),
    countsFrom: run.counts ? 'run' : 'results',
    latest,
    problems: run.problems,
    skipped: reported('skipped'),
    failed: reported('failed'),
  };
}

/** Counts results the way a run counts outcomes; a preview's `would_*` outcomes count as the write they stand for. */
export function countResults(results: readonly EmployeeResult[]): RunCounts {
  const counts = emptyRunCounts();
  for (const result of results) {
    counts.seen += result.outcome === 'not_visible' ? 0 : 1;
    switch (result.outcome.replace(/^would_/, '')) {
      case 'create':
      case 'created':
        counts.created++;
        break;
      case 'update':
      case 'updated':
        counts.updated++;
        break;
      case 'deactivate':
      case 'deactivated':
        counts.deactivated++;
        break;
      case 'reactivate':
      case 'reactivated':
        counts.reactivated++;
        break;
      case 'skipped':
        counts.skipped++;
        break;
      case 'failed':
        counts.failed++;
        break;
      case 'not_visible':
        counts.notVisible++;
        break;
      default:
        counts.unchanged++;
    }
  }
  return counts;
}

/** Formats a run report for an admin: counts, setup problems with their fix, then each skipped or failed employee. */
export function formatRunReport(report: RunReport): string {
  const { counts } = report;
  const lines = [
    `Sync ${report.syncId} of tenant ${report.tenantId}: ${report.outcome ?? 'not finished'}`,
    `  Started ${report.startedAt}${report.finishedAt ? `, finished ${report.finishedAt}` : ''}`,
    `  Counts${report.countsFrom === 'results' ? ' (from the results recorded so far)' : ''}: seen ${counts.seen}, ` +
      `created ${counts.created}, updated ${counts.updated}, deactivated ${counts.deactivated}, ` +
      `reactivated ${counts.reactivated}, unchanged ${counts.unchanged}, skipped ${counts.skipped}, ` +
      `failed ${counts.failed}, not visible ${counts.notVisible}`,
  ];
  if (!report.latest) {
    lines.push('  A later sync exists: employees it recorded again are listed in its report, not here.');
  }
  if (report.problems.length > 0) {
    lines.push('  Problems:');
    for (const problem of report.problems) {
      lines.push(`    [${problem.severity}] ${problem.code}: ${formatSetupProblem(problem).replace(/\n/g, '\n    ')}`);
    }
  }
  for (const [title, employees] of [
    ['Skipped', report.skipped],
    ['Failed', report.failed],
  ] as const) {
    if (employees.length === 0) continue;
    lines.push(`  ${title} (${employees.length}):`);
    for (const employee of employees) {
      lines.push(`    ${employee.employeeId} ${employee.problemCode ?? '-'}: ${employee.message ?? 'no message recorded'}`);
    }
  }
  return lines.join('\n');
}
