import type { HiBobEmployee } from '../activities/hibob/employee';
import type { EmployeeProblemCode } from '../common/employeeProblems';
import { SETUP_STEPS, SetupProblem, SetupStep } from '../common/setupProblems';
import type { EmployeeOutcome } from '../common/sync';
import type { EmployeeResult, SyncRunRecord } from '../store/types';

/** The employee's Learn Amp account as the last recorded result left it. */
export type LearnAmpAccount = 'active' | 'deactivated' | 'none' | 'unknown';

/** Everything `explainEmployee` reads, gathered from the sync store by `loadExplanation`. */
export interface ExplainInput {
  tenantId: string;
  /** The HiBob employee id or email the admin looked up. */
  query: string;
  matchedBy: 'employee_id' | 'email';
  /** The HiBob id explained; null when an email matched nobody. */
  employeeId: string | null;
  /** Further employees with the same email; only the first match is explained. */
  otherEmployeeIds: string[];
  result: EmployeeResult | null;
  /** The tenant's runs, newest first. */
  runs: SyncRunRecord[];
  /** The employee's record in the newest kept snapshot that has them, with that run's id. */
  snapshot: { syncId: string; employee: HiBobEmployee | null } | null;
}

/** An explanation, from recorded results, of one employee's Learn Amp state. Contains no token, and an email only when the admin looked one up. */
export interface Explanation {
  tenantId: string;
  query: string;
  matchedBy: 'employee_id' | 'email';
  employeeId: string | null;
  otherEmployeeIds: string[];
  /** True when a sync recorded a result for the employee. */
  found: boolean;
  outcome: EmployeeOutcome | null;
  learnampAccount: LearnAmpAccount;
  learnampUserId: number | null;
  lifecycleStatus: string | null;
  /** Sync that recorded the result, and when. */
  syncId: string | null;
  recordedAt: string | null;
  problemCode: EmployeeProblemCode | null;
  /** One sentence: why the employee is in this state. */
  summary: string;
  /** Supporting facts: dates from HiBob, warnings, later runs. */
  details: string[];
  /** The change an admin makes when the state is not what HiBob intends; null when nothing needs fixing. */
  fix: string | null;
}

/** The fix for each per-employee problem. Record problems are fixed in HiBob, and the next sync picks the change up. */
const PROBLEM_FIXES: Record<EmployeeProblemCode, string> = {
  invalid_employee_id: 'HiBob returned an id hibob-sync cannot use as an external id; contact HiBob support about this record.',
  missing_email: 'Add a work email to the employee in HiBob; the next sync creates the user.',
  invalid_email: 'Correct the email in HiBob; the next sync picks it up.',
  duplicate_email: 'Give each current employee a distinct email in HiBob; the next sync picks it up.',
  missing_name: 'Fill in the first name and surname in HiBob; the next sync picks them up.',
  field_too_long: 'Shorten the name in HiBob to at most 255 characters; the next sync picks it up.',
  invalid_start_date: 'Correct the start date in HiBob (YYYY-MM-DD); the next sync picks it up.',
  lifecycle_status_missing: SETUP_STEPS.lifecycle_section,
  manager_not_visible: SETUP_STEPS.lifecycle_scope,
  learnamp_rejected: 'Correct the record in HiBob or the user in Learn Amp as the message says; the next sync tries again.',
  write_failed: 'The next sync tries again; if it keeps failing, check that Learn Amp is up and search the worker log for this employee id.',
};

/** Run problems that mean some employees are outside the service user's view. */
const VISIBILITY_PROBLEMS: ReadonlySet<string> = new Set(['leavers_not_visible', 'synced_employees_not_visible', 'no_employees_visible']);

/** Explains one employee's Learn Amp state from the recorded results. Pure. */
export function explainEmployee(input: ExplainInput): Explanation {
  const base = {
    tenantId: input.tenantId,
    query: input.query,
    matchedBy: input.matchedBy,
    employeeId: input.employeeId,
    otherEmployeeIds: input.otherEmployeeIds,
  };
  const details: string[] = [];
  if (input.otherEmployeeIds.length > 0) {
    details.push(`Other employees with this email: ${input.otherEmployeeIds.join(', ')}; explain them by HiBob id.`);
  }
  const { result } = input;
  if (!result) return { ...base, ...explainUnknown(input, details) };

  const employee = input.snapshot?.employee ?? null;
  const reason = explainResult(result, employee, input.runs);
  details.push(...reason.details);
  if (result.problemCode && result.outcome !== 'skipped' && result.message) {
    details.push(`Warning (${result.problemCode}): ${result.message}`);
  }
  const later = runsAfter(input.runs, result.syncId);
  if (later.length > 0 && result.outcome !== 'not_visible') {
    details.push(
      `${later.length} later sync(s), the newest ${later[0]!.syncId}, recorded nothing new for this employee: ` +
        'HiBob did not return them to those runs (not visible, or a run of changed employees only).',
    );
  }
  return {
    ...base,
    found: true,
    outcome: result.outcome,
    learnampAccount: learnampAccountOf(result),
    learnampUserId: result.learnampUserId,
    lifecycleStatus: result.lifecycleStatus,
    syncId: result.syncId,
    recordedAt: result.recordedAt,
    problemCode: result.problemCode,
    summary: reason.summary,
    details,
    fix: reason.fix ?? (result.problemCode ? PROBLEM_FIXES[result.problemCode] ?? null : null),
  };
}

