import { isCancellation, log } from '@temporalio/workflow';
import type { InvitePolicy } from '../common/tenant';
import { PlannedWrite, RunCounts } from '../common/sync';
import { learnampWrites } from './activityProxies';
import { pausingProblem } from './failureProblems';

const OUTCOME_COUNT: Record<string, keyof RunCounts> = {
  created: 'created',
  updated: 'updated',
  deactivated: 'deactivated',
  reactivated: 'reactivated',
  skipped: 'skipped',
  failed: 'failed',
};

/**
 * Runs planned writes wave by wave (managers before their reports), at most `concurrency` at once.
 * A write that fails after its retries is returned as a failure. An authorization failure stops the
 * remaining writes and is rethrown, so the sync pauses.
 */
export async function runWrites(
  writes: readonly PlannedWrite[],
  options: { tenantId: string; syncId: string; invitePolicy: InvitePolicy; concurrency: number; partial: boolean },
  counts: RunCounts,
): Promise<{ employeeId: string; message: string }[]> {
  const failures: { employeeId: string; message: string }[] = [];
  let pauseError: unknown = null;
  const waves = [...new Set(writes.map((write) => write.wave))].sort((a, b) => a - b);

  for (const wave of waves) {
    const queue = writes.filter((write) => write.wave === wave);
    const worker = async () => {
      for (let write = queue.shift(); write && !pauseError; write = queue.shift()) {
        try {
          const { outcome } = await learnampWrites.applyWrite({ ...options, write });
          const key = OUTCOME_COUNT[outcome] ?? 'unchanged';
          counts[key]++;
        } catch (error) {
          if (isCancellation(error)) throw error;
          if (pausingProblem(error)) {
            pauseError = error;
            return;
          }
          log.warn('Learn Amp write failed after retries', { tenantId: options.tenantId, employeeId: write.employeeId });
          failures.push({ employeeId: write.employeeId, message: error instanceof Error ? error.message : String(error) });
          counts.failed++;
        }
      }
    };
    // allSettled, so a cancellation waits for every write in flight, not just the first to stop.
    const settled = await Promise.allSettled(Array.from({ length: Math.max(1, options.concurrency) }, worker));
    const rejected = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (rejected) throw rejected.reason;
    if (pauseError) throw pauseError;
  }
  return failures;
}
