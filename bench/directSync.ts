import { DefaultLogger } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../activities';
import { NON_RETRYABLE_FAILURE_TYPES } from '../common/failureTypes';
import { hasBlockingProblem } from '../common/setupProblems';
import { addRunCounts, emptyRunCounts, PlannedWrite, RunCounts } from '../common/sync';
import type { SyncStore } from '../store/types';
import { loadConfig } from '../worker/config';
import { openStore } from '../worker/openStore';

/** Result of one direct sync: its id, wall time and counts. */
export interface DirectSyncResult {
  syncId: string;
  wallMs: number;
  counts: RunCounts;
}

/** Mirrors the retry policy of the `learnampWrites` activity proxy: 2 s doubling to 1 min, 12 attempts. */
const WRITE_RETRY = { initialMs: 2000, maxMs: 60_000, maximumAttempts: 12 };

/**
 * Runs the benchmark's baseline: one full sync that calls the activity functions in-process, in the order
 * and with the write concurrency of the full sync workflow, with no Temporal server. It makes the same
 * HTTP calls as the workflow, so the difference in wall time is the cost of orchestration.
 */
export async function runDirectSync(store: SyncStore, tenantId: string, syncId: string): Promise<DirectSyncResult> {
  const started = Date.now();
  const activities = createActivities(store);
  const logger = new DefaultLogger('WARN');
  const environments = new Map<number, MockActivityEnvironment>();
  const call = <I, R>(activity: (input: I) => Promise<R>, input: I, attempt = 1): Promise<R> => {
    if (!environments.has(attempt)) environments.set(attempt, new MockActivityEnvironment({ attempt }, { logger }));
    return environments.get(attempt)!.run(activity, input);
  };

  const check = await call(activities.validateConnection, { tenantId, syncId });
  if (hasBlockingProblem(check.problems)) {
    throw new Error(`Validation of ${tenantId} found blocking problems: ${check.problems.map((problem) => problem.code).join(', ')}`);
  }
  const { settings } = check;
  // The benchmark runs fewer syncs per tenant than reconcileEverySyncs, so only the first one reconciles.
  const reconcile = check.knownEmployees === 0;
  const counts = emptyRunCounts();
  const writeOptions = { tenantId, syncId, invitePolicy: settings.invitePolicy, concurrency: settings.writeConcurrency, partial: false };
  const applyWrites = async (writes: readonly PlannedWrite[], into: RunCounts) => {
    const waves = [...new Set(writes.map((write) => write.wave))].sort((a, b) => a - b);
    for (const wave of waves) {
      const queue = writes.filter((write) => write.wave === wave);
      const worker = async () => {
        for (let write = queue.shift(); write; write = queue.shift()) {
          try {
            const { outcome } = await withRetries((attempt) => call(activities.applyWrite, { ...writeOptions, write }, attempt));
            into[(outcome in into ? outcome : 'unchanged') as keyof RunCounts]++;
          } catch {
            // The workflow records a write that outlasts its retries as failed and carries on.
            into.failed++;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, settings.writeConcurrency) }, worker));
    }
  };

  const prepared = await call(activities.prepareRun, { tenantId, syncId, reconcile, preview: false });
  counts.notVisible = prepared.problem?.count ?? 0;
  for (let batch = 0; batch < check.batchCount; batch++) {
    await call(activities.readBatch, { tenantId, syncId, batch });
    const plan = await call(activities.planBatch, { tenantId, syncId, batch, invitePolicy: settings.invitePolicy, reconcile, partial: false, preview: false });
    addRunCounts(counts, plan.counts);
    await applyWrites(plan.writes, counts);
  }
  const managerWrites = await call(activities.planManagers, {
    tenantId,
    syncId,
    invitePolicy: settings.invitePolicy,
    batchCount: check.batchCount,
    partial: false,
  });
  await applyWrites(managerWrites, emptyRunCounts());
  const problems = prepared.problem ? [...check.problems, prepared.problem] : check.problems;
  await call(activities.finishSync, { tenantId, syncId, outcome: 'completed', counts, problems });
  return { syncId, wallMs: Date.now() - started, counts };
}

/** Retries like Temporal would: `nextRetryDelay` when the failure sets one, else exponential backoff. */
async function withRetries<R>(attemptCall: (attempt: number) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptCall(attempt);
    } catch (error) {
      const failure = error instanceof ApplicationFailure ? error : null;
      const final = failure?.nonRetryable || (failure?.type && NON_RETRYABLE_FAILURE_TYPES.includes(failure.type));
      if (final || attempt >= WRITE_RETRY.maximumAttempts) throw error;
      const backoffMs = Math.min(WRITE_RETRY.initialMs * 2 ** (attempt - 1), WRITE_RETRY.maxMs);
      const delayMs = typeof failure?.nextRetryDelay === 'number' ? failure.nextRetryDelay : backoffMs;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** A request from the benchmark to the direct-sync process, and its reply. */
export interface DirectSyncRequest {
  tenantId: string;
  syncId: string;
}
export type DirectSyncReply = { ok: true; result: DirectSyncResult } | { ok: false; error: string };

/**
 * Serves direct syncs to the parent process over IPC, one at a time, with one store for the process's
 * life, so that like the worker it is warm after its first sync. The store folder is HIBOB_SYNC_DATA_DIR.
 */
function serve(): void {
  const store = openStore(loadConfig());
  process.on('message', (request: DirectSyncRequest) => {
    runDirectSync(store, request.tenantId, request.syncId).then(
      (result) => process.send!({ ok: true, result } satisfies DirectSyncReply),
      (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies DirectSyncReply),
    );
  });
  process.on('disconnect', () => {
    void store.close().finally(() => process.exit(0));
  });
}

if (require.main === module) {
  if (!process.send) {
    process.stderr.write('directSync.js is started by the benchmark with an IPC channel (child_process.fork)\n');
    process.exit(2);
  }
  serve();
}
