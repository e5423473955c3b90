import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../common/failureTypes';
import { hasBlockingProblem, SetupProblem, setupProblem } from '../common/setupProblems';
import type { SyncStore, TenantRecord } from '../store/types';
import { INDEX_FIELDS, readEmployeeId, readLifecycleStatus, readManagerId, readField } from './hibob/employee';
import type { HiBobClient } from './hibob/client';
import { LEARNAMP_SCOPES, LearnAmpRejectedError } from './learnamp/client';
import { buildEmployeeIndex, IndexRow } from './sync/employeeIndex';
import { countStatuses, lifecycleProblems } from './sync/lifecycleChecks';
import type { NamedLists } from './sync/desiredUser';
import { tenantClients } from './tenantClients';
import { result } from './syncSteps';
import { TenantSettings, tenantSettingsWithDefaults } from '../common/tenant';

export interface ValidateConnectionInput {
  tenantId: string;
  /** When set and nothing blocks, the employee index and named lists are stored for this sync run. */
  syncId?: string;
}

export interface ConnectionCheck {
  problems: SetupProblem[];
  credentialsVersion: number;
  visibleEmployees: number;
  /** Visible employees per lifecycle status. */
  statusCounts: Record<string, number>;
  /** Batches stored for `syncId`; 0 when nothing was stored. */
  batchCount: number;
  /** The tenant's settings as stored by connect; the workflow uses them for the run. */
  settings: TenantSettings;
  /** Employees with a recorded result; 0 means no sync has written anything for this tenant yet. */
  knownEmployees: number;
}

/**
 * Checks a tenant's HiBob and Learn Amp set-up with real calls and maps each failure to the setup step
 * that fixes it. 401 and 403 come back as problems, never as retries. The HiBob read is the full sync's
 * employee index, so a sync that follows costs no extra call.
 */
export async function validateConnection(store: SyncStore, input: ValidateConnectionInput): Promise<ConnectionCheck> {
  const { tenant, hibob, learnamp } = await tenantClients(store, input.tenantId);
  const problems: SetupProblem[] = [];

  let rows: IndexRow[] | null = null;
  let invalidIds: string[] = [];
  try {
    const found = await hibob.searchPeople(INDEX_FIELDS);
    rows = found.flatMap(toIndexRow);
    invalidIds = found.filter((row) => readEmployeeId(row) === null).map((row) => describeInvalidId(readField(row, 'root.id')));
    await store.markCredentialsVerified(tenant.tenantId, tenant.credentialsVersion);
  } catch (error) {
    problems.push(hibobProblem(error, tenant));
  }

  try {
    const missingScopes = await learnamp.verifyAccess();
    if (missingScopes.length > 0) {
      problems.push(
        setupProblem(
          'learnamp_scope_missing',
          `Learn Amp API client ${tenant.connection.learnampClientId} was not granted ${missingScopes.join(', ')}; grant ${LEARNAMP_SCOPES}.`,
        ),
      );
    }
  } catch (error) {
    problems.push(learnampProblem(error, tenant));
  }

  if (rows) problems.push(...lifecycleProblems(rows, await store.listActiveEmployeeIds(tenant.tenantId)));
  if (invalidIds.length > 0) {
    problems.push(
      setupProblem(
        'invalid_employee_ids',
        `${invalidIds.length} employees in HiBob have an id hibob-sync cannot use (letters, digits, "-" and "_" only, at most 64); they are skipped.`,
        { count: invalidIds.length, sampleEmployeeIds: invalidIds },
      ),
    );
  }
  const check: ConnectionCheck = {
    problems,
    credentialsVersion: tenant.credentialsVersion,
    visibleEmployees: rows?.length ?? 0,
    statusCounts: Object.fromEntries(countStatuses(rows ?? [])),
    batchCount: 0,
    settings: tenantSettingsWithDefaults(tenant.connection.settings),
    knownEmployees: await store.countEmployeeResults(tenant.tenantId),
  };
  log.info('Connection validated', {
    tenantId: tenant.tenantId,
    visibleEmployees: check.visibleEmployees,
    problems: problems.map((problem) => problem.code),
  });

  if (!rows || !input.syncId || hasBlockingProblem(problems)) return check;
  await store.startRun(tenant.tenantId, input.syncId);
  const index = buildEmployeeIndex(rows, check.settings.batchSize);
  let lists: NamedLists;
  try {
    lists = await readNamedLists(hibob);
  } catch (error) {
    // A 401 or 403 here (the token refreshed between the two reads, or no access to named lists) blocks like one on people search.
    return { ...check, problems: [...problems, hibobProblem(error, tenant)] };
  }
  await store.saveEmployeeIndex(tenant.tenantId, input.syncId, index);
  await store.saveNamedLists(tenant.tenantId, input.syncId, lists);
  const run = { tenantId: tenant.tenantId, syncId: input.syncId };
  await store.recordEmployeeResults(
    invalidIds.map((id) =>
      result(run, id, 'skipped', {
        problems: [{ code: 'invalid_employee_id', employeeId: id, message: 'has an id hibob-sync cannot use as an external id. Check the record in HiBob.', skipped: true }],
      }),
    ),
  );
  return { ...check, batchCount: await store.batchCount(tenant.tenantId, input.syncId) };
}

