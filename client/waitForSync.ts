import type { TenantStatus } from '../common/status';
import { AdminContext, tenantStatus } from './adminActions';

/**
 * Polls the `status` query until the tenant has started at least `syncNumber` syncs and is no longer
 * validating or syncing. Calls `onProgress` whenever the running sync reports a new batch.
 */
export async function waitForSyncToSettle(
  context: AdminContext,
  tenantId: string,
  syncNumber: number,
  options: { timeoutMs?: number; onProgress?: (status: TenantStatus) => void } = {},
): Promise<TenantStatus> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60 * 1000);
  let lastProgress = '';
  while (Date.now() < deadline) {
    const status = await tenantStatus(context, tenantId).catch(() => null);
    if (status) {
      const progress = status.progress ? `${status.progress.syncId}:${status.progress.batchesDone}` : '';
      if (progress && progress !== lastProgress) options.onProgress?.(status);
      lastProgress = progress;
      const settled = !['validating', 'syncing'].includes(status.state);
      if (status.syncsStarted >= syncNumber && settled) return status;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Tenant ${tenantId} did not finish sync ${syncNumber} in time; check the worker log and the Web UI`);
}
