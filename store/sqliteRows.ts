import type Database from 'better-sqlite3';
import type { SnapshotEntry } from '../activities/hibob/employee';
import { SQLITE_MIGRATIONS } from './sqliteMigrations';
import type { EmployeeResult, SnapshotRow } from './types';

/** Applies the SQLite migrations not yet recorded in `schema_migrations`. */
export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version));
  SQLITE_MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    })();
  });
}

export function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

export interface TenantRow {
  tenant_id: string;
  connection_json: string;
  secrets_sealed: string;
  credentials_version: number;
  verified_credentials_version: number | null;
}

export interface RunRow {
  sync_id: string;
  tenant_id: string;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
  counts_json: string | null;
  problems_json: string | null;
}

export interface EmployeeRow {
  employee_id: string;
  batch: number;
  wave: number;
  record_json: string | null;
}

export interface ResultRow {
  tenant_id: string;
  employee_id: string;
  sync_id: string;
  outcome: EmployeeResult['outcome'];
  learnamp_user_id: number | null;
  learnamp_active: number | null;
  fingerprint: string | null;
  problem_code: EmployeeResult['problemCode'];
  message: string | null;
  lifecycle_status: string | null;
  recorded_at: string;
}

export function toSnapshotRow(row: EmployeeRow): SnapshotRow {
  return {
    employeeId: row.employee_id,
    batch: row.batch,
    wave: row.wave,
    entry: row.record_json ? (JSON.parse(row.record_json) as SnapshotEntry) : null,
  };
}

export function toEmployeeResult(row: ResultRow): EmployeeResult {
  return {
    tenantId: row.tenant_id,
    employeeId: row.employee_id,
    syncId: row.sync_id,
    outcome: row.outcome,
    learnampUserId: row.learnamp_user_id,
    learnampActive: row.learnamp_active === null ? null : row.learnamp_active === 1,
    fingerprint: row.fingerprint,
    problemCode: row.problem_code,
    message: row.message,
    lifecycleStatus: row.lifecycle_status,
    recordedAt: row.recorded_at,
  };
}
