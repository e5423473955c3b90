import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SnapshotEntry } from '../activities/hibob/employee';
import { marks, migrate, ResultRow, RunRow, TenantRow, EmployeeRow, toEmployeeResult, toSnapshotRow } from './sqliteRows';
import type { LearnAmpUser } from '../activities/learnamp/user';
import type { NamedLists } from '../activities/sync/desiredUser';
import type { IndexedEmployee } from '../activities/sync/employeeIndex';
import type { SetupProblem } from '../common/setupProblems';
import type { RunCounts } from '../common/sync';
import type { SecretBox } from './secretBox';
import { RUN_RECORDS_KEPT, SNAPSHOTS_KEPT, emptyNamedLists, ACTIVE_OUTCOMES } from './storePolicy';
import type {
  EmployeeResult,
  SnapshotRow,
  SyncRunRecord,
  SyncStore,
  TenantConnection,
  TenantRecord,
  TenantSecrets,
} from './types';

/** The sync store on SQLite: one file, shared by the CLI and the workers of one machine. */
export class SqliteSyncStore implements SyncStore {
  private constructor(
    private readonly db: Database.Database,
    private readonly secretBox: SecretBox,
  ) {}

  /** Opens (creating if needed) the database file and applies pending migrations. */
  static open(file: string, secretBox: SecretBox): SqliteSyncStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteSyncStore(db, secretBox);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async saveTenant(tenantId: string, connection: TenantConnection, secrets: TenantSecrets): Promise<TenantRecord> {
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
    return (await this.getTenant(tenantId))!;
  }

  async replaceHiBobToken(tenantId: string, hibobToken: string): Promise<TenantRecord> {
    const tenant = await this.getTenant(tenantId);
    if (!tenant) throw new Error(`Tenant "${tenantId}" is not connected: run "hibob-sync connect --tenant ${tenantId}" first`);
    return this.saveTenant(tenantId, tenant.connection, { ...tenant.secrets, hibobToken });
  }

