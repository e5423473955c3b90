/**
 * How a HiBob lifecycle status maps to a Learn Amp account. HiBob's machine casing is not documented,
 * so statuses arrive lower-cased (see `readLifecycleStatus`).
 */
export type AccountIntent =
  /** Should have an active user: employed, any kind of leave, garden leave until termination. */
  | 'active'
  /** Terminated: the user is deactivated, never deleted, so their learning history stays. */
  | 'leaver'
  /** Hired with a start date still ahead. */
  | 'joiner'
  /** No lifecycle status: hibob-sync cannot tell a leaver from an employee, so it changes nothing. */
  | 'unknown';

/** Decides the account intent from the lifecycle status and start date; `today` is YYYY-MM-DD in UTC. */
export function accountIntent(lifecycleStatus: string | null, startDate: string | null, today: string): AccountIntent {
  if (lifecycleStatus === null) return 'unknown';
  if (lifecycleStatus === 'terminated') return 'leaver';
  // HiBob moves a joiner to employed at midnight in the site's time zone; a start date already reached counts as started.
  if (lifecycleStatus === 'hired') return startDate !== null && startDate <= today ? 'active' : 'joiner';
  return 'active';
}
