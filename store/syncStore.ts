import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SetupProblem } from '../common/setupProblems';
import type { RunCounts } from '../common/sync';
import { MIGRATIONS } from './migrations';
import { SecretBox } from './secretBox';
import type { EmployeeResult, SyncRunRecord, TenantConnection, TenantRecord, TenantSecrets } from './types';
import { RunDataStore } from './runDataStore';
import type { NamedLists } from '../activities/sync/desiredUser';

/** Runs whose snapshots are kept per tenant; older snapshots are deleted when a new run starts. */
const SNAPSHOTS_KEPT = 5;
/** Run records (counts and problems) kept per tenant. */
const RUN_RECORDS_KEPT = 500;

/**
 * Sync state that stays out of Temporal history: tenant credentials (sealed), run snapshots of HiBob
 * and Learn Amp, and each employee's latest result. SQLite, one file shared by the CLI and the workers
 * on one machine. Every query is keyed by tenant id.
 */
export class SyncStore {
  readonly runData: RunDataStore;

  private constructor(
    private readonly db: Database.Database,
    private readonly secretBox: SecretBox,
  ) {
    this.runData = new RunDataStore(db);
  }

  /** Opens (creating if needed) the database file and applies pending migrations. */
  static open(file: string, secretBox: SecretBox): SyncStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SyncStore(db, secretBox);
  }

  close(): void {
    this.db.close();
  }

  /** Stores a tenant's connection and secrets, bumping the credentials version. */
  saveTenant(tenantId: string, connection: TenantConnection, secrets: TenantSecrets): TenantRecord {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO tenants (tenant_id, connection_json, secrets_sealed, credentials_version, created_at, updated_at)
         VALUES (?, ?, ?, 1, ?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET connection_json = excluded.connection_json,
           secrets_sealed = excluded.secrets_sealed, credentials_version = tenants.credentials_version + 1,
           updated_at = excluded.updated_at`,
      )
      .run(tenantId, JSON.stringify(connection), this.secretBox.seal(JSON.stringify(secrets)), now, now);
    return this.requireTenant(tenantId);
  }

  /** Replaces the HiBob token after a refresh in HiBob; the old token no longer works there. */
  replaceHiBobToken(tenantId: string, hibobToken: string): TenantRecord {
    const tenant = this.requireTenant(tenantId);
    return this.saveTenant(tenantId, tenant.connection, { ...tenant.secrets, hibobToken });
  }

  getTenant(tenantId: string): TenantRecord | null {
    const row = this.db.prepare('SELECT * FROM tenants WHERE tenant_id = ?').get(tenantId) as TenantRow | undefined;
    if (!row) return null;
    return {
      tenantId: row.tenant_id,
      connection: JSON.parse(row.connection_json) as TenantConnection,
      secrets: JSON.parse(this.secretBox.open(row.secrets_sealed)) as TenantSecrets,
      credentialsVersion: row.credentials_version,
      verifiedCredentialsVersion: row.verified_credentials_version,
    };
  }

  requireTenant(tenantId: string): TenantRecord {
    const tenant = this.getTenant(tenantId);
    if (!tenant) throw new Error(`Tenant "${tenantId}" is not connected: run "hibob-sync connect --tenant ${tenantId}" first`);
    return tenant;
  }

  /** Records that HiBob accepted this credentials version. */
  markCredentialsVerified(tenantId: string, credentialsVersion: number): void {
    this.db
      .prepare('UPDATE tenants SET verified_credentials_version = ? WHERE tenant_id = ? AND credentials_version = ?')
      .run(credentialsVersion, tenantId, credentialsVersion);
  }

  /** Deletes a tenant's secrets and run snapshots; run counts and employee results stay for reports and `explain`. */
  forgetTenant(tenantId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM tenants WHERE tenant_id = ?').run(tenantId);
      this.db.prepare('UPDATE sync_runs SET named_lists_json = NULL WHERE tenant_id = ?').run(tenantId);
      this.runData.deleteTenantRuns(tenantId);
    })();
  }

  startRun(tenantId: string, syncId: string): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR IGNORE INTO sync_runs (sync_id, tenant_id, started_at) VALUES (?, ?, ?)')
        .run(syncId, tenantId, new Date().toISOString());
      const olderRuns = (offset: number) =>
        this.db
          .prepare('SELECT sync_id FROM sync_runs WHERE tenant_id = ? ORDER BY started_at DESC, sync_id DESC LIMIT -1 OFFSET ?')
          .all(tenantId, offset) as { sync_id: string }[];
      for (const { sync_id } of olderRuns(SNAPSHOTS_KEPT)) {
        this.runData.deleteRun(tenantId, sync_id);
        this.db.prepare('UPDATE sync_runs SET named_lists_json = NULL WHERE tenant_id = ? AND sync_id = ?').run(tenantId, sync_id);
      }
      for (const { sync_id } of olderRuns(RUN_RECORDS_KEPT)) {
        this.db.prepare('DELETE FROM sync_runs WHERE tenant_id = ? AND sync_id = ?').run(tenantId, sync_id);
      }
    })();
  }

  finishRun(tenantId: string, syncId: string, outcome: string, counts: RunCounts, problems: SetupProblem[]): void {
    this.db
      .prepare(
        `UPDATE sync_runs SET finished_at = ?, outcome = ?, counts_json = ?, problems_json = ?
         WHERE tenant_id = ? AND sync_id = ?`,
      )
      .run(new Date().toISOString(), outcome, JSON.stringify(counts), JSON.stringify(problems), tenantId, syncId);
  }

  saveNamedLists(tenantId: string, syncId: string, lists: NamedLists): void {
    this.db
      .prepare('UPDATE sync_runs SET named_lists_json = ? WHERE tenant_id = ? AND sync_id = ?')
      .run(JSON.stringify(lists), tenantId, syncId);
  }

  getNamedLists(tenantId: string, syncId: string): NamedLists {
    const row = this.db
      .prepare('SELECT named_lists_json FROM sync_runs WHERE tenant_id = ? AND sync_id = ?')
      .get(tenantId, syncId) as { named_lists_json: string | null } | undefined;
    if (!row?.named_lists_json) return { departments: {}, sites: {}, titles: {} };
    return JSON.parse(row.named_lists_json) as NamedLists;
  }

  listRuns(tenantId: string, limit = 10): SyncRunRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM sync_runs WHERE tenant_id = ? ORDER BY started_at DESC LIMIT ?')
      .all(tenantId, limit) as RunRow[];
    return rows.map((row) => ({
      syncId: row.sync_id,
      tenantId: row.tenant_id,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      outcome: row.outcome,
      counts: row.counts_json ? (JSON.parse(row.counts_json) as RunCounts) : null,
      problems: row.problems_json ? (JSON.parse(row.problems_json) as SetupProblem[]) : [],
    }));
  }

  recordEmployeeResult(result: EmployeeResult): void {
    this.db
      .prepare(
        `INSERT INTO employee_results (tenant_id, employee_id, sync_id, outcome, learnamp_user_id, problem_code, message,
           lifecycle_status, recorded_at)
         VALUES (@tenantId, @employeeId, @syncId, @outcome, @learnampUserId, @problemCode, @message, @lifecycleStatus, @recordedAt)
         ON CONFLICT (tenant_id, employee_id) DO UPDATE SET sync_id = excluded.sync_id, outcome = excluded.outcome,
           learnamp_user_id = COALESCE(excluded.learnamp_user_id, employee_results.learnamp_user_id),
           problem_code = excluded.problem_code, message = excluded.message,
           lifecycle_status = excluded.lifecycle_status, recorded_at = excluded.recorded_at`,
      )
      .run(result);
  }

  /** Employees an earlier run left with an active Learn Amp user, including those then not visible. */
  listActiveEmployeeIds(tenantId: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT employee_id FROM employee_results WHERE tenant_id = ?
           AND outcome IN ('created', 'updated', 'unchanged', 'reactivated', 'not_visible')
           AND (lifecycle_status IS NULL OR lifecycle_status <> 'terminated')`,
      )
      .all(tenantId) as { employee_id: string }[];
    return rows.map((row) => row.employee_id);
  }

  getEmployeeResult(tenantId: string, employeeId: string): EmployeeResult | null {
    const row = this.db
      .prepare('SELECT * FROM employee_results WHERE tenant_id = ? AND employee_id = ?')
      .get(tenantId, employeeId) as ResultRow | undefined;
    return row ? toEmployeeResult(row) : null;
  }

  /** Results recorded in one run, optionally only those with the given outcomes. */
  listEmployeeResults(tenantId: string, syncId: string, outcomes?: string[]): EmployeeResult[] {
    const rows = this.db
      .prepare('SELECT * FROM employee_results WHERE tenant_id = ? AND sync_id = ? ORDER BY employee_id')
      .all(tenantId, syncId) as ResultRow[];
    const results = rows.map(toEmployeeResult);
    return outcomes ? results.filter((result) => outcomes.includes(result.outcome)) : results;
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
  );
  MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    })();
  });
}

interface TenantRow {
  tenant_id: string;
  connection_json: string;
  secrets_sealed: string;
  credentials_version: number;
  verified_credentials_version: number | null;
}

interface RunRow {
  sync_id: string;
  tenant_id: string;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
  counts_json: string | null;
  problems_json: string | null;
}

interface ResultRow {
  tenant_id: string;
  employee_id: string;
  sync_id: string;
  outcome: EmployeeResult['outcome'];
  learnamp_user_id: number | null;
  problem_code: EmployeeResult['problemCode'];
  message: string | null;
  lifecycle_status: string | null;
  recorded_at: string;
}

function toEmployeeResult(row: ResultRow): EmployeeResult {
  return {
    tenantId: row.tenant_id,
    employeeId: row.employee_id,
    syncId: row.sync_id,
    outcome: row.outcome,
    learnampUserId: row.learnamp_user_id,
    problemCode: row.problem_code,
    message: row.message,
    lifecycleStatus: row.lifecycle_status,
    recordedAt: row.recorded_at,
  };
}
