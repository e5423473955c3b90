import type { EmployeeOutcome } from '../../common/sync';
import type { InvitePolicy } from '../../common/tenant';
import type { EmployeeResult, SnapshotRow, SyncStore } from '../../store/types';
import type { SnapshotEntry } from '../hibob/employee';
import type { LearnAmpUser } from '../learnamp/user';
import { desiredUserBody, NamedLists } from './desiredUser';
import { desiredFingerprint, outcomeOfUnchanged } from './fingerprint';
import { accountIntent } from './lifecycle';
import { EmployeePlan, planEmployee } from './planEmployee';
import { mapWithConcurrency } from '../tenantClients';

/** Learn Amp reads in flight at once while planning. */
const LOOKUP_CONCURRENCY = 8;

export interface PlanningRun {
  tenantId: string;
  syncId: string;
  invitePolicy: InvitePolicy;
  /** YYYY-MM-DD, UTC. */
  today: string;
  /**
   * True when this run loaded every Learn Amp user: employees are compared with Learn Amp itself and
   * fingerprints are not trusted, which catches changes made in Learn Amp by hand.
   */
  reconcile: boolean;
  /**
   * True for a run that covers only some employees (HiBob webhooks): a manager outside the run counts
   * as visible when an earlier run saw them.
   */
  partial?: boolean;
}

/** Looks up one employee's Learn Amp user when the run's cache does not have it. */
export interface LearnAmpLookup {
  byExternalId(externalId: string): Promise<LearnAmpUser | null>;
  /** A user with this email and no external id, or null. */
  unlinkedByEmail(email: string): Promise<LearnAmpUser | null>;
}

/** A planned employee: the plan, its fingerprint, and the result to reuse when nothing changed. */
export interface PlannedEmployee {
  row: SnapshotRow & { entry: SnapshotEntry };
  /** Fingerprint to record for this plan's outcome (see `fingerprintFor`). */
  fingerprint: string;
  /** Set when the fingerprint matched the last result: no Learn Amp read or write is needed. */
  unchangedSince: EmployeeResult | null;
  plan: EmployeePlan;
  linkedUser: LearnAmpUser | null;
}

/**
 * Plans a set of employees of one run with a few bulk store reads. Employees whose fingerprint matches
 * their last result are settled without Learn Amp. The others are compared with their Learn Amp user,
 * read from the run's cache or, when `lookup` is given, from Learn Amp.
 */
export async function planEmployees(
  store: SyncStore,
  run: PlanningRun,
  rows: readonly SnapshotRow[],
  lookup?: LearnAmpLookup,
): Promise<PlannedEmployee[]> {
  const withEntries = rows.filter((row): row is SnapshotRow & { entry: SnapshotEntry } => row.entry !== null);
  const employees = withEntries.map((row) => row.entry.employee);
  const managerIds = [...new Set(employees.flatMap((employee) => (employee.managerId ? [employee.managerId] : [])))];
  const emails = [...new Set(employees.flatMap((employee) => (employee.email ? [employee.email] : [])))];

  const [lists, managerRows, results, sharedEmails] = await Promise.all([
    store.getNamedLists(run.tenantId, run.syncId),
    store.getSnapshotRows(run.tenantId, run.syncId, managerIds),
    store.getEmployeeResults(run.tenantId, [...employees.map((employee) => employee.id), ...managerIds]),
    store.currentEmployeesByEmail(run.tenantId, run.syncId, emails),
  ]);
  const managers = new Map(managerRows.map((row) => [row.employeeId, row]));

  const drafts = withEntries.map((row) => {
    const { employee } = row.entry;
    const intent = accountIntent(employee.lifecycleStatus, employee.startDate, run.today);
    const duplicateEmail = employee.email !== null && (sharedEmails.get(employee.email) ?? []).some((id) => id !== employee.id);
    const managerUserId = managerUserIdOf(employee.managerId, managers, results, run);
    const body = intent === 'leaver' ? null : desiredUserBody(employee, lists, managerUserId);
    const fingerprints = {
      withUser: desiredFingerprint(row.entry, intent, body, run.invitePolicy, duplicateEmail),
      withoutUser: desiredFingerprint(row.entry, intent, body && { ...body, managerId: undefined }, run.invitePolicy, duplicateEmail),
    };
    const previous = results.get(employee.id);
    const expected = fingerprintFor(fingerprints, previous?.learnampUserId ?? null);
    const unchangedSince = !run.reconcile && previous?.fingerprint === expected ? previous : null;
    return { row, duplicateEmail, managerUserId, fingerprints, unchangedSince };
  });

  const needingUsers = drafts.filter((draft) => draft.unchangedSince === null);
  const linkedUsers = await findLinkedUsers(store, run, needingUsers.map((draft) => draft.row.entry), lookup);

  return drafts.map((draft) => {
    const { row, unchangedSince } = draft;
    const { employee } = row.entry;
    if (unchangedSince) {
      const outcome: EmployeeOutcome = outcomeOfUnchanged(unchangedSince.outcome);
      const fingerprint = unchangedSince.fingerprint!;
      return { row, fingerprint, unchangedSince, plan: { action: null, outcome, problems: [] }, linkedUser: null };
    }
    const found = linkedUsers.get(employee.id) ?? null;
    // An email match may belong to someone who reuses a leaver's address, so a leaver is matched by external id only.
    const isLeaver = accountIntent(employee.lifecycleStatus, employee.startDate, run.today) === 'leaver';
    const linkedUser = isLeaver && found?.integrationExternalId !== employee.id ? null : found;
    const plan = planEmployee({
      entry: row.entry,
      linkedUser,
      duplicateEmail: draft.duplicateEmail,
      managerUserId: draft.managerUserId,
      managerVisible: employee.managerId === null || isManagerVisible(employee.managerId, managers, results, run),
      lists: lists as NamedLists,
      today: run.today,
      invitePolicy: run.invitePolicy,
    });
    // A create or a linked user carries the manager; an outcome without a user does not depend on it.
    const hasUser = linkedUser !== null || plan.action === 'create';
    return { row, fingerprint: hasUser ? draft.fingerprints.withUser : draft.fingerprints.withoutUser, unchangedSince: null, plan, linkedUser };
  });
}

