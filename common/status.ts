import type { SetupProblem } from './setupProblems';
import type { RunCounts, SyncPhase, SyncScope } from './sync';

/**
 * A tenant's integration state, also kept in the `IntegrationState` search attribute.
 * `healthy`: last sync finished with no problem. `degraded`: it finished, but with warnings (e.g. leavers
 * not visible). `needs_attention`: blocked until an admin acts. `preview_ready`: a preview run recorded
 * what it would write and waits for `sync`. `failing`: several runs in a row failed on an unreachable
 * API, so periodic retries stopped until an admin acts. `disconnected`: the workflow has ended.
 */
export type IntegrationState =
  | 'validating'
  | 'syncing'
  | 'healthy'
  | 'degraded'
  | 'needs_attention'
  | 'preview_ready'
  | 'failing'
  | 'disconnected';

/** Progress of the running sync, reported by the sync workflow after each batch. */
export interface SyncProgress {
  syncId: string;
  phase: SyncPhase;
  /** Batches finished so far. */
  batchesDone: number;
  batchCount: number;
  counts: RunCounts;
}

export interface LastRun {
  syncId: string;
  scope: SyncScope;
  /** True for a preview run, which wrote nothing to Learn Amp. */
  preview: boolean;
  startedAt: string;
  finishedAt: string;
  outcome: 'completed' | 'paused' | 'failed' | 'cancelled';
  counts: RunCounts;
}

/** What the `status` query returns. Holds no secret and no personal data beyond employee ids. */
export interface TenantStatus {
  tenantId: string;
  state: IntegrationState;
  stateSince: string;
  /** Problems from the last validation and the last sync; blocking ones explain `needs_attention`. */
  problems: SetupProblem[];
  progress: SyncProgress | null;
  lastRun: LastRun | null;
  /** A sync paused by an authorization failure; it resumes from `nextBatch` after `tokenRefreshed`. */
  pausedSync: { syncId: string; nextBatch: number; batchCount: number } | null;
  nextSyncAt: string | null;
  syncsStarted: number;
  /** Visible HiBob employees per lifecycle status, from the last validation. */
  visibleStatusCounts: Record<string, number>;
  /** Employee ids HiBob reported as changed, waiting for their sync. */
  pendingEmployeeUpdates: number;
  /** Runs in a row that failed on an unreachable API; reset by a completed run. */
  consecutiveFailures: number;
}
