import { formatSetupProblem } from '../common/setupProblems';
import type { TenantStatus } from '../common/status';
import type { RunCounts } from '../common/sync';

/** Formats run counts on one line. */
export function formatCounts(counts: RunCounts): string {
  return (
    `seen ${counts.seen}, created ${counts.created}, updated ${counts.updated}, deactivated ${counts.deactivated}, ` +
    `reactivated ${counts.reactivated}, unchanged ${counts.unchanged}, skipped ${counts.skipped}, failed ${counts.failed}` +
    (counts.notVisible > 0 ? `, linked users not visible ${counts.notVisible}` : '')
  );
}

/** Formats a tenant's status for an admin: state, what HiBob shows, the last run and every problem with its fix. */
export function formatStatus(status: TenantStatus): string {
  const lines = [`Tenant ${status.tenantId}: ${status.state} since ${status.stateSince}`];
  const visible = Object.entries(status.visibleStatusCounts);
  if (visible.length > 0) lines.push(`  Visible in HiBob: ${visible.map(([state, count]) => `${state} ${count}`).join(', ')}`);
  if (status.progress) {
    const { progress } = status;
    lines.push(`  Running ${progress.syncId}: ${progress.phase}, batch ${progress.batchesDone} of ${progress.batchCount}`);
  }
  if (status.lastRun) {
    const run = status.lastRun;
    let kind = 'Last sync';
    if (run.preview) kind = 'Last sync (preview, nothing written)';
    else if (run.scope === 'employees') kind = 'Last sync of changed employees';
    lines.push(`  ${kind} ${run.syncId}: ${run.outcome} at ${run.finishedAt}`);
    lines.push(`    ${formatCounts(run.counts)}`);
    if (run.counts.skipped + run.counts.failed > 0) {
      lines.push(`    Skipped and failed employees, with reasons: hibob-sync report --tenant ${status.tenantId}`);
    }
  }
  if (status.pendingEmployeeUpdates > 0) lines.push(`  Changed employees waiting for their sync: ${status.pendingEmployeeUpdates}`);
  if (status.pausedSync) {
    lines.push(`  Paused ${status.pausedSync.syncId} before batch ${status.pausedSync.nextBatch + 1} of ${status.pausedSync.batchCount}`);
  }
  if (status.problems.length > 0) {
    lines.push('  Problems:');
    for (const problem of status.problems) {
      lines.push(`    [${problem.severity}] ${problem.code}: ${formatSetupProblem(problem).replace(/\n/g, '\n    ')}`);
    }
  }
  if (!['validating', 'syncing', 'disconnected'].includes(status.state)) {
    lines.push(`  Next periodic sync: ${status.nextSyncAt ?? 'none until an admin acts'}`);
  }
  return lines.join('\n');
}
