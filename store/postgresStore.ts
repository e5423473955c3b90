import type { SnapshotEntry } from '../activities/hibob/employee';
import type { LearnAmpUser } from '../activities/learnamp/user';
import type { NamedLists } from '../activities/sync/desiredUser';
import type { IndexedEmployee } from '../activities/sync/employeeIndex';
import type { SetupProblem } from '../common/setupProblems';
import type { RunCounts } from '../common/sync';
import { PostgresPool } from './postgresPool';
import * as employeeResults from './postgresResults';
import { toSyncRunRecord, type RunRow, type TenantRow } from './postgresRows';
import * as snapshots from './postgresSnapshots';
import type { SecretBox } from './secretBox';
import { RUN_RECORDS_KEPT, SNAPSHOTS_KEPT, emptyNamedLists } from './storePolicy';
import type {
  EmployeeResult,
  SnapshotRow,
  SyncRunRecord,
  SyncStore,
  TenantConnection,
  TenantRecord,
  TenantSecrets,
} from './types';

/**
 * The sync store on PostgreSQL, shared by the CLI and workers on several machines. Timestamps come from
 * the calling process's clock, as in the SQLite store. Queries sort ids with COLLATE "C", so the order
 * matches SQLite's byte order whatever the database's locale.
 */
export class PostgresSyncStore implements SyncStore {
  private constructor(
    private readonly db: PostgresPool,
    private readonly secretBox: SecretBox,
  ) {}

  /**
   * Creates the store without connecting. The first call, or `migrate()`, connects and applies pending
   * migrations, so an unreachable server or a wrong URL shows up there.
   */
  static open(databaseUrl: string, secretBox: SecretBox): PostgresSyncStore {
    return new PostgresSyncStore(new PostgresPool(databaseUrl), secretBox);
  }

  /** Connects and applies pending migrations. Every other method does this first on its own. */
  migrate(): Promise<void> {
    return this.db.migrate();
  }

  async close(): Promise<void> {
    await this.db.end();
  }

  async saveTenant(tenantId: string, connection: TenantConnection, secrets: TenantSecrets): Promise<TenantRecord> {
    const [row] = await this.db.query<TenantRow>(
      `INSERT INTO tenants (tenant_id, connection, secrets_sealed, credentials_version, created_at, updated_at)
       VALUES ($1, $2, $3, 1, $4, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET connection = excluded.connection, secrets_sealed = excluded.secrets_sealed,
         credentials_version = tenants.credentials_version + 1, updated_at = excluded.updated_at
       RETURNING *`,
      [tenantId, JSON.stringify(connection), this.secretBox.seal(JSON.stringify(secrets)), new Date().toISOString()],
    );
    return this.toTenantRecord(row!);
  }

