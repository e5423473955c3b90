import type Database from 'better-sqlite3';
import type { SnapshotEntry } from '../activities/hibob/employee';
import type { LearnAmpUser } from '../activities/learnamp/user';
import type { IndexedEmployee } from '../activities/sync/employeeIndex';

/** One employee in a run's HiBob snapshot: its batch and wave, and its record once the batch is read. */
export interface SnapshotRow {
  employeeId: string;
  batch: number;
  wave: number;
  entry: SnapshotEntry | null;
}

/**
 * A run's snapshots of HiBob employees and Learn Amp users. They stay in the database so workflow
 * history carries only ids and counts, and a paused run resumes from them.
 */
export class RunDataStore {
  constructor(private readonly db: Database.Database) {}

  saveEmployeeIndex(tenantId: string, syncId: string, rows: readonly IndexedEmployee[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO run_employees (tenant_id, sync_id, employee_id, batch, wave, email, lifecycle_status)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM run_employees WHERE tenant_id = ? AND sync_id = ?').run(tenantId, syncId);
      for (const row of rows) {
        insert.run(tenantId, syncId, row.employeeId, row.batch, row.wave, row.email?.toLowerCase() ?? null, row.lifecycleStatus);
      }
    })();
  }

  /** Number of batches in the run's index; 0 when no index is stored. */
  batchCount(tenantId: string, syncId: string): number {
    const row = this.db
      .prepare('SELECT MAX(batch) AS last FROM run_employees WHERE tenant_id = ? AND sync_id = ?')
      .get(tenantId, syncId) as { last: number | null };
    return row.last === null ? 0 : row.last + 1;
  }

  /** Returns true when another employee who is not a leaver has this email in the run's index. */
  emailSharedWithCurrentEmployee(tenantId: string, syncId: string, email: string, employeeId: string): boolean {
    const row = this.db
      .prepare(
        `SELECT 1 FROM run_employees WHERE tenant_id = ? AND sync_id = ? AND email = ? AND employee_id <> ?
           AND (lifecycle_status IS NULL OR lifecycle_status <> 'terminated') LIMIT 1`,
      )
      .get(tenantId, syncId, email.toLowerCase(), employeeId);
    return row !== undefined;
  }

  saveEntries(tenantId: string, syncId: string, entries: Map<string, SnapshotEntry>): void {
    const update = this.db.prepare(
      'UPDATE run_employees SET record_json = ? WHERE tenant_id = ? AND sync_id = ? AND employee_id = ?',
    );
    this.db.transaction(() => {
      for (const [employeeId, entry] of entries) update.run(JSON.stringify(entry), tenantId, syncId, employeeId);
    })();
  }

  listBatch(tenantId: string, syncId: string, batch: number): SnapshotRow[] {
    const rows = this.db
      .prepare('SELECT * FROM run_employees WHERE tenant_id = ? AND sync_id = ? AND batch = ? ORDER BY wave, employee_id')
      .all(tenantId, syncId, batch) as EmployeeRow[];
    return rows.map(toSnapshotRow);
  }

  /** Every employee of the run, in batch and wave order. */
  *iterateEmployees(tenantId: string, syncId: string): Generator<SnapshotRow> {
    const statement = this.db.prepare(
      'SELECT * FROM run_employees WHERE tenant_id = ? AND sync_id = ? ORDER BY batch, wave, employee_id',
    );
    for (const row of statement.iterate(tenantId, syncId) as Iterable<EmployeeRow>) yield toSnapshotRow(row);
  }

  getEmployee(tenantId: string, syncId: string, employeeId: string): SnapshotRow | null {
    const row = this.db
      .prepare('SELECT * FROM run_employees WHERE tenant_id = ? AND sync_id = ? AND employee_id = ?')
      .get(tenantId, syncId, employeeId) as EmployeeRow | undefined;
    return row ? toSnapshotRow(row) : null;
  }

  isVisible(tenantId: string, syncId: string, employeeId: string): boolean {
    return this.getEmployee(tenantId, syncId, employeeId) !== null;
  }

  replaceLearnAmpUsers(tenantId: string, syncId: string, users: LearnAmpUser[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM learnamp_users WHERE tenant_id = ? AND sync_id = ?').run(tenantId, syncId);
      for (const user of users) this.upsertLearnAmpUser(tenantId, syncId, user);
    })();
  }

  upsertLearnAmpUser(tenantId: string, syncId: string, user: LearnAmpUser): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO learnamp_users (tenant_id, sync_id, user_id, external_id, email, user_json)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(tenantId, syncId, user.id, user.integrationExternalId, user.email.toLowerCase(), JSON.stringify(user));
  }

  learnAmpUserByExternalId(tenantId: string, syncId: string, externalId: string): LearnAmpUser | null {
    return this.oneUser('external_id = ?', tenantId, syncId, externalId);
  }

  learnAmpUserById(tenantId: string, syncId: string, userId: number): LearnAmpUser | null {
    return this.oneUser('user_id = ?', tenantId, syncId, userId);
  }

  learnAmpUserByEmail(tenantId: string, syncId: string, email: string): LearnAmpUser | null {
    return this.oneUser('email = ?', tenantId, syncId, email.toLowerCase());
  }

  *iterateLearnAmpUsers(tenantId: string, syncId: string): Generator<LearnAmpUser> {
    const statement = this.db.prepare('SELECT user_json FROM learnamp_users WHERE tenant_id = ? AND sync_id = ? ORDER BY user_id');
    for (const row of statement.iterate(tenantId, syncId) as Iterable<{ user_json: string }>) {
      yield JSON.parse(row.user_json) as LearnAmpUser;
    }
  }

  deleteRun(tenantId: string, syncId: string): void {
    this.db.prepare('DELETE FROM run_employees WHERE tenant_id = ? AND sync_id = ?').run(tenantId, syncId);
    this.db.prepare('DELETE FROM learnamp_users WHERE tenant_id = ? AND sync_id = ?').run(tenantId, syncId);
  }

  deleteTenantRuns(tenantId: string): void {
    this.db.prepare('DELETE FROM run_employees WHERE tenant_id = ?').run(tenantId);
    this.db.prepare('DELETE FROM learnamp_users WHERE tenant_id = ?').run(tenantId);
  }

  private oneUser(condition: string, tenantId: string, syncId: string, value: string | number): LearnAmpUser | null {
    const row = this.db
      .prepare(`SELECT user_json FROM learnamp_users WHERE tenant_id = ? AND sync_id = ? AND ${condition} LIMIT 1`)
      .get(tenantId, syncId, value) as { user_json: string } | undefined;
    return row ? (JSON.parse(row.user_json) as LearnAmpUser) : null;
  }
}

interface EmployeeRow {
  employee_id: string;
  batch: number;
  wave: number;
  record_json: string | null;
}

function toSnapshotRow(row: EmployeeRow): SnapshotRow {
  return {
    employeeId: row.employee_id,
    batch: row.batch,
    wave: row.wave,
    entry: row.record_json ? (JSON.parse(row.record_json) as SnapshotEntry) : null,
  };
}
