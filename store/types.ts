import type { SetupProblem } from '../common/setupProblems';
import type { EmployeeOutcome, RunCounts } from '../common/sync';
import type { EmployeeProblemCode } from '../common/employeeProblems';
import type { TenantSettings } from '../common/tenant';

/** Where a tenant's APIs are and who hibob-sync is there. Holds no secret. */
export interface TenantConnection {
  hibobBaseUrl: string;
  serviceUserId: string;
  learnampBaseUrl: string;
  learnampClientId: string;
  /** Space-separated OAuth scopes requested from Learn Amp. */
  learnampScopes: string;
  settings: TenantSettings;
}

/** A tenant's secrets, sealed at rest and never passed through Temporal. */
export interface TenantSecrets {
  hibobToken: string;
  learnampClientSecret: string;
}

export interface TenantRecord {
  tenantId: string;
  connection: TenantConnection;
  secrets: TenantSecrets;
  /** Goes up by one each time HiBob credentials change (connect, refresh-token). */
  credentialsVersion: number;
  /** Last credentials version HiBob accepted; tells a revoked token from a mistyped one. */
  verifiedCredentialsVersion: number | null;
}

/** A recorded result for one employee, the latest per tenant and employee. */
export interface EmployeeResult {
  tenantId: string;
  employeeId: string;
  syncId: string;
  outcome: EmployeeOutcome;
  learnampUserId: number | null;
  problemCode: EmployeeProblemCode | null;
  message: string | null;
  lifecycleStatus: string | null;
  recordedAt: string;
}

export interface SyncRunRecord {
  syncId: string;
  tenantId: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: string | null;
  counts: RunCounts | null;
  problems: SetupProblem[];
}
