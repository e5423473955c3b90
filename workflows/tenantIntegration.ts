import { upsertSearchAttributes } from '@temporalio/workflow';
import { integrationStateKey } from '../common/searchAttributes';
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
}

export interface TenantWorkflowInput {
  tenantId: string;
  carried?: CarriedState;
}

/** Work the tenant workflow does next: a full sync (validation first), or resuming a paused one. */
export type TenantWork = { kind: 'sync'; reason: string } | { kind: 'resume'; cursor: SyncCursor };

/** Problems that only an admin can fix; retrying them on a timer would repeat calls HiBob may block. */
const ADMIN_ONLY_PROBLEMS: readonly SetupProblemCode[] = ['hibob_unauthorized', 'hibob_token_revoked', 'learnamp_invalid_client', 'hibob_credentials_missing'];

/** How soon a sync that failed on an unreachable API is tried again. */
const RETRY_AFTER_FAILURE_MS = 15 * 60 * 1000;

/**
 * A tenant's integration: state, queued admin requests and the last run. The workflow function feeds it
 * signals and timer events and asks it what to do next. Deterministic: it reads the clock only via
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
    };
    this.syncWanted = carried ? carried.syncWanted : 'connected';
    this.credentialsChanged = carried?.credentialsChanged ?? false;
    this.pausedCursor = carried?.pausedCursor ?? null;
    this.waitingForAdmin = carried?.waitingForAdmin ?? false;
  }

  get tenantId(): string {
    return this.status.tenantId;
  }

  onTokenRefreshed(): void {
    this.credentialsChanged = true;
    this.waitingForAdmin = false;
  }

  onPermissionsChanged(): void {
    // New permissions can change who is visible, so a paused run's snapshot is stale: start over.
    this.syncWanted = 'permissions changed';
    this.pausedCursor = null;
    this.waitingForAdmin = false;
  }

  onSyncRequested(reason: string): void {
    this.syncWanted = reason || 'requested';
    this.waitingForAdmin = false;
  }

  onProgress(progress: SyncProgress): void {
    this.status.progress = progress;
  }

  /** Called when the periodic timer fires; a tenant waiting for an admin is not retried. */
  onTimer(): void {
    if (!this.waitingForAdmin) this.syncWanted ??= 'periodic';
  }

  hasWork(): boolean {
    return this.credentialsChanged || this.syncWanted !== null;
  }

  /** Takes the next piece of work, clearing the requests it answers. */
  takeWork(): TenantWork | null {
    if (!this.hasWork()) return null;
    const reason = this.syncWanted ?? 'token refreshed';
    this.credentialsChanged = false;
    this.syncWanted = null;
    if (this.pausedCursor) return { kind: 'resume', cursor: this.pausedCursor };
    return { kind: 'sync', reason };
  }

  /** Milliseconds until the periodic sync, or undefined to wait for a signal only. */
  msUntilNextSync(): number | undefined {
    if (this.waitingForAdmin || !this.status.nextSyncAt) return undefined;
    return Math.max(1, Date.parse(this.status.nextSyncAt) - Date.now());
  }

  /** True when the sync being started is one of the periodic full comparisons with Learn Amp. */
  isReconcileDue(): boolean {
    return this.status.syncsStarted % this.settings.reconcileEverySyncs === 0;
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

  /** Validation or a sync found a problem that stops syncing. */
  block(problem: SetupProblem | null, pausedCursor: SyncCursor | null): void {
    if (problem) this.status.problems = mergeProblems(this.status.problems, [problem]);
    this.pausedCursor = pausedCursor;
    this.status.pausedSync = pausedCursor
      ? { syncId: pausedCursor.syncId, nextBatch: pausedCursor.nextBatch, batchCount: pausedCursor.batchCount }
      : null;
    this.status.progress = null;
    this.waitingForAdmin = this.status.problems.some((p) => ADMIN_ONLY_PROBLEMS.includes(p.code));
    const retryInMs = this.status.problems.some((p) => p.step === 'network') ? RETRY_AFTER_FAILURE_MS : this.intervalMs();
    this.status.nextSyncAt = this.waitingForAdmin ? null : new Date(Date.now() + retryInMs).toISOString();
    this.setState('needs_attention');
  }

  finishRun(run: LastRun, problems: SetupProblem[]): void {
    this.status.lastRun = run;
    this.status.problems = mergeProblems(this.status.problems, problems);
    this.status.progress = null;
    this.status.pausedSync = null;
    this.pausedCursor = null;
    this.status.nextSyncAt = new Date(Date.now() + this.intervalMs()).toISOString();
    this.setState(hasBlockingProblem(this.status.problems) ? 'needs_attention' : this.status.problems.length > 0 ? 'degraded' : 'healthy');
  }

  recordPausedRun(run: LastRun): void {
    this.status.lastRun = run;
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
    };
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