  async replaceHiBobToken(tenantId: string, hibobToken: string): Promise<TenantRecord> {
    // The row lock keeps two concurrent refreshes from each bumping the version over the other's secrets.
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<TenantRow>('SELECT * FROM tenants WHERE tenant_id = $1 FOR UPDATE', [
        tenantId,
      ]);
      if (!rows[0])
        throw new Error(`Tenant "${tenantId}" is not connected: run "hibob-sync connect --tenant ${tenantId}" first`);
      const secrets: TenantSecrets = { ...this.toTenantRecord(rows[0]).secrets, hibobToken };
      const updated = await client.query<TenantRow>(
        `UPDATE tenants SET secrets_sealed = $2, credentials_version = credentials_version + 1, updated_at = $3
         WHERE tenant_id = $1 RETURNING *`,
        [tenantId, this.secretBox.seal(JSON.stringify(secrets)), new Date().toISOString()],
      );
      return this.toTenantRecord(updated.rows[0]!);
    });
  }

  async getTenant(tenantId: string): Promise<TenantRecord | null> {
    const [row] = await this.db.query<TenantRow>('SELECT * FROM tenants WHERE tenant_id = $1', [tenantId]);
    return row ? this.toTenantRecord(row) : null;
  }

  async markCredentialsVerified(tenantId: string, credentialsVersion: number): Promise<void> {
    await this.db.query(
      'UPDATE tenants SET verified_credentials_version = $2 WHERE tenant_id = $1 AND credentials_version = $2',
      [tenantId, credentialsVersion],
    );
  }

  async forgetTenant(tenantId: string): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query('DELETE FROM tenants WHERE tenant_id = $1', [tenantId]);
      await client.query('UPDATE sync_runs SET named_lists = NULL WHERE tenant_id = $1', [tenantId]);
      await client.query('DELETE FROM run_employees WHERE tenant_id = $1', [tenantId]);
      await client.query('DELETE FROM learnamp_users WHERE tenant_id = $1', [tenantId]);
    });
  }

  async deleteTenantData(tenantId: string): Promise<void> {
    await this.db.transaction(async (client) => {
      for (const table of ['tenants', 'sync_runs', 'run_employees', 'learnamp_users', 'employee_results']) {
        await client.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
      }
    });
  }

  async startRun(tenantId: string, syncId: string): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(
        'INSERT INTO sync_runs (tenant_id, sync_id, started_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [tenantId, syncId, new Date().toISOString()],
      );
      const older = await client.query<{ sync_id: string }>(
        `SELECT sync_id FROM sync_runs WHERE tenant_id = $1
         ORDER BY started_at DESC, sync_id COLLATE "C" DESC OFFSET $2`,
        [tenantId, SNAPSHOTS_KEPT],
      );
      const pruned = older.rows.map((row) => row.sync_id);
      if (pruned.length === 0) return;
      await client.query('DELETE FROM run_employees WHERE tenant_id = $1 AND sync_id = ANY($2)', [tenantId, pruned]);
      await client.query('DELETE FROM learnamp_users WHERE tenant_id = $1 AND sync_id = ANY($2)', [tenantId, pruned]);
      await client.query(
        `UPDATE sync_runs SET named_lists = NULL
         WHERE tenant_id = $1 AND sync_id = ANY($2) AND named_lists IS NOT NULL`,
        [tenantId, pruned],
      );
      const expired = pruned.slice(RUN_RECORDS_KEPT - SNAPSHOTS_KEPT);
      if (expired.length === 0) return;
      await client.query('DELETE FROM sync_runs WHERE tenant_id = $1 AND sync_id = ANY($2)', [tenantId, expired]);
    });
  }

  async finishRun(
    tenantId: string,
    syncId: string,
    outcome: string,
    counts: RunCounts,
    problems: SetupProblem[],
  ): Promise<void> {
    await this.db.query(
      `UPDATE sync_runs SET finished_at = $3, outcome = $4, counts = $5, problems = $6
       WHERE tenant_id = $1 AND sync_id = $2`,
      [tenantId, syncId, new Date().toISOString(), outcome, JSON.stringify(counts), JSON.stringify(problems)],
    );
  }

  async listRuns(tenantId: string, limit = 10): Promise<SyncRunRecord[]> {
    const rows = await this.db.query<RunRow>(
      `SELECT tenant_id, sync_id, started_at, finished_at, outcome, counts, problems FROM sync_runs
       WHERE tenant_id = $1 ORDER BY started_at DESC, sync_id COLLATE "C" DESC LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map(toSyncRunRecord);
  }

  async saveNamedLists(tenantId: string, syncId: string, lists: NamedLists): Promise<void> {
    await this.db.query('UPDATE sync_runs SET named_lists = $3 WHERE tenant_id = $1 AND sync_id = $2', [
      tenantId,
      syncId,
      JSON.stringify(lists),
    ]);
  }

  async getNamedLists(tenantId: string, syncId: string): Promise<NamedLists> {
    const [row] = await this.db.query<{ named_lists: NamedLists | null }>(
      'SELECT named_lists FROM sync_runs WHERE tenant_id = $1 AND sync_id = $2',
      [tenantId, syncId],
    );
    return row?.named_lists ?? emptyNamedLists();
  }

  saveEmployeeIndex(tenantId: string, syncId: string, rows: readonly IndexedEmployee[]): Promise<void> {
    return snapshots.saveEmployeeIndex(this.db, tenantId, syncId, rows);
  }

  batchCount(tenantId: string, syncId: string): Promise<number> {
    return snapshots.batchCount(this.db, tenantId, syncId);
  }

  saveEntries(tenantId: string, syncId: string, entries: ReadonlyMap<string, SnapshotEntry>): Promise<void> {
    return snapshots.saveEntries(this.db, tenantId, syncId, entries);
  }

  listBatch(tenantId: string, syncId: string, batch: number): Promise<SnapshotRow[]> {
    return snapshots.listBatch(this.db, tenantId, syncId, batch);
  }

  getSnapshotRows(tenantId: string, syncId: string, employeeIds: readonly string[]): Promise<SnapshotRow[]> {
    return snapshots.getSnapshotRows(this.db, tenantId, syncId, employeeIds);
  }

  currentEmployeesByEmail(tenantId: string, syncId: string, emails: readonly string[]): Promise<Map<string, string[]>> {
    return snapshots.currentEmployeesByEmail(this.db, tenantId, syncId, emails);
  }

  findEmployeeIdsByEmail(tenantId: string, email: string): Promise<string[]> {
    return snapshots.findEmployeeIdsByEmail(this.db, tenantId, email);
  }

  saveLearnAmpUsers(tenantId: string, syncId: string, users: readonly LearnAmpUser[]): Promise<void> {
    return snapshots.saveLearnAmpUsers(this.db, tenantId, syncId, users);
  }

  learnAmpUsersByExternalId(
    tenantId: string,
    syncId: string,
    externalIds: readonly string[],
  ): Promise<Map<string, LearnAmpUser>> {
    return snapshots.learnAmpUsersByExternalId(this.db, tenantId, syncId, externalIds);
  }

  unlinkedLearnAmpUsersByEmail(
    tenantId: string,
    syncId: string,
    emails: readonly string[],
  ): Promise<Map<string, LearnAmpUser>> {
    return snapshots.unlinkedLearnAmpUsersByEmail(this.db, tenantId, syncId, emails);
  }

  recordEmployeeResults(results: readonly EmployeeResult[]): Promise<void> {
    return employeeResults.recordEmployeeResults(this.db, results);
  }

  getEmployeeResults(tenantId: string, employeeIds: readonly string[]): Promise<Map<string, EmployeeResult>> {
    return employeeResults.getEmployeeResults(this.db, tenantId, employeeIds);
  }

  listEmployeeResults(tenantId: string, syncId: string, outcomes?: readonly string[]): Promise<EmployeeResult[]> {
    return employeeResults.listEmployeeResults(this.db, tenantId, syncId, outcomes);
  }

  listActiveEmployeeIds(tenantId: string): Promise<string[]> {
    return employeeResults.listActiveEmployeeIds(this.db, tenantId);
  }

  countEmployeeResults(tenantId: string): Promise<number> {
    return employeeResults.countEmployeeResults(this.db, tenantId);
  }

  private toTenantRecord(row: TenantRow): TenantRecord {
    return {
      tenantId: row.tenant_id,
      connection: row.connection,
      secrets: JSON.parse(this.secretBox.open(row.secrets_sealed)) as TenantSecrets,
      credentialsVersion: row.credentials_version,
      verifiedCredentialsVersion: row.verified_credentials_version,
    };
  }
}
