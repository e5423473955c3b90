import type { NamedLists } from '../activities/sync/desiredUser';

/** Runs whose snapshots are kept per tenant; older snapshots are deleted when a new run starts. */
export const SNAPSHOTS_KEPT = 5;

/** Run records (counts and problems) kept per tenant. */
export const RUN_RECORDS_KEPT = 500;

/** Outcomes after which the employee has an active Learn Amp user (unless a leaver). */
export const ACTIVE_OUTCOMES = ['created', 'updated', 'unchanged', 'reactivated', 'not_visible'] as const;

export function emptyNamedLists(): NamedLists {
  return { departments: {}, sites: {}, titles: {} };
}
