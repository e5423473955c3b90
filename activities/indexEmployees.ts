import { log } from '@temporalio/activity';
import { SetupProblem, setupProblem } from '../common/setupProblems';
import { tenantSettingsWithDefaults, TenantSettings } from '../common/tenant';
import type { SyncStore } from '../store/types';
import { INDEX_FIELDS } from './hibob/employee';
import { buildEmployeeIndex, IndexRow } from './sync/employeeIndex';
import { result, RunRef } from './syncSteps';
import { tenantClients } from './tenantClients';
import { readNamedLists, toIndexRow } from './validateConnection';

export interface IndexEmployeesResult {
  batchCount: number;
  settings: TenantSettings;
  /** Requested employees HiBob did not return who still have an active Learn Amp user. */
  problem: SetupProblem | null;
}

/**
 * Starts a run that covers only the given employees: reads their index rows from HiBob by `root.id`
 * and stores them with the named lists. Employees HiBob no longer returns (deleted, or now outside the
 * permission group) are reported, never deactivated.
 */
export async function indexEmployees(store: SyncStore, input: RunRef & { employeeIds: string[] }): Promise<IndexEmployeesResult> {
  const { tenant, hibob } = await tenantClients(store, input.tenantId);
  const settings = tenantSettingsWithDefaults(tenant.connection.settings);
  const rows: IndexRow[] = [];
  for (let start = 0; start < input.employeeIds.length; start += settings.batchSize) {
    const values = input.employeeIds.slice(start, start + settings.batchSize);
    const found = await hibob.searchPeople(INDEX_FIELDS, { fieldPath: 'root.id', operator: 'equals', values });
    rows.push(...found.flatMap(toIndexRow));
  }
  await store.startRun(input.tenantId, input.syncId);
  await store.saveEmployeeIndex(input.tenantId, input.syncId, buildEmployeeIndex(rows, settings.batchSize));
  await store.saveNamedLists(input.tenantId, input.syncId, await readNamedLists(hibob));

  const returned = new Set(rows.map((row) => row.employeeId));
  const missing = input.employeeIds.filter((id) => !returned.has(id));
  const previous = await store.getEmployeeResults(input.tenantId, missing);
  const stillActive = missing.filter((id) => previous.get(id)?.learnampActive === true && previous.get(id)?.lifecycleStatus !== 'terminated');
  await store.recordEmployeeResults(
    stillActive.map((id) =>
      result(input, id, 'not_visible', {
        learnampUserId: previous.get(id)?.learnampUserId ?? null,
        message: 'HiBob reported a change but no longer returns this employee to the service user; the Learn Amp user was left active.',
      }),
    ),
  );
  log.info('Changed employees indexed', { tenantId: input.tenantId, requested: input.employeeIds.length, found: rows.length });
  const problem =
    stillActive.length === 0
      ? null
      : setupProblem(
          'synced_employees_not_visible',
          `${stillActive.length} changed employees with an active Learn Amp user are no longer visible to the HiBob service user. They stay active: hibob-sync never deactivates on a guess.`,
          { count: stillActive.length, sampleEmployeeIds: stillActive },
        );
  return { batchCount: await store.batchCount(input.tenantId, input.syncId), settings, problem };
}
