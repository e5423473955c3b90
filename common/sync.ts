/** Types shared by the sync workflows, the activities and the CLI. Pure module. */

/** A write hibob-sync makes to Learn Amp for one employee. */
export type WriteAction = 'create' | 'update' | 'deactivate' | 'reactivate' | 'set_manager';

/** A write chosen by planning a batch; the activity recomputes the body when it runs. */
export interface PlannedWrite {
  readonly employeeId: string;
  readonly action: WriteAction;
  /** Depth in the reporting line: writes run wave by wave so managers exist before their reports. */
  readonly wave: number;
}

/** Outcome of one employee in one run, as recorded for reports and `explain`. */
export type EmployeeOutcome =
  | 'created'
  | 'updated'
  | 'deactivated'
  | 'reactivated'
  | 'unchanged'
  | 'skipped'
  | 'failed'
  | 'not_created_leaver'
  | 'waiting_for_start_date'
  | 'not_visible'
  | PreviewOutcome;

/** Outcome a preview run records for an employee that a real run would write. */
export type PreviewOutcome = 'would_create' | 'would_update' | 'would_deactivate' | 'would_reactivate';

/** Maps a planned write to the outcome a preview records for it. */
export function previewOutcomeOf(action: WriteAction): PreviewOutcome {
  switch (action) {
    case 'create':
      return 'would_create';
    case 'deactivate':
      return 'would_deactivate';
    case 'reactivate':
      return 'would_reactivate';
    default:
      return 'would_update';
  }
}

/** Returns the run count a write adds to once it succeeds (or would, in a preview). */
export function countKeyOfWrite(action: WriteAction): 'created' | 'updated' | 'deactivated' | 'reactivated' {
  switch (action) {
    case 'create':
      return 'created';
    case 'deactivate':
      return 'deactivated';
    case 'reactivate':
      return 'reactivated';
    default:
      return 'updated';
  }
}

/**
 * What a sync run covers: `full` reads every visible employee; `employees` re-reads only employees
 * HiBob reported as changed, and draws no conclusion about anyone else.
 */
export type SyncScope = 'full' | 'employees';

/** Per-run counts shown by `status` and kept with each run. */
export interface RunCounts {
  seen: number;
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  /** Linked Learn Amp users whose employee the service user cannot see: reported, never deactivated. */
  notVisible: number;
}

export function emptyRunCounts(): RunCounts {
  return { seen: 0, created: 0, updated: 0, deactivated: 0, reactivated: 0, unchanged: 0, skipped: 0, failed: 0, notVisible: 0 };
}

/** Adds `more` into `into`, field by field. */
export function addRunCounts(into: RunCounts, more: Partial<RunCounts>): RunCounts {
  for (const key of Object.keys(more) as (keyof RunCounts)[]) {
    into[key] += more[key] ?? 0;
  }
  return into;
}

/** The phases of a full sync, in order. */
export type SyncPhase = 'preparing' | 'syncing_batches' | 'setting_managers' | 'finishing';

/** Position at which a paused or continued sync picks up. */
export interface SyncCursor {
  readonly syncId: string;
  /** Next batch to read and write; batches before it are finished. */
  readonly nextBatch: number;
  readonly batchCount: number;
  readonly counts: RunCounts;
  /** Whether the run compares with every Learn Amp user instead of trusting fingerprints. */
  readonly reconcile: boolean;
  /** Visible employees per lifecycle status when the run's snapshot was taken. */
  readonly visibleStatusCounts: Record<string, number>;
}
