import type { SnapshotEntry } from '../activities/hibob/employee';
import type { LearnAmpUser } from '../activities/learnamp/user';
import type { IndexedEmployee } from '../activities/sync/employeeIndex';
import type { PostgresPool } from './postgresPool';
import { lastUserPerId, toSnapshotRow, type EmployeeRow } from './postgresRows';
import type { SnapshotRow } from './types';

// A run's snapshot of HiBob (`run_employees`) and Learn Amp (`learnamp_users`) on PostgreSQL. Lists
// travel as array parameters, so each call is one statement whatever the number of employees.

export async function saveEmployeeIndex(
  db: PostgresPool,
  tenantId: string,
  syncId: string,
  rows: readonly IndexedEmployee[],
): Promise<void> {
  await db.transaction(async (client) => {
    await client.query('DELETE FROM run_employees WHERE tenant_id = $1 AND sync_id = $2', [tenantId, syncId]);
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO run_employees (tenant_id, sync_id, employee_id, batch, wave, email, lifecycle_status)
       SELECT $1, $2, * FROM unnest($3::text[], $4::integer[], $5::integer[], $6::text[], $7::text[])`,
      [
        tenantId,
        syncId,
        rows.map((row) => row.employeeId),
        rows.map((row) => row.batch),
        rows.map((row) => row.wave),
        rows.map((row) => row.email?.toLowerCase() ?? null),
        rows.map((row) => row.lifecycleStatus),
      ],
    );
  });
}

export async function batchCount(db: PostgresPool, tenantId: string, syncId: string): Promise<number> {
  const [row] = await db.query<{ last: number | null }>(
    'SELECT MAX(batch) AS last FROM run_employees WHERE tenant_id = $1 AND sync_id = $2',
    [tenantId, syncId],
  );
  return row?.last == null ? 0 : row.last + 1;
}

export async function saveEntries(
  db: PostgresPool,
  tenantId: string,
  syncId: string,
  entries: ReadonlyMap<string, SnapshotEntry>,
): Promise<void> {
  if (entries.size === 0) return;
  await db.query(
    `UPDATE run_employees SET record = entry.record
     FROM unnest($3::text[], $4::json[]) AS entry (employee_id, record)
     WHERE tenant_id = $1 AND sync_id = $2 AND run_employees.employee_id = entry.employee_id`,
    [tenantId, syncId, [...entries.keys()], [...entries.values()].map((entry) => JSON.stringify(entry))],
  );
}

export async function listBatch(
  db: PostgresPool,
  tenantId: string,
  syncId: string,
  batch: number,
): Promise<SnapshotRow[]> {
  const rows = await db.query<EmployeeRow>(
    `SELECT employee_id, batch, wave, record FROM run_employees WHERE tenant_id = $1 AND sync_id = $2 AND batch = $3
     ORDER BY wave, employee_id COLLATE "C"`,
    [tenantId, syncId, batch],
  );
  return rows.map(toSnapshotRow);
}

export async function getSnapshotRows(
  db: PostgresPool,
  tenantId: string,
  syncId: string,
  employeeIds: readonly string[],
): Promise<SnapshotRow[]> {
  if (employeeIds.length === 0) return [];
  const rows = await db.query<EmployeeRow>(
    `SELECT employee_id, batch, wave, record FROM run_employees
     WHERE tenant_id = $1 AND sync_id = $2 AND employee_id = ANY($3)`,
    [tenantId, syncId, employeeIds],
  );
  return rows.map(toSnapshotRow);
}

export async function currentEmployeesByEmail(
  db: PostgresPool,
  tenantId: string,
  syncId: string,
  emails: readonly string[],
): Promise<Map<string, string[]>> {
  const byEmail = new Map<string, string[]>();
  if (emails.length === 0) return byEmail;
  const rows = await db.query<{ email: string; employee_id: string }>(
    `SELECT email, employee_id FROM run_employees WHERE tenant_id = $1 AND sync_id = $2 AND email = ANY($3)
       AND (lifecycle_status IS NULL OR lifecycle_status <> 'terminated')
     ORDER BY employee_id COLLATE "C"`,
    [tenantId, syncId, emails.map((email) => email.toLowerCase())],
  );
  for (const row of rows) byEmail.set(row.email, [...(byEmail.get(row.email) ?? []), row.employee_id]);
  return byEmail;
}

export async function findEmployeeIdsByEmail(db: PostgresPool, tenantId: string, email: string): Promise<string[]> {
  const rows = await db.query<{ employee_id: string }>(
    `SELECT employee_id FROM (
       SELECT e.employee_id AS employee_id, r.started_at AS started_at FROM run_employees e
         JOIN sync_runs r ON r.tenant_id = e.tenant_id AND r.sync_id = e.sync_id
         WHERE e.tenant_id = $1 AND e.email = $2
       UNION ALL
       SELECT u.external_id, r.started_at FROM learnamp_users u
         JOIN sync_runs r ON r.tenant_id = u.tenant_id AND r.sync_id = u.sync_id
         WHERE u.tenant_id = $1 AND u.email = $2 AND u.external_id IS NOT NULL
     ) found
     ORDER BY started_at DESC, employee_id COLLATE "C"`,
    [tenantId, email.trim().toLowerCase()],
  );
  return [...new Set(rows.map((row) => row.employee_id))];
}

export async function saveLearnAmpUsers(
  db: PostgresPool,
  tenantId: string,
  syncId: string,
  users: readonly LearnAmpUser[],
): Promise<void> {
  if (users.length === 0) return;
  const unique = lastUserPerId(users);
  await db.query(
    `INSERT INTO learnamp_users (tenant_id, sync_id, user_id, external_id, email, user_data)
     SELECT $1, $2, * FROM unnest($3::bigint[], $4::text[], $5::text[], $6::json[])
     ON CONFLICT (tenant_id, sync_id, user_id) DO UPDATE SET external_id = excluded.external_id,
       email = excluded.email, user_data = excluded.user_data`,
    [
      tenantId,
      syncId,
      unique.map((user) => user.id),
      unique.map((user) => user.integrationExternalId),
      unique.map((user) => user.email.toLowerCase()),
      unique.map((user) => JSON.stringify(user)),
    ],
  );
}

export async function learnAmpUsersByExternalId(
  db: PostgresPool,
  tenantId: string,
  syncId: string,
  externalIds: readonly string[],
): Promise<Map<string, LearnAmpUser>> {
  const users = await selectUsers(db, 'external_id = ANY($3)', tenantId, syncId, externalIds);
  return new Map(users.map((user) => [user.integrationExternalId!, user]));
}

export async function unlinkedLearnAmpUsersByEmail(
  db: PostgresPool,
  tenantId: string,
  syncId: string,
  emails: readonly string[],
): Promise<Map<string, LearnAmpUser>> {
  const lowerCase = emails.map((email) => email.toLowerCase());
  const users = await selectUsers(db, 'external_id IS NULL AND email = ANY($3)', tenantId, syncId, lowerCase);
  return new Map(users.map((user) => [user.email.toLowerCase(), user]));
}

async function selectUsers(
  db: PostgresPool,
  condition: string,
  tenantId: string,
  syncId: string,
  values: readonly string[],
): Promise<LearnAmpUser[]> {
  if (values.length === 0) return [];
  const rows = await db.query<{ user_data: LearnAmpUser }>(
    `SELECT user_data FROM learnamp_users WHERE tenant_id = $1 AND sync_id = $2 AND ${condition}`,
    [tenantId, syncId, values],
  );
  return rows.map((row) => row.user_data);
}
