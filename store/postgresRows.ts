import type { SnapshotEntry } from '../activities/hibob/employee';
import type { LearnAmpUser } from '../activities/learnamp/user';
import type { SetupProblem } from '../common/setupProblems';
import type { RunCounts } from '../common/sync';
import type { EmployeeResult, SnapshotRow, SyncRunRecord, TenantConnection } from './types';

// Row shapes as node-postgres returns them: json columns parsed, timestamptz as Date, bigint as text.

export interface TenantRow {
  tenant_id: string;
  connection: TenantConnection;
  secrets_sealed: string;
  credentials_version: number;
  verified_credentials_version: number | null;
}

export interface RunRow {
  tenant_id: string;
  sync_id: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: string | null;
  counts: RunCounts | null;
  problems: SetupProblem[] | null;
}

export interface EmployeeRow {
  employee_id: string;
  batch: number;
  wave: number;
  record: SnapshotEntry | null;
}

export interface ResultRow {
  tenant_id: string;
  employee_id: string;
  sync_id: string;
  outcome: EmployeeResult['outcome'];
  learnamp_user_id: string | null;
  learnamp_active: boolean | null;
  fingerprint: string | null;
  problem_code: EmployeeResult['problemCode'];
  message: string | null;
  lifecycle_status: string | null;
  recorded_at: Date;
}

export function toSyncRunRecord(row: RunRow): SyncRunRecord {
  return {
    syncId: row.sync_id,
    tenantId: row.tenant_id,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    outcome: row.outcome,
    counts: row.counts,
    problems: row.problems ?? [],
  };
}

export function toSnapshotRow(row: EmployeeRow): SnapshotRow {
  return { employeeId: row.employee_id, batch: row.batch, wave: row.wave, entry: row.record };
}

export function toEmployeeResult(row: ResultRow): EmployeeResult {
  return {
    tenantId: row.tenant_id,
    employeeId: row.employee_id,
    syncId: row.sync_id,
    outcome: row.outcome,
    learnampUserId: row.learnamp_user_id === null ? null : Number(row.learnamp_user_id),
    learnampActive: row.learnamp_active,
    fingerprint: row.fingerprint,
    problemCode: row.problem_code,
    message: row.message,
    lifecycleStatus: row.lifecycle_status,
    recordedAt: row.recorded_at.toISOString(),
  };
}

/**
 * Collapses repeated employees into one result each, as if they were recorded one after another: the
 * last result wins, but a null Learn Amp user id or active flag keeps the earlier value. One
 * `INSERT ... ON CONFLICT` statement cannot update the same row twice, so repeats must go first.
 */
export function collapseRepeatedResults(results: readonly EmployeeResult[]): EmployeeResult[] {
  const byEmployee = new Map<string, EmployeeResult>();
  for (const result of results) {
    const key = JSON.stringify([result.tenantId, result.employeeId]);
    const earlier = byEmployee.get(key);
    byEmployee.set(
      key,
      earlier
        ? {
            ...result,
            learnampUserId: result.learnampUserId ?? earlier.learnampUserId,
            learnampActive: result.learnampActive ?? earlier.learnampActive,
          }
        : result,
    );
  }
  return [...byEmployee.values()];
}

/** Keeps the last of users that share an id, for the same reason as `collapseRepeatedResults`. */
export function lastUserPerId(users: readonly LearnAmpUser[]): LearnAmpUser[] {
  return [...new Map(users.map((user) => [user.id, user])).values()];
}
