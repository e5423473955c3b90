/** HiBob lifecycle statuses in HiBob's lower-case machine form. */
export const LIFECYCLE_STATUSES = [
  'employed',
  'terminated',
  'garden leave',
  'leave',
  'parental leave',
  'hired',
] as const;

/** A HiBob lifecycle status (`internal.lifecycleStatus`). */
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

/** HiBob access status (`internal.status`): Inactive employees are hidden unless `showInactive` is true. */
export type AccessStatus = 'Active' | 'Inactive';

/** One employee as the HiBob sandbox stores it. List fields contain named-list item ids. */
export interface SandboxEmployee {
  /** Long numeric string, unique in the company, e.g. '3332883884017713238'. */
  id: string;
  /** Null for employees without a work email. */
  email: string | null;
  firstName: string;
  surname: string;
  displayName: string;
  /** Item id in the `title` named list. */
  title: string | null;
  /** Item id in the `department` named list. */
  department: string | null;
  /** Item id in the `site` named list. */
  site: string | null;
  /** YYYY-MM-DD. */
  startDate: string;
  /** The manager's employee id, or null for the top of the hierarchy. */
  reportsTo: string | null;
  lifecycleStatus: LifecycleStatus;
  /** YYYY-MM-DD: in the past for terminated employees, in the future for garden leave. */
  terminationDate: string | null;
  accessStatus: AccessStatus;
}

/** An item of a HiBob named list (department, site, title). */
export interface NamedListItem {
  /** Numeric string, the value that employee list fields contain. */
  id: string;
  /** Display text, the same as `name`. */
  value: string;
  name: string;
  archived: boolean;
  children: NamedListItem[];
}

/** Adds whole days to a YYYY-MM-DD date and returns a YYYY-MM-DD date (UTC). */
export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** Returns the current UTC date as YYYY-MM-DD. */
export function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Returns true for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