/**
 * Picks the fingerprint a result is compared with. Without a Learn Amp user the manager's Learn Amp id
 * is left out, because it can change while the employee waits (a manager created later in the run).
 */
function fingerprintFor(fingerprints: { withUser: string; withoutUser: string }, learnampUserId: number | null): string {
  return learnampUserId === null ? fingerprints.withoutUser : fingerprints.withUser;
}

/** Returns the manager's Learn Amp id when the manager is visible, not a leaver, and has an active user. */
function managerUserIdOf(
  managerId: string | null,
  managers: Map<string, SnapshotRow>,
  results: Map<string, EmployeeResult>,
  run: PlanningRun,
): number | undefined {
  if (!managerId || !isManagerVisible(managerId, managers, results, run)) return undefined;
  const manager = managers.get(managerId);
  const result = results.get(managerId);
  if (!result?.learnampUserId || result.learnampActive === false) return undefined;
  // A manager not yet read in this run counts by their last result; a leaver manager never does.
  const lifecycle = manager?.entry?.employee.lifecycleStatus ?? result.lifecycleStatus;
  const startDate = manager?.entry?.employee.startDate ?? null;
  return accountIntent(lifecycle, startDate, run.today) === 'active' ? result.learnampUserId : undefined;
}

function isManagerVisible(
  managerId: string,
  managers: Map<string, SnapshotRow>,
  results: Map<string, EmployeeResult>,
  run: PlanningRun,
): boolean {
  if (managers.has(managerId)) return true;
  const result = results.get(managerId);
  return run.partial === true && result !== undefined && result.outcome !== 'not_visible';
}

/** Finds each employee's Learn Amp user: same external id, else an unlinked user with the same email. */
async function findLinkedUsers(
  store: SyncStore,
  run: PlanningRun,
  entries: SnapshotEntry[],
  lookup?: LearnAmpLookup,
): Promise<Map<string, LearnAmpUser>> {
  const ids = entries.map((entry) => entry.employee.id);
  const linked = await store.learnAmpUsersByExternalId(run.tenantId, run.syncId, ids);
  if (lookup) {
    const missing = ids.filter((id) => !linked.has(id));
    const fetched = await mapWithConcurrency(missing, LOOKUP_CONCURRENCY, (id) => lookup.byExternalId(id));
    const found = fetched.filter((user): user is LearnAmpUser => user !== null);
    for (const user of found) linked.set(user.integrationExternalId!, user);
    await store.saveLearnAmpUsers(run.tenantId, run.syncId, found);
  }

  const unlinked = entries.filter((entry) => !linked.has(entry.employee.id) && entry.employee.email);
  const byEmail = await store.unlinkedLearnAmpUsersByEmail(run.tenantId, run.syncId, unlinked.map((entry) => entry.employee.email!));
  if (lookup) {
    const notCached = unlinked.filter((entry) => !byEmail.has(entry.employee.email!));
    const fetched = await mapWithConcurrency(notCached, LOOKUP_CONCURRENCY, (entry) => lookup.unlinkedByEmail(entry.employee.email!));
    const found = fetched.filter((user): user is LearnAmpUser => user !== null);
    for (const user of found) byEmail.set(user.email.toLowerCase(), user);
    await store.saveLearnAmpUsers(run.tenantId, run.syncId, found);
  }
  for (const entry of unlinked) {
    const user = byEmail.get(entry.employee.email!);
    if (user) linked.set(entry.employee.id, user);
  }
  return linked;
}