interface Reason {
  summary: string;
  details: string[];
  fix?: string | null;
}

function explainResult(result: EmployeeResult, employee: HiBobEmployee | null, runs: readonly SyncRunRecord[]): Reason {
  const by = `on ${day(result.recordedAt)} by sync ${result.syncId}`;
  const status = result.lifecycleStatus ?? employee?.lifecycleStatus ?? null;
  const visible = `Visible in HiBob${status === 'terminated' ? ', terminated' : ''} (lifecycle status ${status ?? 'unknown'}${
    status === 'terminated' && employee?.terminationDate ? `, termination date ${employee.terminationDate}` : ''
  })`;
  const user = result.learnampUserId === null ? 'their Learn Amp user' : `Learn Amp user ${result.learnampUserId}`;

  switch (result.outcome) {
    case 'created':
      return { summary: `${visible}; created in Learn Amp${result.learnampUserId === null ? '' : ` as user ${result.learnampUserId}`} ${by}.`, details: [] };
    case 'updated':
      return { summary: `${visible}; ${user} was updated ${by} to match HiBob.`, details: [] };
    case 'deactivated':
      return {
        summary: `${visible}; deactivated in Learn Amp ${by}.`,
        details: ['Learn Amp keeps the user and their learning history: hibob-sync deactivates leavers and never deletes them.'],
      };
    case 'reactivated':
      return { summary: `${visible}; ${user} was reactivated ${by}, because HiBob shows them as a current employee again.`, details: [] };
    case 'unchanged':
      if (status === 'terminated') {
        return { summary: `${visible}; ${user} is deactivated, as sync ${result.syncId} checked on ${day(result.recordedAt)}.`, details: [] };
      }
      return { summary: `${visible}; ${user} is active and already matched HiBob when sync ${result.syncId} checked on ${day(result.recordedAt)}.`, details: [] };
    case 'not_created_leaver':
      return {
        summary: `${visible}; no Learn Amp user was created, because hibob-sync does not create users for leavers (sync ${result.syncId}, ${day(result.recordedAt)}).`,
        details: [],
      };
    case 'waiting_for_start_date':
      return {
        summary: `Waiting for start date: hired${employee?.startDate ? ` with a start date of ${employee.startDate}` : ''}; the Learn Amp user is created and invited on that date (sync ${result.syncId} checked on ${day(result.recordedAt)}).`,
        details: ['The tenant\'s invite policy is on_start_date; connect with --invite-policy immediately to create joiners at once.'],
      };
    case 'skipped':
      return {
        summary: `Skipped ${by}: ${result.problemCode ?? 'no problem code'} — ${result.message ?? 'no message recorded'}`,
        details: [],
        fix: result.problemCode ? PROBLEM_FIXES[result.problemCode] : 'The next sync picks the employee up again.',
      };
    case 'failed':
      return {
        summary: `A Learn Amp write for this employee failed after every retry ${by}: ${result.message ?? 'no message recorded'}`,
        details: [],
        fix: PROBLEM_FIXES.write_failed,
      };
    case 'not_visible':
      return explainNotVisible(result, runs, by);
    default:
      return explainOther(result, by);
  }
}

function explainNotVisible(result: EmployeeResult, runs: readonly SyncRunRecord[], by: string): Reason {
  const run = runs.find((candidate) => candidate.syncId === result.syncId);
  const scopeProblem = run?.problems.find((problem) => VISIBILITY_PROBLEMS.has(problem.code));
  const details = [`Seen ${by}: HiBob did not return this employee to the service user.`];
  if (scopeProblem) details.push(`That sync reported ${scopeProblem.code}: ${scopeProblem.message}`);
  return {
    summary:
      `Not visible to the HiBob service user; ${result.learnampUserId === null ? 'their Learn Amp user' : `Learn Amp user ${result.learnampUserId}`} ` +
      'was left active, because hibob-sync never deactivates someone it cannot see. Step 3 would make them visible.',
    details,
    fix: visibilityFix(scopeProblem),
  };
}

