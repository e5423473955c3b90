import { continueAsNew, getExternalWorkflowHandle, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { SetupProblem, setupProblem } from '../common/setupProblems';
import type { SyncProgress } from '../common/status';
import {
  addRunCounts,
  countKeyOfWrite,
  emptyRunCounts,
  PlannedWrite,
  RunCounts,
  SyncCursor,
  SyncPhase,
  SyncScope,
} from '../common/sync';
import type { TenantSettings } from '../common/tenant';
import { hibobReads, learnampReads, storeSteps } from './activityProxies';
import { pausingProblem } from './failureProblems';
import { syncProgressQuery, syncProgressSignal } from './messages';
import { runWrites } from './runWrites';

export interface FullSyncInput {
  tenantId: string;
  syncId: string;
  /** Tenant workflow to report progress to. */
  parentWorkflowId: string;
  settings: TenantSettings;
  batchCount: number;
  /** Problems found by validation, kept with the run's record. */
  problems: SetupProblem[];
  /** `employees` covers only employees HiBob reported as changed, and leaves teams and invisible users alone. */
  scope: SyncScope;
  /** Load every Learn Amp user and compare with it instead of trusting fingerprints (first sync, periodic check). */
  reconcile: boolean;
  /** Plan and record what would be written, and write nothing. */
  preview: boolean;
  /** Visible employees per lifecycle status when the snapshot was taken, kept in the cursor. */
  visibleStatusCounts: Record<string, number>;
  /** Set when resuming a paused sync or continuing as new: batches before `nextBatch` are done. */
  cursor?: SyncCursor;
}

/** History events one write adds (scheduled, started, completed, and the workflow tasks around them), measured at about 5. */
const EVENTS_PER_WRITE = 6;

/** Most history events a run should reach; Temporal's hard limit is about 51,200, and runs are kept far below it. */
const MAX_EVENTS_PER_RUN = 9000;

export type FullSyncResult =
  | { outcome: 'completed'; counts: RunCounts; problems: SetupProblem[] }
  /** `cursor` is null when the sync stopped before its first batch and must start over. */
  | { outcome: 'paused'; problem: SetupProblem; cursor: SyncCursor | null };

/**
 * Runs one sync of a tenant. It writes teams and, when reconciling, snapshots Learn Amp users. Then it
 * reads HiBob and makes the Learn Amp writes batch by batch, and sets the manager links last. It continues
 * as new between batches when its history grows long. It returns `paused` with a cursor when HiBob or
 * Learn Amp stops accepting its credentials.
 */
export async function fullSyncWorkflow(input: FullSyncInput): Promise<FullSyncResult> {
  const { tenantId, syncId, settings } = input;
  const partial = input.scope === 'employees';
  const problems = [...input.problems];
  const counts = input.cursor ? { ...input.cursor.counts } : emptyRunCounts();
  let nextBatch = input.cursor?.nextBatch ?? 0;
  let phase: SyncPhase = input.cursor ? 'syncing_batches' : 'preparing';

  const progress = (): SyncProgress => ({ syncId, phase, batchesDone: nextBatch, batchCount: input.batchCount, counts });
  setHandler(syncProgressQuery, progress);
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  // A paused batch is replanned on resume, so its partial counts are dropped.
  let countsBeforeBatch = { ...counts };
  let leftView = 0;
  const cursor = (): SyncCursor => ({
    syncId,
    nextBatch,
    batchCount: input.batchCount,
    counts: countsBeforeBatch,
    reconcile: input.reconcile,
    visibleStatusCounts: input.visibleStatusCounts,
  });

  try {
    if (!input.cursor && !partial) {
      const prepared = await learnampReads.prepareRun({ tenantId, syncId, reconcile: input.reconcile, preview: input.preview });
      if (prepared.problem) problems.push(prepared.problem);
      counts.notVisible = prepared.problem?.count ?? 0;
    }

    phase = 'syncing_batches';
    for (; nextBatch < input.batchCount; nextBatch++) {
      countsBeforeBatch = { ...counts };
      await hibobReads.readBatch({ tenantId, syncId, batch: nextBatch });
      const plan = await learnampReads.planBatch({
        tenantId,
        syncId,
        batch: nextBatch,
        invitePolicy: settings.invitePolicy,
        reconcile: input.reconcile,
        partial,
        preview: input.preview,
      });
      // A batch whose writes would take this run past its event budget starts the next run instead; replanning is safe.
      const batchesInThisRun = nextBatch - (input.cursor?.nextBatch ?? 0);
      const projectedEvents = workflowInfo().historyLength + plan.writes.length * EVENTS_PER_WRITE;
      // NOTE: added without patched() because no history from before it exists outside tests (patch markers are
      // also stored unencrypted); a later change to this check must use patched().
      if (!input.preview && batchesInThisRun > 0 && projectedEvents > MAX_EVENTS_PER_RUN) {
        log.info('Sync continues as new before a large batch', { tenantId, syncId, nextBatch });
        await continueAsNew<typeof fullSyncWorkflow>({ ...input, problems: [...problems, ...runProblems(0, leftView)], cursor: cursor() });
      }
      addRunCounts(counts, plan.counts);
      leftView += plan.leftView;
      if (input.preview) countPreviewWrites(plan.writes, counts);
      else await applyAll(input, plan.writes, counts);
      await parent.signal(syncProgressSignal, { ...progress(), batchesDone: nextBatch + 1 });
      if (workflowInfo().historyLength > settings.continueAsNewAfterEvents && nextBatch + 1 < input.batchCount) {
        log.info('Sync continues as new', { tenantId, syncId, nextBatch: nextBatch + 1 });
        const next: SyncCursor = { ...cursor(), nextBatch: nextBatch + 1, counts };
        await continueAsNew<typeof fullSyncWorkflow>({ ...input, problems: [...problems, ...runProblems(0, leftView)], cursor: next });
      }
    }

    if (!input.preview) {
      phase = 'setting_managers';
      countsBeforeBatch = { ...counts };
      const managerWrites = await learnampReads.planManagers({
        tenantId,
        syncId,
        invitePolicy: settings.invitePolicy,
        batchCount: input.batchCount,
        partial,
        reconcile: input.reconcile,
      });
      // Manager links complete users already counted as created or updated, so only failures are added.
      const managerCounts = emptyRunCounts();
      await applyAll(input, managerWrites, managerCounts);
      counts.failed += managerCounts.failed;
    }
  } catch (error) {
    const problem = pausingProblem(error);
    if (!problem) throw error;
    log.warn('Sync paused', { tenantId, syncId, nextBatch, problem: problem.code });
    return { outcome: 'paused', problem, cursor: phase === 'preparing' ? null : cursor() };
  }

  phase = 'finishing';
  problems.push(...runProblems(counts.failed, leftView));
  await storeSteps.finishSync({ tenantId, syncId, outcome: input.preview ? 'preview' : 'completed', counts, problems });
  log.info('Sync completed', { tenantId, syncId, scope: input.scope, preview: input.preview, ...counts });
  return { outcome: 'completed', counts, problems };
}

/** Runs writes and adds their outcomes to `counts`. Writes that outlast their retries are recorded as failed. */
async function applyAll(input: FullSyncInput, writes: PlannedWrite[], counts: RunCounts): Promise<void> {
  const { tenantId, syncId } = input;
  const failures = await runWrites(
    writes,
    {
      tenantId,
      syncId,
      invitePolicy: input.settings.invitePolicy,
      concurrency: input.settings.writeConcurrency,
      partial: input.scope === 'employees',
    },
    counts,
  );
  if (failures.length > 0) await storeSteps.recordFailedWrites({ tenantId, syncId, failures });
}

/** Warnings about the run itself: writes that failed after retries, employees that left the service user's view. */
function runProblems(failed: number, leftView: number): SetupProblem[] {
  const problems: SetupProblem[] = [];
  if (failed > 0) {
    problems.push(
      setupProblem('learnamp_writes_failed', `${failed} Learn Amp writes failed after retries; "hibob-sync report" lists them, and the next sync tries them again.`, {
        count: failed,
      }),
    );
  }
  if (leftView > 0) {
    problems.push(
      setupProblem(
        'employees_left_view',
        `${leftView} employees left the HiBob service user's view during the sync: the permission group changed. They were left as they are in Learn Amp.`,
        { count: leftView },
      ),
    );
  }
  return problems;
}

/** Counts the writes a preview would make, as a real run would count them once they succeed. */
function countPreviewWrites(writes: readonly PlannedWrite[], counts: RunCounts): void {
  for (const write of writes) counts[countKeyOfWrite(write.action)]++;
}
