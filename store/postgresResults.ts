import type { PostgresPool } from './postgresPool';
import { collapseRepeatedResults, toEmployeeResult, type ResultRow } from './postgresRows';
import { ACTIVE_OUTCOMES } from './storePolicy';
import type { EmployeeResult } from './types';

// Each employee's latest result on PostgreSQL, kept when a tenant is forgotten so reports still work.

export async function recordEmployeeResults(db: PostgresPool, results: readonly EmployeeResult[]): Promise<void> {
  if (results.length === 0) return;
  const rows = collapseRepeatedResults(results);
  const column = <T>(pick: (result: EmployeeResult) => T): T[] => rows.map(pick);
  await db.query(
    `INSERT INTO employee_results (tenant_id, employee_id, sync_id, outcome, learnamp_user_id, learnamp_active,
       fingerprint, problem_code, message, lifecycle_status, recorded_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::boolean[], $7::text[],
       $8::text[], $9::text[], $10::text[], $11::timestamptz[])
     ON CONFLICT (tenant_id, employee_id) DO UPDATE SET sync_id = excluded.sync_id, outcome = excluded.outcome,
       learnamp_user_id = COALESCE(excluded.learnamp_user_id, employee_results.learnamp_user_id),
       learnamp_active = COALESCE(excluded.learnamp_active, employee_results.learnamp_active),
       fingerprint = excluded.fingerprint, problem_code = excluded.problem_code, message = excluded.message,
       lifecycle_status = excluded.lifecycle_status, recorded_at = excluded.recorded_at`,
    [
      column((result) => result.tenantId),
      column((result) => result.employeeId),
      column((result) => result.syncId),
      column((result) => result.outcome),
      column((result) => result.learnampUserId),
      column((result) => result.learnampActive),
      column((result) => result.fingerprint),
      column((result) => result.problemCode),
      column((result) => result.message),
      column((result) => result.lifecycleStatus),
      column((result) => result.recordedAt),
    ],
  );
}

export async function getEmployeeResults(
  db: PostgresPool,
  tenantId: string,
  employeeIds: readonly string[],
): Promise<Map<string, EmployeeResult>> {
  if (employeeIds.length === 0) return new Map();
  const rows = await db.query<ResultRow>(
    'SELECT * FROM employee_results WHERE tenant_id = $1 AND employee_id = ANY($2)',
    [tenantId, employeeIds],
  );
  return new Map(rows.map((row) => [row.employee_id, toEmployeeResult(row)]));
}

export async function listEmployeeResults(
  db: PostgresPool,
  tenantId: string,
  syncId: string,
  outcomes?: readonly string[],
): Promise<EmployeeResult[]> {
  const rows = await db.query<ResultRow>(
    `SELECT * FROM employee_results WHERE tenant_id = $1 AND sync_id = $2 AND ($3::text[] IS NULL OR outcome = ANY($3))
     ORDER BY employee_id COLLATE "C"`,
    [tenantId, syncId, outcomes ?? null],
  );
  return rows.map(toEmployeeResult);
}

export async function listActiveEmployeeIds(db: PostgresPool, tenantId: string): Promise<string[]> {
  const rows = await db.query<{ employee_id: string }>(
    `SELECT employee_id FROM employee_results WHERE tenant_id = $1 AND outcome = ANY($2)
       AND (lifecycle_status IS NULL OR lifecycle_status <> 'terminated')
     ORDER BY employee_id COLLATE "C"`,
    [tenantId, ACTIVE_OUTCOMES],
  );
  return rows.map((row) => row.employee_id);
}

export async function countEmployeeResults(db: PostgresPool, tenantId: string): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'SELECT COUNT(*)::integer AS count FROM employee_results WHERE tenant_id = $1',
    [tenantId],
  );
  return row?.count ?? 0;
}
