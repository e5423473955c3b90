import type { SnapshotEntry } from '../activities/hibob/employee';
import type { LearnAmpUser } from '../activities/learnamp/user';
import type { NamedLists } from '../activities/sync/desiredUser';
import type { IndexedEmployee } from '../activities/sync/employeeIndex';
import type { EmployeeProblemCode } from '../common/employeeProblems';
import type { SetupProblem } from '../common/setupProblems';
import type { EmployeeOutcome, RunCounts } from '../common/sync';
import type { TenantSettings } from '../common/tenant';

/** A tenant's API base URLs and the identities hibob-sync uses there. Contains no secret. */
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
  /** Key of the HMAC in HiBob's `Bob-Signature` webhook header; webhooks are rejected while it is unset. */
  hibobWebhookSecret?: string;
}

export interface TenantRecord {
  tenantId: string;
  connection: TenantConnection;
  secrets: TenantSecrets;
  /** Goes up by one each time HiBob credentials change (connect, refresh-token). */
  credentialsVersion: number;
  /** Last credentials version HiBob accepted, which distinguishes a revoked token from a mistyped one. */
  verifiedCredentialsVersion: number | null;
}

/** The latest recorded result for one employee of a tenant, and what was last written for them. */
export interface EmployeeResult {
  tenantId: string;
  employeeId: string;
  syncId: string;
  outcome: EmployeeOutcome;
  learnampUserId: number | null;
  /** Whether the Learn Amp user was active after this result; null when there is no user or it is unknown. */
  learnampActive: boolean | null;
  /**
   * Hash of the desired state this result achieved. A later run with the same hash needs no Learn Amp
   * read or write. Null when nothing was achieved (a failed write) or the state was not verified.
   */
  fingerprint: string | null;
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

/** One employee in a run's snapshot: its batch and wave, and its record once the batch is read. */
export interface SnapshotRow {
  employeeId: string;
  batch: number;
  wave: number;
  entry: SnapshotEntry | null;
}

/**
 * Sync state that stays out of Temporal history: tenant credentials (sealed), run snapshots of HiBob
 * and Learn Amp, and each employee's latest result. Every method is keyed by tenant id, so no call can
 * read or change another tenant's data. Implemented on SQLite (one machine) and PostgreSQL (several).
 */
export interface SyncStore {
  saveTenant(tenantId: string, connection: TenantConnection, secrets: TenantSecrets): Promise<TenantRecord>;
  /** Replaces the HiBob token after a refresh in HiBob, bumping the credentials version. */
  replaceHiBobToken(tenantId: string, hibobToken: string): Promise<TenantRecord>;
  getTenant(tenantId: string): Promise<TenantRecord | null>;
  /** Records that HiBob accepted this credentials version; ignored when the version is no longer current. */
  markCredentialsVerified(tenantId: string, credentialsVersion: number): Promise<void>;
  /** Deletes a tenant's secrets and run snapshots; run counts and employee results stay for reports. */
  forgetTenant(tenantId: string): Promise<void>;
  /** Deletes everything kept for a tenant, results and run records included; the demo starts each run with it. */
  deleteTenantData(tenantId: string): Promise<void>;

  /** Records a run's start and prunes old snapshots. Starting a run twice is harmless. */
  startRun(tenantId: string, syncId: string): Promise<void>;
  finishRun(tenantId: string, syncId: string, outcome: string, counts: RunCounts, problems: SetupProblem[]): Promise<void>;
  listRuns(tenantId: string, limit?: number): Promise<SyncRunRecord[]>;
  saveNamedLists(tenantId: string, syncId: string, lists: NamedLists): Promise<void>;
  /** The run's named lists; empty lists when none were saved. */
  getNamedLists(tenantId: string, syncId: string): Promise<NamedLists>;

  /** Replaces the run's employee index. */
  saveEmployeeIndex(tenantId: string, syncId: string, rows: readonly IndexedEmployee[]): Promise<void>;
  /** Number of batches in the run's index; 0 when none is stored. */
  batchCount(tenantId: string, syncId: string): Promise<number>;
  saveEntries(tenantId: string, syncId: string, entries: ReadonlyMap<string, SnapshotEntry>): Promise<void>;
  /** A batch's employees in wave order. */
  listBatch(tenantId: string, syncId: string, batch: number): Promise<SnapshotRow[]>;
  /** The given employees' rows; ids not in the run's index are left out. */
  getSnapshotRows(tenantId: string, syncId: string, employeeIds: readonly string[]): Promise<SnapshotRow[]>;
  /** For each email, the ids of employees in the run's index who have it and are not leavers. */
  currentEmployeesByEmail(tenantId: string, syncId: string, emails: readonly string[]): Promise<Map<string, string[]>>;

  /**
   * HiBob ids of the employees who have this email (compared in lower case) in the tenant's kept run
   * snapshots: in a run's employee index, or as the external id of a cached Learn Amp user with that email.
   * Newest run first, without repeats; empty once the snapshots are pruned or forgotten.
   */
  findEmployeeIdsByEmail(tenantId: string, email: string): Promise<string[]>;

  /** Adds or replaces Learn Amp users in the run's cache. */
  saveLearnAmpUsers(tenantId: string, syncId: string, users: readonly LearnAmpUser[]): Promise<void>;
  learnAmpUsersByExternalId(tenantId: string, syncId: string, externalIds: readonly string[]): Promise<Map<string, LearnAmpUser>>;
  /** Cached users with these emails (lower case) and no external id. */
  unlinkedLearnAmpUsersByEmail(tenantId: string, syncId: string, emails: readonly string[]): Promise<Map<string, LearnAmpUser>>;

  recordEmployeeResults(results: readonly EmployeeResult[]): Promise<void>;
  getEmployeeResults(tenantId: string, employeeIds: readonly string[]): Promise<Map<string, EmployeeResult>>;
  /** Results recorded in one run, optionally only those with the given outcomes. */
  listEmployeeResults(tenantId: string, syncId: string, outcomes?: readonly string[]): Promise<EmployeeResult[]>;
  /** Employees whose last result left an active Learn Amp user, other than leavers. */
  listActiveEmployeeIds(tenantId: string): Promise<string[]>;
  /** Number of employees with a recorded result; 0 for a tenant never synced. */
  countEmployeeResults(tenantId: string): Promise<number>;

  close(): Promise<void>;
}