/** Preview outcomes (`would_create`, ...) and any outcome added after this module. */
function explainOther(result: EmployeeResult, by: string): Reason {
  const preview = /^would_(create|update|deactivate|reactivate)$/.exec(result.outcome);
  if (preview) {
    return {
      summary: `Preview ${by}: a real sync would ${preview[1]} their Learn Amp user. A preview writes nothing.`,
      details: ['Run "hibob-sync sync" for this tenant to apply the preview\'s changes.'],
    };
  }
  return { summary: `Outcome "${result.outcome}" recorded ${by}.`, details: result.message ? [result.message] : [] };
}

function explainUnknown(input: ExplainInput, details: string[]): Omit<Explanation, 'tenantId' | 'query' | 'matchedBy' | 'employeeId' | 'otherEmployeeIds'> {
  const latest = input.runs[0];
  const scopeProblem = input.runs.slice(0, 1).flatMap((run) => run.problems).find((problem) => VISIBILITY_PROBLEMS.has(problem.code));
  let summary: string;
  if (!latest) {
    summary = `Tenant ${input.tenantId} has no recorded sync yet, so nothing is known about ${input.query}.`;
  } else if (input.employeeId === null) {
    summary = `No employee with the email ${input.query} is in the kept snapshots of tenant ${input.tenantId}.`;
    details.push('hibob-sync keeps emails from its last few runs only; look the employee up by HiBob id instead.');
  } else if (input.snapshot) {
    summary = `Visible in HiBob in sync ${input.snapshot.syncId}, which has not recorded a result for employee ${input.employeeId} yet.`;
  } else {
    summary = `No recorded result for employee ${input.employeeId}: no sync of tenant ${input.tenantId} has seen them.`;
  }
  if (latest && !input.snapshot && scopeProblem) {
    details.push(
      `The latest sync ${latest.syncId} reported ${scopeProblem.code}: ${scopeProblem.message} ` +
        'If this person exists in HiBob, the service user probably cannot see them; step 3 would make them visible.',
    );
  }
  return {
    found: false,
    outcome: null,
    learnampAccount: 'unknown',
    learnampUserId: null,
    lifecycleStatus: input.snapshot?.employee?.lifecycleStatus ?? null,
    syncId: null,
    recordedAt: null,
    problemCode: null,
    summary,
    details,
    fix: latest && !input.snapshot && scopeProblem ? visibilityFix(scopeProblem) : null,
  };
}

/** Builds the fix that makes an employee visible: the People's data condition, then a token refresh. */
function visibilityFix(problem: SetupProblem | undefined): string {
  const step: SetupStep = problem?.step ?? 'lifecycle_scope';
  return `${SETUP_STEPS[step]} Then ${SETUP_STEPS.token_refresh}`;
}

function learnampAccountOf(result: EmployeeResult): LearnAmpAccount {
  if (result.learnampActive !== null) return result.learnampActive ? 'active' : 'deactivated';
  // prepareRun records invisible employees without reading their user, and no sync writes to that user.
  if (result.outcome === 'not_visible') return 'active';
  const neverCreated: readonly string[] = ['not_created_leaver', 'waiting_for_start_date', 'would_create'];
  if (result.learnampUserId === null && neverCreated.includes(result.outcome)) return 'none';
  return 'unknown';
}

/** Runs newer than `syncId`, newest first; none when that run is no longer listed. */
function runsAfter(runs: readonly SyncRunRecord[], syncId: string): SyncRunRecord[] {
  const index = runs.findIndex((run) => run.syncId === syncId);
  return index <= 0 ? [] : runs.slice(0, index);
}

function day(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** Formats an explanation for a support engineer. */
export function formatExplanation(explanation: Explanation): string {
  const who = explanation.employeeId ? `Employee ${explanation.employeeId}` : explanation.query;
  const via = explanation.matchedBy === 'email' && explanation.employeeId ? `, found by email ${explanation.query}` : '';
  const lines = [`${who} (tenant ${explanation.tenantId}${via})`, `  ${explanation.summary}`];
  if (explanation.found) {
    const user = explanation.learnampUserId === null ? 'no user id recorded' : `user ${explanation.learnampUserId}`;
    lines.push(`  Learn Amp: ${explanation.learnampAccount} (${user})`);
    lines.push(`  Recorded: outcome ${explanation.outcome} by sync ${explanation.syncId} at ${explanation.recordedAt}`);
  }
  for (const detail of explanation.details) lines.push(`  ${detail}`);
  if (explanation.fix) lines.push(`  Fix: ${explanation.fix}`);
  return lines.join('\n');
}
