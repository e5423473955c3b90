import type { SetupProblem } from '../common/setupProblems';
import type { RunCounts } from '../common/sync';
import type { SyncStore } from '../store/types';
import { applyWrite, ApplyWriteInput } from './applyWrite';
import { planBatch, PlanBatchInput, planManagers, prepareRun, readBatch, recordFailedWrites, RunRef } from './syncSteps';
import { validateConnection, ValidateConnectionInput } from './validateConnection';
import { indexEmployees } from './indexEmployees';

/** Builds the activities with their store bound; the worker registers the returned object. */
export function createActivities(store: SyncStore) {
  return {
    validateConnection: (input: ValidateConnectionInput) => validateConnection(store, input),
    indexEmployees: (input: RunRef & { employeeIds: string[] }) => indexEmployees(store, input),
    prepareRun: (input: Parameters<typeof prepareRun>[1]) => prepareRun(store, input),
    readBatch: (input: RunRef & { batch: number }) => readBatch(store, input),
    planBatch: (input: PlanBatchInput) => planBatch(store, input),
    planManagers: (input: Parameters<typeof planManagers>[1]) => planManagers(store, input),
    applyWrite: (input: ApplyWriteInput) => applyWrite(store, input),
    recordFailedWrites: (input: Parameters<typeof recordFailedWrites>[1]) => recordFailedWrites(store, input),
    async finishSync(run: RunRef & { outcome: string; counts: RunCounts; problems: SetupProblem[] }): Promise<void> {
      await store.finishRun(run.tenantId, run.syncId, run.outcome, run.counts, run.problems);
    },
    /**
     * Forgets a tenant's credentials and snapshots, unless credentials newer than `credentialsVersion`
     * were stored meanwhile (a connect right after a disconnect). Returns whether it forgot them.
     */
    async forgetTenant(input: { tenantId: string; credentialsVersion: number }): Promise<{ forgotten: boolean }> {
      const tenant = await store.getTenant(input.tenantId);
      if (tenant && tenant.credentialsVersion > input.credentialsVersion) return { forgotten: false };
      await store.forgetTenant(input.tenantId);
      return { forgotten: true };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
