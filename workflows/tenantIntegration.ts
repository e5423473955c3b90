import { upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { integrationStateKey, lastRunResultKey, lastSyncTimeKey } from '../common/searchAttributes';
import { hasBlockingProblem, SetupProblem, SetupProblemCode } from '../common/setupProblems';
import type { IntegrationState, LastRun, SyncProgress, TenantStatus } from '../common/status';
import type { SyncCursor } from '../common/sync';
import { TenantSettings, tenantSettingsWithDefaults } from '../common/tenant';

/** State carried from one run of the tenant workflow to the next by continue-as-new. */
export interface CarriedState {
  status: TenantStatus;
  settings: TenantSettings;
  syncWanted: string | null;
  credentialsChanged: boolean;
  pausedCursor: SyncCursor | null;
  waitingForAdmin: boolean;
  pendingEmployeeIds: string[];
  previewDone: boolean;
  freshSyncRequired: boolean;
  credentialsVersion: number;
}

export interface TenantWorkflowInput {
  tenantId: string;
  carried?: CarriedState;
}

/** Work the tenant workflow does next: a full sync (validation first), resuming a paused one, or re-reading changed employees. */
export type TenantWork =
  | { kind: 'sync'; reason: string }
  | { kind: 'resume'; cursor: SyncCursor }
  | { kind: 'employees'; employeeIds: string[] };

/** Problems that only an admin can fix; retrying them on a timer would repeat calls HiBob may block. */
const ADMIN_ONLY_PROBLEMS: readonly SetupProblemCode[] = [
  'hibob_unauthorized',
  'hibob_token_revoked',
  'hibob_forbidden',
  'learnamp_invalid_client',
  'hibob_credentials_missing',
];

/** First retry after a run failed on an unreachable API; each further failure doubles it. */
const FIRST_RETRY_AFTER_FAILURE_MS = 15 * 60 * 1000;

/** Failed runs in a row after which the tenant is `failing` and stops retrying until an admin acts. */
export const MAX_CONSECUTIVE_FAILURES = 5;

/**
 * Pending changed employees above which one full sync runs instead. It also bounds the id list that
 * continue-as-new and `indexEmployees` carry: 2,000 ids of up to 64 characters stay under 256 KB.
 */
const MAX_PENDING_EMPLOYEE_IDS = 2000;

/**
 * A tenant's integration: state, queued admin requests and the last run. The workflow function passes it
 * signals and timer events and gets from it the next piece of work. Deterministic: it reads the clock only via
 * the workflow's `Date`.
 */
export class TenantIntegration {
  settings: TenantSettings;
  disconnecting = false;
  private status: TenantStatus;
  private syncWanted: string | null;
  private credentialsChanged: boolean;
  private pausedCursor: SyncCursor | null;
  private waitingForAdmin: boolean;
  private pendingEmployeeIds: Set<string>;
  private previewDone: boolean;
  /** Set by permissionsChanged: a paused run's snapshot predates the change, so the next sync starts over. */
  private freshSyncRequired: boolean;
  /** Latest credentials version a signal announced; disconnect forgets only credentials up to it. */
  credentialsVersion: number;

  constructor(input: TenantWorkflowInput) {
    const carried = input.carried;
    this.settings = carried?.settings ?? tenantSettingsWithDefaults();
    this.status = carried?.status ?? {
      tenantId: input.tenantId,
      state: 'validating',
      stateSince: new Date().toISOString(),
      problems: [],
      progress: null,
      lastRun: null,
      pausedSync: null,
      nextSyncAt: null,
      syncsStarted: 0,
      visibleStatusCounts: {},
      pendingEmployeeUpdates: 0,
      consecutiveFailures: 0,
    };
    this.syncWanted = carried ? carried.syncWanted : 'connected';
    this.credentialsChanged = carried?.credentialsChanged ?? false;
    this.pausedCursor = carried?.pausedCursor ?? null;
    this.waitingForAdmin = carried?.waitingForAdmin ?? false;
    this.pendingEmployeeIds = new Set(carried?.pendingEmployeeIds ?? []);
    this.previewDone = carried?.previewDone ?? false;
    this.freshSyncRequired = carried?.freshSyncRequired ?? false;
    this.credentialsVersion = carried?.credentialsVersion ?? 0;
  }

  get tenantId(): string {
    return this.status.tenantId;
  }

  onTokenRefreshed(credentialsVersion: number): void {
    this.credentialsChanged = true;
    this.credentialsVersion = Math.max(this.credentialsVersion, credentialsVersion);
    this.adminActed();
  }

  onPermissionsChanged(): void {
    // New permissions can change who is visible, so a paused run's snapshot is stale: start over.
    this.syncWanted = 'permissions changed';
    this.pausedCursor = null;
    this.freshSyncRequired = true;
    this.adminActed();
  }

  onSyncRequested(reason: string): void {
    this.syncWanted = reason || 'requested';
    this.adminActed();
  }

  onEmployeesChanged(employeeIds: readonly string[]): void {
    for (const id of employeeIds) this.pendingEmployeeIds.add(id);
    if (this.pendingEmployeeIds.size > MAX_PENDING_EMPLOYEE_IDS) {
      this.syncWanted ??= 'many employees changed';
      this.pendingEmployeeIds.clear();
    }
    this.status.pendingEmployeeUpdates = this.pendingEmployeeIds.size;
  }

  onProgress(progress: SyncProgress): void {
    this.status.progress = progress;
  }

  /** Called when the periodic timer fires; a tenant waiting for an admin is not retried. */
  onTimer(): void {
    if (!this.waitingForAdmin) this.syncWanted ??= 'periodic';
  }

  hasWork(): boolean {
    if (this.waitingForAdmin) return this.credentialsChanged || this.syncWanted !== null;
    return this.credentialsChanged || this.syncWanted !== null || this.pendingEmployeeIds.size > 0;
  }

  /** Takes the next piece of work and clears the requests it covers. A full sync covers pending employee changes. */
  takeWork(): TenantWork | null {
    if (!this.hasWork()) return null;
    if (!this.credentialsChanged && this.syncWanted === null) {
      const employeeIds = [...this.pendingEmployeeIds].sort();
      this.pendingEmployeeIds.clear();
      this.status.pendingEmployeeUpdates = 0;
      return { kind: 'employees', employeeIds };
    }
    const reason = this.syncWanted ?? 'token refreshed';
    this.credentialsChanged = false;
    this.syncWanted = null;
    if (this.pausedCursor && !this.freshSyncRequired) return { kind: 'resume', cursor: this.pausedCursor };
    this.freshSyncRequired = false;
    this.pendingEmployeeIds.clear();
    this.status.pendingEmployeeUpdates = 0;
    return { kind: 'sync', reason };
  }

  /** Puts back employee ids whose run could not read them, so the next run tries again. */
  requeueEmployees(employeeIds: readonly string[]): void {
    this.onEmployeesChanged(employeeIds);
  }

  /** Milliseconds until the periodic sync, or undefined to wait for a signal only. */
  msUntilNextSync(): number | undefined {
    if (this.waitingForAdmin || !this.status.nextSyncAt) return undefined;
    return Math.max(1, Date.parse(this.status.nextSyncAt) - Date.now());
  }

  /** True when the next full sync should be a preview that writes nothing. */
  isPreviewDue(): boolean {
    return this.settings.previewFirstSync && !this.previewDone;
  }

  /** True when the sync being started is one of the periodic full comparisons with Learn Amp. */
  isReconcileDue(): boolean {
    return this.status.syncsStarted % this.settings.reconcileEverySyncs === 0 || this.status.lastRun?.preview === true;
  }

  nextSyncId(): string {
    this.status.syncsStarted++;
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return `${this.tenantId}/sync-${this.status.syncsStarted}-${stamp}`;
  }

  setState(state: IntegrationState): void {
    if (state === this.status.state) return;
    this.status.state = state;
    this.status.stateSince = new Date().toISOString();
    upsertSearchAttributes([{ key: integrationStateKey, value: state }]);
  }

  recordValidation(problems: SetupProblem[], statusCounts: Record<string, number>, settings: TenantSettings): void {
    this.status.problems = problems;
    this.status.visibleStatusCounts = statusCounts;
    this.settings = settings;
  }

  /**
   * Validation or a sync found a problem that stops syncing. `failed` marks a run that failed on an
   * unreachable API: such runs are retried with a doubling delay until too many fail in a row.
   */
  block(problem: SetupProblem | null, pausedCursor: SyncCursor | null, failed = false): void {
    if (problem) this.status.problems = mergeProblems(this.status.problems, [problem]);
    this.pausedCursor = this.freshSyncRequired ? null : pausedCursor;
    this.status.pausedSync = pausedCursor
      ? { syncId: pausedCursor.syncId, nextBatch: pausedCursor.nextBatch, batchCount: pausedCursor.batchCount }
      : null;
    this.status.progress = null;
    if (failed) this.status.consecutiveFailures++;
    const tooManyFailures = this.status.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES;
    this.waitingForAdmin = tooManyFailures || this.status.problems.some((p) => ADMIN_ONLY_PROBLEMS.includes(p.code));
    const retryInMs = failed ? FIRST_RETRY_AFTER_FAILURE_MS * 2 ** (this.status.consecutiveFailures - 1) : this.intervalMs();
    this.status.nextSyncAt = this.waitingForAdmin ? null : new Date(Date.now() + Math.min(retryInMs, this.intervalMs())).toISOString();
    this.setState(tooManyFailures ? 'failing' : 'needs_attention');
  }

  /** True when a connect or token refresh arrived after the disconnect request. */
  credentialsChangedSinceDisconnect(): boolean {
    return this.disconnecting && this.credentialsChanged;
  }

  /** Queues a full sync after the current work, e.g. when visibility changed while a run was paused. */
  requestFollowUpSync(reason: string): void {
    this.syncWanted ??= reason;
    this.freshSyncRequired = true;
  }

  finishRun(run: LastRun, problems: SetupProblem[]): void {
    this.status.lastRun = run;
    this.status.problems = mergeProblems(this.status.problems, problems);
    this.status.progress = null;
    this.status.pausedSync = null;
    this.status.consecutiveFailures = 0;
    this.pausedCursor = null;
    if (run.preview) {
      this.previewDone = true;
      this.status.nextSyncAt = null;
      this.waitingForAdmin = true;
      this.setState('preview_ready');
    } else {
      // Writes that failed after their retries are tried again soon instead of a day later.
      const nextInMs = run.counts.failed > 0 ? Math.min(FIRST_RETRY_AFTER_FAILURE_MS, this.intervalMs()) : this.intervalMs();
      this.status.nextSyncAt = new Date(Date.now() + nextInMs).toISOString();
      let state: IntegrationState = 'healthy';
      if (hasBlockingProblem(this.status.problems)) state = 'needs_attention';
      else if (this.status.problems.length > 0) state = 'degraded';
      this.setState(state);
    }
    let result = this.status.problems.length > 0 ? 'completed_with_warnings' : 'completed';
    if (run.preview) result = 'preview';
    this.recordRunSearchAttributes(run, result);
  }

  recordUnfinishedRun(run: LastRun): void {
    this.status.lastRun = run;
    this.recordRunSearchAttributes(run, run.outcome);
  }

  getStatus(): TenantStatus {
    return this.status;
  }

  carried(): CarriedState {
    return {
      status: this.status,
      settings: this.settings,
      syncWanted: this.syncWanted,
      credentialsChanged: this.credentialsChanged,
      pausedCursor: this.pausedCursor,
      waitingForAdmin: this.waitingForAdmin,
      pendingEmployeeIds: [...this.pendingEmployeeIds],
      previewDone: this.previewDone,
      freshSyncRequired: this.freshSyncRequired,
      credentialsVersion: this.credentialsVersion,
    };
  }

  private adminActed(): void {
    this.waitingForAdmin = false;
    this.status.consecutiveFailures = 0;
  }

  private recordRunSearchAttributes(run: LastRun, result: string): void {
    upsertSearchAttributes([
      { key: lastSyncTimeKey, value: new Date(run.finishedAt) },
      { key: lastRunResultKey, value: result },
    ]);
    upsertMemo({ lastRun: { syncId: run.syncId, scope: run.scope, outcome: run.outcome, counts: run.counts } });
  }

  private intervalMs(): number {
    return this.settings.syncIntervalMinutes * 60 * 1000;
  }
}

/** Adds problems, replacing an earlier problem with the same code. */
function mergeProblems(current: SetupProblem[], added: SetupProblem[]): SetupProblem[] {
  const codes = new Set(added.map((problem) => problem.code));
  return [...current.filter((problem) => !codes.has(problem.code)), ...added];
}
