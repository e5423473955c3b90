import { ChildWorkflowCancellationType, executeChild, isCancellation, log, workflowInfo } from '@temporalio/workflow';
import { tenantIdKey } from '../common/searchAttributes';
import { hasBlockingProblem } from '../common/setupProblems';
import type { LastRun } from '../common/status';
import { emptyRunCounts, SyncScope } from '../common/sync';
import { hibobReads, validation } from './activityProxies';
import { pausingProblem, unreachableProblem } from './failureProblems';
import { fullSyncWorkflow, FullSyncInput } from './fullSync';
import type { TenantIntegration, TenantWork } from './tenantIntegration';

/** Validates the connection, then runs or resumes a full sync unless a problem blocks it. */
export async function runFullSync(tenant: TenantIntegration, work: Extract<TenantWork, { kind: 'sync' | 'resume' }>): Promise<void> {
  const tenantId = tenant.tenantId;
  const resuming = work.kind === 'resume';
  const syncId = resuming ? work.cursor.syncId : tenant.nextSyncId();
  log.info('Sync starting', { tenantId, syncId, reason: resuming ? 'resume' : work.reason });
  tenant.setState('validating');

  let check;
  try {
    // A resumed sync keeps its snapshot, so validation must not store a new index over it.
    check = await validation.validateConnection({ tenantId, syncId: resuming ? undefined : syncId });
  } catch (error) {
    if (isCancellation(error)) throw error;
    tenant.block(unreachableProblem(error), resuming ? work.cursor : null, true);
    return;
  }
  tenant.recordValidation(check.problems, check.statusCounts, check.settings);
  if (hasBlockingProblem(check.problems)) {
    // A wrong or unreachable URL is retried on the failure schedule, not a day later.
    const failed = check.problems.some((problem) => problem.severity === 'blocking' && problem.step === 'network');
    tenant.block(null, resuming ? work.cursor : null, failed);
    return;
  }

  const preview = !resuming && tenant.isPreviewDue();
  if (resuming && !sameCounts(check.statusCounts, work.cursor.visibleStatusCounts)) {
    // The new token shows other employees than the snapshot holds, because the refresh applied new permissions.
    // Finish the paused run, then start over.
    tenant.requestFollowUpSync('visibility changed while the sync was paused');
  }
  await runChild(tenant, 'full', {
    tenantId,
    syncId,
    parentWorkflowId: workflowInfo().workflowId,
    settings: check.settings,
    batchCount: resuming ? work.cursor.batchCount : check.batchCount,
    problems: check.problems,
    scope: 'full',
    // The first sync and every few after compare with all of Learn Amp. The others trust fingerprints.
    reconcile: resuming ? work.cursor.reconcile : check.knownEmployees === 0 || tenant.isReconcileDue(),
    preview,
    visibleStatusCounts: resuming ? work.cursor.visibleStatusCounts : check.statusCounts,
    cursor: resuming ? work.cursor : undefined,
  });
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/** Re-reads and syncs only employees HiBob reported as changed. Ids it could not read are queued again. */
export async function runEmployeeSync(tenant: TenantIntegration, employeeIds: string[]): Promise<void> {
  const tenantId = tenant.tenantId;
  const syncId = tenant.nextSyncId();
  log.info('Employee sync starting', { tenantId, syncId, employees: employeeIds.length });
  tenant.setState('syncing');
  let indexed;
  try {
    indexed = await hibobReads.indexEmployees({ tenantId, syncId, employeeIds });
  } catch (error) {
    if (isCancellation(error)) throw error;
    tenant.requeueEmployees(employeeIds);
    const problem = pausingProblem(error);
    tenant.block(problem ?? unreachableProblem(error), null, problem === null);
    return;
  }
  await runChild(tenant, 'employees', {
    tenantId,
    syncId,
    parentWorkflowId: workflowInfo().workflowId,
    settings: indexed.settings,
    batchCount: indexed.batchCount,
    problems: indexed.problem ? [indexed.problem] : [],
    scope: 'employees',
    reconcile: false,
    preview: false,
    visibleStatusCounts: {},
  });
}

/** Runs one sync child workflow and records how it ended. */
async function runChild(tenant: TenantIntegration, scope: SyncScope, input: FullSyncInput): Promise<void> {
  tenant.setState('syncing');
  const startedAt = new Date().toISOString();
  const run = (outcome: LastRun['outcome'], counts = emptyRunCounts()): LastRun => ({
    syncId: input.syncId,
    scope,
    preview: input.preview,
    startedAt,
    finishedAt: new Date().toISOString(),
    outcome,
    counts,
  });
  try {
    const result = await executeChild(fullSyncWorkflow, {
      workflowId: `hibob-sync/${input.syncId}`,
      args: [input],
      // On disconnect, wait until the sync has stopped before its tenant's data is forgotten.
      cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
      typedSearchAttributes: [{ key: tenantIdKey, value: input.tenantId }],
      memo: { tenantId: input.tenantId, syncId: input.syncId, scope, preview: input.preview },
    });
    if (result.outcome === 'completed') {
      tenant.finishRun(run('completed', result.counts), result.problems);
    } else {
      tenant.recordUnfinishedRun(run('paused', result.cursor?.counts));
      tenant.block(result.problem, result.cursor);
    }
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.error('Sync failed', { tenantId: input.tenantId, syncId: input.syncId, error: error instanceof Error ? error.message : String(error) });
    tenant.recordUnfinishedRun(run('failed'));
    tenant.block(unreachableProblem(error), null, true);
  }
}
