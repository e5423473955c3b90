import type { SetupProblem } from '../common/setupProblems';
import type { RunCounts } from '../common/sync';
import type { SyncStore } from '../store/syncStore';
import { applyWrite, ApplyWriteInput } from './applyWrite';
import { loadLearnAmpUsers, planBatch, planManagers, readBatch, recordFailedWrites, RunRef, syncTeams } from './syncSteps';
import { validateConnection, ValidateConnectionInput } from './validateConnection';

/** Builds the activities with their store bound; the worker registers the returned object. */
export function createActivities(store: SyncStore) {
  return {
    validateConnection: (input: ValidateConnectionInput) => validateConnection(store, input),
    syncTeams: (run: RunRef) => syncTeams(store, run),
    loadLearnAmpUsers: (run: RunRef) => loadLearnAmpUsers(store, run),
    readBatch: (input: Parameters<typeof readBatch>[1]) => readBatch(store, input),
    planBatch: (input: Parameters<typeof planBatch>[1]) => planBatch(store, input),
    planManagers: (input: Parameters<typeof planManagers>[1]) => planManagers(store, input),
    applyWrite: (input: ApplyWriteInput) => applyWrite(store, input),
    recordFailedWrites: (input: Parameters<typeof recordFailedWrites>[1]) => recordFailedWrites(store, input),
    async finishSync(run: RunRef & { outcome: string; counts: RunCounts; problems: SetupProblem[] }): Promise<void> {
      store.finishRun(run.tenantId, run.syncId, run.outcome, run.counts, run.problems);
    },
    async forgetTenant(input: { tenantId: string }): Promise<void> {
      store.forgetTenant(input.tenantId);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
