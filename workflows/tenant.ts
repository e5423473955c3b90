import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { TenantStatus } from '../common/status';
import { storeSteps } from './activityProxies';
import {
  disconnectSignal,
  employeesChangedSignal,
  permissionsChangedSignal,
  statusQuery,
  syncProgressSignal,
  syncRequestedSignal,
  tokenRefreshedSignal,
} from './messages';
import { runEmployeeSync, runFullSync } from './runSync';
import { TenantIntegration, TenantWorkflowInput } from './tenantIntegration';

/**
 * The long-running workflow that owns one tenant's integration, started by connect with a stable id.
 * It validates, runs full syncs and changed-employee syncs as child workflows, and waits for admin
 * signals, HiBob change notices and the periodic timer.
 */
export async function tenantWorkflow(input: TenantWorkflowInput): Promise<TenantStatus> {
  const tenant = new TenantIntegration(input);
  let runningSync: CancellationScope | null = null;

  setHandler(tokenRefreshedSignal, ({ credentialsVersion }) => tenant.onTokenRefreshed(credentialsVersion));
  setHandler(permissionsChangedSignal, () => tenant.onPermissionsChanged());
  setHandler(syncRequestedSignal, ({ reason }) => tenant.onSyncRequested(reason));
  setHandler(syncProgressSignal, (progress) => tenant.onProgress(progress));
  setHandler(employeesChangedSignal, ({ employeeIds }) => tenant.onEmployeesChanged(employeeIds));
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
      const doWork = () => (work.kind === 'employees' ? runEmployeeSync(tenant, work.employeeIds) : runFullSync(tenant, work));
      await runningSync.run(doWork).catch((error) => {
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

  // A connect that arrived after the disconnect stored newer credentials: keep them and start afresh.
  const { forgotten } = await storeSteps.forgetTenant({ tenantId: tenant.tenantId, credentialsVersion: tenant.credentialsVersion });
  if (!forgotten || tenant.credentialsChangedSinceDisconnect()) {
    log.info('Tenant reconnected during disconnect', { tenantId: tenant.tenantId });
    await continueAsNew<typeof tenantWorkflow>({ tenantId: tenant.tenantId });
  }
  tenant.setState('disconnected');
  log.info('Tenant disconnected', { tenantId: tenant.tenantId });
  return tenant.getStatus();
}