/** Renders an unusable id for reports: printable, at most 64 characters. */
function describeInvalidId(id: unknown): string {
  const text = typeof id === 'string' ? id : JSON.stringify(id) ?? 'missing';
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 64) || 'empty';
}

/** Reads an index row from a search result row; a row without a usable id is logged and left out. */
export function toIndexRow(row: Record<string, unknown>): IndexRow[] {
  const employeeId = readEmployeeId(row);
  if (!employeeId) {
    log.warn('HiBob returned an employee without a usable id; it is left out');
    return [];
  }
  const email = readField(row, 'root.email');
  return [
    {
      employeeId,
      email: typeof email === 'string' && email.trim() !== '' ? email.trim().toLowerCase() : null,
      lifecycleStatus: readLifecycleStatus(row),
      managerId: readManagerId(row),
    },
  ];
}

/** Reads the department, site and title lists in one call. */
export async function readNamedLists(hibob: HiBobClient): Promise<NamedLists> {
  const lists = await hibob.namedLists();
  const entries = (name: string) => Object.fromEntries(lists.get(name) ?? new Map<string, string>());
  return { departments: entries('department'), sites: entries('site'), titles: entries('title') };
}

function hibobProblem(error: unknown, tenant: TenantRecord): SetupProblem {
  const type = error instanceof ApplicationFailure ? error.type : null;
  const serviceUser = tenant.connection.serviceUserId;
  if (type === FailureType.hibobUnauthorized) {
    // A token HiBob accepted before and rejects now was almost always revoked by a refresh in HiBob.
    if (tenant.verifiedCredentialsVersion === tenant.credentialsVersion) {
      return setupProblem(
        'hibob_token_revoked',
        `HiBob no longer accepts the token of service user ${serviceUser}, which worked before: it was refreshed or revoked in HiBob.`,
      );
    }
    return setupProblem('hibob_unauthorized', `HiBob rejected service user ${serviceUser}: the service user id or token is wrong.`);
  }
  if (type === FailureType.hibobForbidden) {
    return setupProblem(
      'hibob_forbidden',
      `HiBob refused to let service user ${serviceUser} search people: it is not in a permission group that allows it.`,
    );
  }
  throw error;
}

function learnampProblem(error: unknown, tenant: TenantRecord): SetupProblem {
  const type = error instanceof ApplicationFailure ? error.type : null;
  const clientId = tenant.connection.learnampClientId;
  if (type === FailureType.learnampUnauthorized) {
    return setupProblem('learnamp_invalid_client', `Learn Amp rejected API client ${clientId}: the client id or secret is wrong.`);
  }
  if (type === FailureType.learnampForbidden) {
    return setupProblem(
      'learnamp_scope_missing',
      `Learn Amp API client ${clientId} lacks a scope hibob-sync needs; grant ${LEARNAMP_SCOPES}.`,
    );
  }
  // Reported at once rather than retried, so a wrong Learn Amp URL does not re-read HiBob on every attempt.
  if (error instanceof LearnAmpRejectedError) {
    return setupProblem(
      'learnamp_unreachable',
      `Learn Amp answered ${error.status} ("${error.apiMessage}") at ${tenant.connection.learnampBaseUrl}: check the Learn Amp API base URL.`,
    );
  }
  // An outage (5xx, timeout) is retried by Temporal like one of HiBob.
  throw error;
}
