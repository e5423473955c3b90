/**
 * Connection and permission problems, each tied to the HiBob or Learn Amp setup step that fixes it.
 * Pure module: the workflow, the activities and the CLI all use it.
 */

/** The admin's setup steps in HiBob, plus the Learn Amp credentials. */
export const SETUP_STEPS = {
  service_user: 'Step 1, HiBob Settings > Integrations > Service users: check the service user id and token.',
  group_members:
    'Step 2, HiBob Settings > Account > Permission groups: in the group\'s Members, "Select people by condition", then toggle the service user on under Service users.',
  lifecycle_scope:
    'Step 3, the permission group\'s Access rights > People\'s data: "Select people by condition" > Lifecycle status > Equals, and tick every status (employed, terminated, garden leave, leave, hired, ...).',
  lifecycle_section:
    'Step 4, the permission group\'s permissions: tick "View selected employees\' Lifecycle sections", then Apply and Save.',
  token_refresh:
    'Step 5, HiBob Service users: refresh the token so new permissions apply, then give the new token to hibob-sync (refresh-token).',
  learnamp_credentials:
    'Learn Amp: check the API client id and secret, and that the client is granted the scopes hibob-sync needs.',
  network: 'Check that the API base URL is right and reachable from the worker; the sync retries on its next run.',
  hibob_records: 'Correct the employee records in HiBob; "hibob-sync report" lists each one with its reason.',
  worker: 'Check the worker log for this error (the sync store, or a bug); the sync retries on its next run.',
} as const;

export type SetupStep = keyof typeof SETUP_STEPS;

/** `blocking` stops the sync until an admin acts; `warning` lets it run but changes nothing it cannot see. */
export type ProblemSeverity = 'blocking' | 'warning';

export type SetupProblemCode =
  | 'hibob_credentials_missing'
  | 'hibob_unauthorized'
  | 'hibob_token_revoked'
  | 'hibob_forbidden'
  | 'hibob_unreachable'
  | 'no_employees_visible'
  | 'lifecycle_not_readable'
  | 'lifecycle_partially_readable'
  | 'leavers_not_visible'
  | 'synced_employees_not_visible'
  | 'learnamp_invalid_client'
  | 'learnamp_scope_missing'
  | 'learnamp_unreachable'
  | 'learnamp_writes_failed'
  | 'employees_left_view'
  | 'invalid_employee_ids'
  | 'sync_failed';

/** One problem found while validating a connection or running a sync. */
export interface SetupProblem {
  readonly code: SetupProblemCode;
  readonly severity: ProblemSeverity;
  readonly step: SetupStep;
  readonly message: string;
  /** How many employees the problem concerns, where it concerns employees. */
  readonly count?: number;
  /** Up to ten HiBob employee ids, for support to look up. */
  readonly sampleEmployeeIds?: readonly string[];
}

const SEVERITY: Record<SetupProblemCode, ProblemSeverity> = {
  hibob_credentials_missing: 'blocking',
  hibob_unauthorized: 'blocking',
  hibob_token_revoked: 'blocking',
  hibob_forbidden: 'blocking',
  hibob_unreachable: 'blocking',
  no_employees_visible: 'blocking',
  lifecycle_not_readable: 'blocking',
  lifecycle_partially_readable: 'warning',
  leavers_not_visible: 'warning',
  synced_employees_not_visible: 'warning',
  learnamp_invalid_client: 'blocking',
  learnamp_scope_missing: 'blocking',
  learnamp_unreachable: 'blocking',
  learnamp_writes_failed: 'warning',
  employees_left_view: 'warning',
  invalid_employee_ids: 'warning',
  sync_failed: 'blocking',
};

const STEP: Record<SetupProblemCode, SetupStep> = {
  hibob_credentials_missing: 'service_user',
  hibob_unauthorized: 'service_user',
  hibob_token_revoked: 'token_refresh',
  hibob_forbidden: 'group_members',
  hibob_unreachable: 'network',
  no_employees_visible: 'lifecycle_scope',
  lifecycle_not_readable: 'lifecycle_section',
  lifecycle_partially_readable: 'lifecycle_section',
  leavers_not_visible: 'lifecycle_scope',
  synced_employees_not_visible: 'lifecycle_scope',
  learnamp_invalid_client: 'learnamp_credentials',
  learnamp_scope_missing: 'learnamp_credentials',
  learnamp_unreachable: 'network',
  learnamp_writes_failed: 'network',
  employees_left_view: 'lifecycle_scope',
  invalid_employee_ids: 'hibob_records',
  sync_failed: 'worker',
};

/** Builds a problem with the severity and setup step its code maps to. */
export function setupProblem(
  code: SetupProblemCode,
  message: string,
  employees?: { count: number; sampleEmployeeIds?: readonly string[] },
): SetupProblem {
  const problem: SetupProblem = { code, severity: SEVERITY[code], step: STEP[code], message };
  if (!employees) return problem;
  return { ...problem, count: employees.count, sampleEmployeeIds: employees.sampleEmployeeIds?.slice(0, 10) };
}

/** Returns true when any problem stops the sync. */
export function hasBlockingProblem(problems: readonly SetupProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'blocking');
}

/** Formats a problem for an admin: what is wrong, then the step that fixes it. */
export function formatSetupProblem(problem: SetupProblem): string {
  return `${problem.message}\n  Fix: ${SETUP_STEPS[problem.step]}`;
}
