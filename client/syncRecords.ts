import { TENANT_ID_PATTERN } from '../common/tenant';
import { SNAPSHOTS_KEPT } from '../store/storePolicy';
import type { SyncRunRecord, SyncStore } from '../store/types';
import { InvalidRequestError } from './adminActions';
import { ExplainInput, Explanation, explainEmployee } from './explain';
import { buildRunReport, RunReport } from './report';

/** Runs searched for a `--sync` id and listed by `explain`; older run records stay in the store. */
const RUNS_LISTED = 50;

/** Builds the report of one run from the store, by default the tenant's latest. Needs no Temporal connection. */
export async function loadRunReport(store: SyncStore, tenantId: string, syncId?: string): Promise<RunReport> {
  const runs = await loadRuns(store, tenantId);
  const run = syncId ? runs.find((candidate) => candidate.syncId === syncId) : runs[0];
  if (!run) {
    const recent = runs.slice(0, 5).map((candidate) => candidate.syncId).join(', ');
    throw new InvalidRequestError(`Sync "${syncId}" of tenant ${tenantId} was not found among its last ${RUNS_LISTED} runs; recent syncs: ${recent}`);
  }
  const outcomes = run.counts ? ['skipped', 'failed'] : undefined;
  const results = await store.listEmployeeResults(tenantId, run.syncId, outcomes);
  return buildRunReport(run, results, run.syncId === runs[0]?.syncId);
}

/** Explains one employee, looked up by HiBob id or, when the query contains "@", by email. */
export async function loadExplanation(store: SyncStore, tenantId: string, query: string): Promise<Explanation> {
  const runs = await loadRuns(store, tenantId, { allowNoRuns: true });
  const trimmed = query.trim();
  const byEmail = trimmed.includes('@');
  const ids = byEmail ? await store.findEmployeeIdsByEmail(tenantId, trimmed) : [trimmed];
  const employeeId = ids[0] ?? null;
  const input: ExplainInput = {
    tenantId,
    query: trimmed,
    matchedBy: byEmail ? 'email' : 'employee_id',
    employeeId,
    otherEmployeeIds: ids.slice(1),
    result: employeeId ? ((await store.getEmployeeResults(tenantId, [employeeId])).get(employeeId) ?? null) : null,
    runs,
    snapshot: employeeId ? await findSnapshot(store, tenantId, runs, employeeId) : null,
  };
  return explainEmployee(input);
}

/** Lists the tenant's runs, newest first, and rejects a tenant the store has no record of. */
async function loadRuns(store: SyncStore, tenantId: string, options: { allowNoRuns?: boolean } = {}): Promise<SyncRunRecord[]> {
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new InvalidRequestError(`Invalid tenant id "${tenantId.slice(0, 80)}"`);
  const runs = await store.listRuns(tenantId, RUNS_LISTED);
  if (runs.length > 0) return runs;
  if (!(await store.getTenant(tenantId))) {
    throw new InvalidRequestError(
      `Tenant "${tenantId}" is not known to this sync store: check the tenant id, and that HIBOB_SYNC_DATA_DIR (or DATABASE_URL) points at the store the workers use`,
    );
  }
  if (options.allowNoRuns) return runs;
  throw new InvalidRequestError(`Tenant "${tenantId}" has no recorded sync yet; "hibob-sync status --tenant ${tenantId}" shows what it is doing`);
}

/** Finds the employee's record in the newest kept snapshot that has them. */
async function findSnapshot(store: SyncStore, tenantId: string, runs: readonly SyncRunRecord[], employeeId: string): Promise<ExplainInput['snapshot']> {
  for (const run of runs.slice(0, SNAPSHOTS_KEPT)) {
    const [row] = await store.getSnapshotRows(tenantId, run.syncId, [employeeId]);
    if (row) return { syncId: run.syncId, employee: row.entry?.employee ?? null };
  }
  return null;
}