  async getTenant(tenantId: string): Promise<TenantRecord | null> {
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

  async markCredentialsVerified(tenantId: string, credentialsVersion: number): Promise<void> {
    this.db
      .prepare('UPDATE tenants SET verified_credentials_version = ? WHERE tenant_id = ? AND credentials_version = ?')
      .run(credentialsVersion, tenantId, credentialsVersion);
  }

  async forgetTenant(tenantId: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM tenants WHERE tenant_id = ?').run(tenantId);
      this.db.prepare('UPDATE sync_runs SET named_lists_json = NULL WHERE tenant_id = ?').run(tenantId);
      this.db.prepare('DELETE FROM run_employees WHERE tenant_id = ?').run(tenantId);
      this.db.prepare('DELETE FROM learnamp_users WHERE tenant_id = ?').run(tenantId);
    })();
  }

  async deleteTenantData(tenantId: string): Promise<void> {
    this.db.transaction(() => {
      for (const table of ['tenants', 'sync_runs', 'run_employees', 'learnamp_users', 'employee_results']) {
        this.db.prepare(`DELETE FROM ${table} WHERE tenant_id = ?`).run(tenantId);
      }
    })();
  }

  async startRun(tenantId: string, syncId: string): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR IGNORE INTO sync_runs (tenant_id, sync_id, started_at) VALUES (?, ?, ?)')
        .run(tenantId, syncId, new Date().toISOString());
      const olderRuns = (offset: number) =>
        this.db
          .prepare('SELECT sync_id FROM sync_runs WHERE tenant_id = ? ORDER BY started_at DESC, sync_id DESC LIMIT -1 OFFSET ?')
          .all(tenantId, offset) as { sync_id: string }[];
      for (const { sync_id } of olderRuns(SNAPSHOTS_KEPT)) {
        this.db.prepare('DELETE FROM run_employees WHERE tenant_id = ? AND sync_id = ?').run(tenantId, sync_id);
        this.db.prepare('DELETE FROM learnamp_users WHERE tenant_id = ? AND sync_id = ?').run(tenantId, sync_id);
        this.db.prepare('UPDATE sync_runs SET named_lists_json = NULL WHERE tenant_id = ? AND sync_id = ?').run(tenantId, sync_id);
      }
      for (const { sync_id } of olderRuns(RUN_RECORDS_KEPT)) {
        this.db.prepare('DELETE FROM sync_runs WHERE tenant_id = ? AND sync_id = ?').run(tenantId, sync_id);
      }
    })();
  }

  async finishRun(tenantId: string, syncId: string, outcome: string, counts: RunCounts, problems: SetupProblem[]): Promise<void> {
    this.db
      .prepare(
        `UPDATE sync_runs SET finished_at = ?, outcome = ?, counts_json = ?, problems_json = ?
         WHERE tenant_id = ? AND sync_id = ?`,
      )
      .run(new Date().toISOString(), outcome, JSON.stringify(counts), JSON.stringify(problems), tenantId, syncId);
  }

  async listRuns(tenantId: string, limit = 10): Promise<SyncRunRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM sync_runs WHERE tenant_id = ? ORDER BY started_at DESC, sync_id DESC LIMIT ?')
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

  async saveNamedLists(tenantId: string, syncId: string, lists: NamedLists): Promise<void> {
    this.db
      .prepare('UPDATE sync_runs SET named_lists_json = ? WHERE tenant_id = ? AND sync_id = ?')
      .run(JSON.stringify(lists), tenantId, syncId);
  }

  async getNamedLists(tenantId: string, syncId: string): Promise<NamedLists> {
    const row = this.db
      .prepare('SELECT named_lists_json FROM sync_runs WHERE tenant_id = ? AND sync_id = ?')
      .get(tenantId, syncId) as { named_lists_json: string | null } | undefined;
    return row?.named_lists_json ? (JSON.parse(row.named_lists_json) as NamedLists) : emptyNamedLists();
  }

  async saveEmployeeIndex(tenantId: string, syncId: string, rows: readonly IndexedEmployee[]): Promise<void> {
    const insert = this.db.prepare(
      `INSERT INTO run_employees (tenant_id, sync_id, employee_id, batch, wave, email, lifecycle_status)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM run_employees WHERE tenant_id = ? AND sync_id = ?').run(tenantId, syncId);
      for (const row of rows) {
        insert.run(tenantId, syncId, row.employeeId, row.batch, row.wave, row.email?.toLowerCase() ?? null, row.lifecycleStatus);
      }
    })();
  }

  async batchCount(tenantId: string, syncId: string): Promise<number> {
    const row = this.db
      .prepare('SELECT MAX(batch) AS last FROM run_employees WHERE tenant_id = ? AND sync_id = ?')
      .get(tenantId, syncId) as { last: number | null };
    return row.last === null ? 0 : row.last + 1;
  }

  async saveEntries(tenantId: string, syncId: string, entries: ReadonlyMap<string, SnapshotEntry>): Promise<void> {
    const update = this.db.prepare(
      'UPDATE run_employees SET record_json = ? WHERE tenant_id = ? AND sync_id = ? AND employee_id = ?',
    );
    this.db.transaction(() => {
      for (const [employeeId, entry] of entries) update.run(JSON.stringify(entry), tenantId, syncId, employeeId);
    })();
  }

  async listBatch(tenantId: string, syncId: string, batch: number): Promise<SnapshotRow[]> {
    const rows = this.db
      .prepare('SELECT * FROM run_employees WHERE tenant_id = ? AND sync_id = ? AND batch = ? ORDER BY wave, employee_id')
      .all(tenantId, syncId, batch) as EmployeeRow[];
    return rows.map(toSnapshotRow);
  }

  async getSnapshotRows(tenantId: string, syncId: string, employeeIds: readonly string[]): Promise<SnapshotRow[]> {
    return this.inChunks(employeeIds, (chunk) =>
      (this.db
        .prepare(`SELECT * FROM run_employees WHERE tenant_id = ? AND sync_id = ? AND employee_id IN (${marks(chunk)})`)
        .all(tenantId, syncId, ...chunk) as EmployeeRow[]).map(toSnapshotRow),
    );
  }

  async currentEmployeesByEmail(tenantId: string, syncId: string, emails: readonly string[]): Promise<Map<string, string[]>> {
    const rows = this.inChunks(emails.map((email) => email.toLowerCase()), (chunk) =>
      this.db
        .prepare(
          `SELECT email, employee_id FROM run_employees WHERE tenant_id = ? AND sync_id = ? AND email IN (${marks(chunk)})
             AND (lifecycle_status IS NULL OR lifecycle_status <> 'terminated')`,
        )
        .all(tenantId, syncId, ...chunk) as { email: string; employee_id: string }[],
    );
    const byEmail = new Map<string, string[]>();
    for (const row of rows) byEmail.set(row.email, [...(byEmail.get(row.email) ?? []), row.employee_id]);
    return byEmail;
  }

  async findEmployeeIdsByEmail(tenantId: string, email: string): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT e.employee_id AS employee_id, r.started_at AS started_at FROM run_employees e
           JOIN sync_runs r ON r.tenant_id = e.tenant_id AND r.sync_id = e.sync_id
           WHERE e.tenant_id = ? AND e.email = ?
         UNION ALL
         SELECT u.external_id, r.started_at FROM learnamp_users u
           JOIN sync_runs r ON r.tenant_id = u.tenant_id AND r.sync_id = u.sync_id
           WHERE u.tenant_id = ? AND u.email = ? AND u.external_id IS NOT NULL
         ORDER BY started_at DESC, employee_id`,
      )
      .all(tenantId, email.trim().toLowerCase(), tenantId, email.trim().toLowerCase()) as { employee_id: string }[];
    return [...new Set(rows.map((row) => row.employee_id))];
  }

  async saveLearnAmpUsers(tenantId: string, syncId: string, users: readonly LearnAmpUser[]): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT OR REPLACE INTO learnamp_users (tenant_id, sync_id, user_id, external_id, email, user_json)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const user of users) {
        upsert.run(tenantId, syncId, user.id, user.integrationExternalId, user.email.toLowerCase(), JSON.stringify(user));
      }
    })();
  }

  async learnAmpUsersByExternalId(tenantId: string, syncId: string, externalIds: readonly string[]): Promise<Map<string, LearnAmpUser>> {
    const users = this.inChunks(externalIds, (chunk) =>
      this.selectUsers(`external_id IN (${marks(chunk)})`, tenantId, syncId, chunk),
    );
    return new Map(users.map((user) => [user.integrationExternalId!, user]));
  }

  async unlinkedLearnAmpUsersByEmail(tenantId: string, syncId: string, emails: readonly string[]): Promise<Map<string, LearnAmpUser>> {
    const users = this.inChunks(emails.map((email) => email.toLowerCase()), (chunk) =>
      this.selectUsers(`external_id IS NULL AND email IN (${marks(chunk)})`, tenantId, syncId, chunk),
    );
    return new Map(users.map((user) => [user.email.toLowerCase(), user]));
  }

  async recordEmployeeResults(results: readonly EmployeeResult[]): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT INTO employee_results (tenant_id, employee_id, sync_id, outcome, learnamp_user_id, learnamp_active, fingerprint,
         problem_code, message, lifecycle_status, recorded_at)
       VALUES (@tenantId, @employeeId, @syncId, @outcome, @learnampUserId, @learnampActive, @fingerprint, @problemCode,
         @message, @lifecycleStatus, @recordedAt)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET sync_id = excluded.sync_id, outcome = excluded.outcome,
         learnamp_user_id = COALESCE(excluded.learnamp_user_id, employee_results.learnamp_user_id),
         learnamp_active = COALESCE(excluded.learnamp_active, employee_results.learnamp_active),
         fingerprint = excluded.fingerprint, problem_code = excluded.problem_code, message = excluded.message,
         lifecycle_status = excluded.lifecycle_status, recorded_at = excluded.recorded_at`,
    );
    this.db.transaction(() => {
      for (const result of results) upsert.run({ ...result, learnampActive: result.learnampActive === null ? null : Number(result.learnampActive) });
    })();
  }

  async getEmployeeResults(tenantId: string, employeeIds: readonly string[]): Promise<Map<string, EmployeeResult>> {
    const rows = this.inChunks(employeeIds, (chunk) =>
      this.db
        .prepare(`SELECT * FROM employee_results WHERE tenant_id = ? AND employee_id IN (${marks(chunk)})`)
        .all(tenantId, ...chunk) as ResultRow[],
    );
    return new Map(rows.map((row) => [row.employee_id, toEmployeeResult(row)]));
  }

  async listEmployeeResults(tenantId: string, syncId: string, outcomes?: readonly string[]): Promise<EmployeeResult[]> {
    const rows = this.db
      .prepare('SELECT * FROM employee_results WHERE tenant_id = ? AND sync_id = ? ORDER BY employee_id')
      .all(tenantId, syncId) as ResultRow[];
    const results = rows.map(toEmployeeResult);
    return outcomes ? results.filter((result) => outcomes.includes(result.outcome)) : results;
  }

  async listActiveEmployeeIds(tenantId: string): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT employee_id FROM employee_results WHERE tenant_id = ? AND outcome IN (${marks(ACTIVE_OUTCOMES)})
           AND (lifecycle_status IS NULL OR lifecycle_status <> 'terminated')`,
      )
      .all(tenantId, ...ACTIVE_OUTCOMES) as { employee_id: string }[];
    return rows.map((row) => row.employee_id);
  }

  async countEmployeeResults(tenantId: string): Promise<number> {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM employee_results WHERE tenant_id = ?').get(tenantId) as { n: number };
    return row.n;
  }

  private selectUsers(condition: string, tenantId: string, syncId: string, values: readonly string[]): LearnAmpUser[] {
    const rows = this.db
      .prepare(`SELECT user_json FROM learnamp_users WHERE tenant_id = ? AND sync_id = ? AND ${condition}`)
      .all(tenantId, syncId, ...values) as { user_json: string }[];
    return rows.map((row) => JSON.parse(row.user_json) as LearnAmpUser);
  }

  /** Runs a query per chunk of values, under SQLite's limit on bound parameters. */
  private inChunks<V, T>(values: readonly V[], query: (chunk: V[]) => T[]): T[] {
    const results: T[] = [];
    for (let start = 0; start < values.length; start += 500) results.push(...query(values.slice(start, start + 500)));
    return results;
  }
}

