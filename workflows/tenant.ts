import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { tenantIdKey } from '../common/searchAttributes';
import { hasBlockingProblem } from '../common/setupProblems';
import type { TenantStatus } from '../common/status';
import { emptyRunCounts } from '../common/sync';
import { hibobReads, storeSteps } from './activityProxies';
import { unreachableProblem } from './failureProblems';
import { fullSyncWorkflow, FullSyncInput } from './fullSync';
import {
  disconnectSignal,
  permissionsChangedSignal,
  statusQuery,
  syncProgressSignal,
  syncRequestedSignal,
  tokenRefreshedSignal,
} from './messages';
import { TenantIntegration, TenantWork, TenantWorkflowInput } from './tenantIntegration';

/**
 * The long-running workflow that owns one tenant's integration, started by connect with a stable id.
 * It validates, runs full syncs as child workflows, and waits for admin signals and the periodic timer.
 */
export async function tenantWorkflow(input: TenantWorkflowInput): Promise<TenantStatus> {
  const tenant = new TenantIntegration(input);
  let runningSync: CancellationScope | null = null;

  setHandler(tokenRefreshedSignal, () => tenant.onTokenRefreshed());
  setHandler(permissionsChangedSignal, () => tenant.onPermissionsChanged());
  setHandler(syncRequestedSignal, ({ reason }) => tenant.onSyncRequested(reason));
  setHandler(syncProgressSignal, (progress) => tenant.onProgress(progress));
  setHandler(disconnectSignal, ({ reason }) => {
    log.info('Disconnect requested', { tenantId: tenant.tenantId, reason });
    tenant.disconnecting = true;
    runningSync?.cancel();
  });
  setHandler(statusQuery, () => tenant.getStatus());

  while (!tenant.disconnecting) {
    const work = tenant.takeWork();
    if (work) {
      runningSync = new CancellationScope();
      await runningSync.run(() => doWork(tenant, work)).catch((error) => {
        if (!isCancellation(error)) throw error;
      });
      runningSync = null;
    } else {
      const woken = () => tenant.hasWork() || tenant.disconnecting;
      const waitMs = tenant.msUntilNextSync();
      if (waitMs === undefined) await condition(woken);
      else if (!(await condition(woken, waitMs))) tenant.onTimer();
    }
    const info = workflowInfo();
    if (!tenant.disconnecting && (info.continueAsNewSuggested || info.historyLength > tenant.settings.continueAsNewAfterEvents)) {
      // Signal handlers only set flags, so once they finish every queued request is in the carried state.
      await condition(allHandlersFinished);
      await continueAsNew<typeof tenantWorkflow>({ tenantId: tenant.tenantId, carried: tenant.carried() });
    }
  }

  await storeSteps.forgetTenant({ tenantId: tenant.tenantId });
  tenant.setState('disconnected');
  log.info('Tenant disconnected', { tenantId: tenant.tenantId });
  return tenant.getStatus();
}

/** Validates the connection, then runs or resumes a full sync unless a problem blocks it. */
async function doWork(tenant: TenantIntegration, work: TenantWork): Promise<void> {
  const tenantId = tenant.tenantId;
  const resuming = work.kind === 'resume';
  const syncId = resuming ? work.cursor.syncId : tenant.nextSyncId();
  log.info('Sync starting', { tenantId, syncId, reason: resuming ? 'resume' : work.reason });
  tenant.setState('validating');

  let check;
  try {
    // A resumed sync keeps its snapshot, so validation must not store a new index over it.
    check = await hibobReads.validateConnection({ tenantId, syncId: resuming ? undefined : syncId });
  } catch (error) {
    if (isCancellation(error)) throw error;
    tenant.block(unreachableProblem(error), resuming ? work.cursor : null);
    return;
  }
  tenant.recordValidation(check.problems, check.statusCounts, check.settings);
  if (hasBlockingProblem(check.problems)) {
    tenant.block(null, resuming ? work.cursor : null);
    return;
  }

  tenant.setState('syncing');
  const startedAt = new Date().toISOString();
  const childInput: FullSyncInput = {
    tenantId,
    syncId,
    parentWorkflowId: workflowInfo().workflowId,
    settings: check.settings,
    batchCount: resuming ? work.cursor.batchCount : check.batchCount,
    problems: check.problems,
    // The first sync and every few after compare with all of Learn Amp; the rest trust fingerprints.
    reconcile: resuming ? work.cursor.reconcile : check.knownEmployees === 0 || tenant.isReconcileDue(),
    cursor: resuming ? work.cursor : undefined,
  };
  try {
    const result = await executeChild(fullSyncWorkflow, {
      workflowId: `hibob-sync/${syncId}`,
      args: [childInput],
      typedSearchAttributes: [{ key: tenantIdKey, value: tenantId }],
      memo: { tenantId, syncId },
    });
    const finishedAt = new Date().toISOString();
    if (result.outcome === 'completed') {
      tenant.finishRun({ syncId, startedAt, finishedAt, outcome: 'completed', counts: result.counts }, result.problems);
    } else {
      tenant.recordPausedRun({ syncId, startedAt, finishedAt, outcome: 'paused', counts: result.cursor?.counts ?? emptyRunCounts() });
      tenant.block(result.problem, result.cursor);
    }
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.error('Sync failed', { tenantId, syncId, error: error instanceof Error ? error.message : String(error) });
    tenant.recordPausedRun({ syncId, startedAt, finishedAt: new Date().toISOString(), outcome: 'failed', counts: emptyRunCounts() });
    tenant.block(unreachableProblem(error), null);
  }
}
