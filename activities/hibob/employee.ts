import type { EmployeeProblem } from '../../common/employeeProblems';

/** Fields read for the employee index: enough to order batches and check lifecycle visibility. */
export const INDEX_FIELDS = ['root.id', 'root.email', 'work.reportsTo', 'internal.lifecycleStatus'] as const;

/** Fields read for each employee in a batch. */
export const EMPLOYEE_FIELDS = [
  'root.id',
  'root.email',
  'root.firstName',
  'root.surname',
  'root.displayName',
  'work.title',
  'work.department',
  'work.site',
  'work.startDate',
  'work.reportsTo',
  'internal.status',
  'internal.lifecycleStatus',
  'internal.terminationDate',
] as const;

/** Learn Amp's limit for names and emails, and a safe one for other text fields. */
const MAX_TEXT_LENGTH = 255;
const EMPLOYEE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A HiBob employee as hibob-sync uses it. Text is trimmed and NFC-normalized; a missing field is null. */
export interface HiBobEmployee {
  id: string;
  email: string | null;
  firstName: string | null;
  surname: string | null;
  displayName: string | null;
  titleId: string | null;
  departmentId: string | null;
  siteId: string | null;
  startDate: string | null;
  managerId: string | null;
  /** Lower case, e.g. `garden leave`; null when HiBob left the field out (no Lifecycle permission). */
  lifecycleStatus: string | null;
  terminationDate: string | null;
}

/** An employee in a run's snapshot, with the problems found in its record. */
export interface SnapshotEntry {
  employee: HiBobEmployee;
  problems: EmployeeProblem[];
}

/**
 * Reads a field by its dot id from a search result row. HiBob returns both nested objects
 * (`work.department`) and slash-keyed entries (`/work/department: { value }`); either is accepted.
 */
export function readField(row: Record<string, unknown>, fieldId: string): unknown {
  const [section, ...rest] = fieldId.split('.');
  const nestedPath = section === 'root' ? rest : [section!, ...rest];
  let value: unknown = row;
  for (const key of nestedPath) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value !== undefined) return value;
  const slashEntry = row[`/${fieldId.split('.').join('/')}`];
  if (slashEntry && typeof slashEntry === 'object' && 'value' in slashEntry) return (slashEntry as { value: unknown }).value;
  return undefined;
}

/** Returns the row's employee id as a string, or null when it is missing or malformed. */
export function readEmployeeId(row: Record<string, unknown>): string | null {
  const id = readField(row, 'root.id');
  const text = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : null;
  return text && EMPLOYEE_ID_PATTERN.test(text) ? text : null;
}

/** Reads the manager's employee id from `work.reportsTo`, which is an object or, in some payloads, a bare id. */
export function readManagerId(row: Record<string, unknown>): string | null {
  const reportsTo = readField(row, 'work.reportsTo');
  if (reportsTo && typeof reportsTo === 'object') return textOrNull((reportsTo as { id?: unknown }).id);
  return textOrNull(reportsTo);
}

/** Reads the lifecycle status in lower case, or null when HiBob omitted it. */
export function readLifecycleStatus(row: Record<string, unknown>): string | null {
  const status = textOrNull(readField(row, 'internal.lifecycleStatus'));
  return status ? status.toLowerCase().replace(/_/g, ' ') : null;
}

/** Turns a search result row into a snapshot entry, listing every problem in the record. */
export function normalizeEmployee(row: Record<string, unknown>, employeeId: string): SnapshotEntry {
  const employee: HiBobEmployee = {
    id: employeeId,
    email: textOrNull(readField(row, 'root.email'))?.toLowerCase() ?? null,
    firstName: textOrNull(readField(row, 'root.firstName')),
    surname: textOrNull(readField(row, 'root.surname')),
    displayName: textOrNull(readField(row, 'root.displayName')),
    titleId: textOrNull(readField(row, 'work.title')),
    departmentId: textOrNull(readField(row, 'work.department')),
    siteId: textOrNull(readField(row, 'work.site')),
    startDate: textOrNull(readField(row, 'work.startDate')),
    managerId: readManagerId(row),
    lifecycleStatus: readLifecycleStatus(row),
    terminationDate: textOrNull(readField(row, 'internal.terminationDate')),
  };
  return { employee, problems: findRecordProblems(employee) };
}

function findRecordProblems(employee: HiBobEmployee): EmployeeProblem[] {
  const problems: EmployeeProblem[] = [];
  const add = (code: EmployeeProblem['code'], message: string) =>
    problems.push({ code, employeeId: employee.id, message, skipped: true });

  if (!employee.email) {
    add('missing_email', 'has no email in HiBob; Learn Amp needs one to create a user. Add a work email in HiBob.');
  } else if (employee.email.length > MAX_TEXT_LENGTH || !EMAIL_PATTERN.test(employee.email)) {
    add('invalid_email', `has an invalid email "${employee.email.slice(0, 80)}" in HiBob. Correct it in HiBob.`);
  }
  if (!employee.firstName || !employee.surname) {
    add('missing_name', `has no ${employee.firstName ? 'surname' : 'first name'} in HiBob. Fill it in in HiBob.`);
  }
  const longField = (['firstName', 'surname', 'displayName'] as const).find(
    (field) => (employee[field]?.length ?? 0) > MAX_TEXT_LENGTH,
  );
  if (longField) {
    add('field_too_long', `has a ${longField} longer than ${MAX_TEXT_LENGTH} characters. Shorten it in HiBob.`);
  }
  if (employee.startDate !== null && !isValidDate(employee.startDate)) {
    add('invalid_start_date', `has an invalid start date "${employee.startDate.slice(0, 40)}"; expected YYYY-MM-DD.`);
  }
  if (employee.lifecycleStatus === null) {
    add(
      'lifecycle_status_missing',
      'has no lifecycle status in the response, so hibob-sync cannot tell whether they left. Give the permission group "View selected employees\' Lifecycle sections".',
    );
  }
  return problems;
}

/** Returns true for a real calendar date in YYYY-MM-DD form. */
export function isValidDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function textOrNull(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const text = value.normalize('NFC').trim();
  return text === '' ? null : text;
}
