/** Problems with one employee's record. The employee is reported and skipped; the sync goes on. Pure module. */

export type EmployeeProblemCode =
  | 'invalid_employee_id'
  | 'missing_email'
  | 'invalid_email'
  | 'duplicate_email'
  | 'missing_name'
  | 'field_too_long'
  | 'invalid_start_date'
  | 'lifecycle_status_missing'
  | 'manager_not_visible'
  | 'learnamp_rejected'
  | 'write_failed';

export interface EmployeeProblem {
  readonly code: EmployeeProblemCode;
  readonly employeeId: string;
  /** What is wrong and what to change, for an HR admin. Never holds a token; holds no email unless the admin needs it. */
  readonly message: string;
  /** True when the employee was left out of the run; false for warnings such as an invisible manager. */
  readonly skipped: boolean;
}
