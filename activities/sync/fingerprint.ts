import { createHash } from 'node:crypto';
import type { EmployeeOutcome } from '../../common/sync';
import type { InvitePolicy } from '../../common/tenant';
import type { SnapshotEntry } from '../hibob/employee';
import type { LearnAmpUserBody } from '../learnamp/user';
import type { AccountIntent } from './lifecycle';

/** Bumped whenever the fingerprinted fields change, so old fingerprints stop matching. */
const FINGERPRINT_VERSION = 1;

/**
 * Hashes the state hibob-sync wants for one employee: the account intent, the Learn Amp body (with the
 * manager's Learn Amp id) and the record's problems. Equal fingerprints on two runs mean Learn Amp
 * already matches HiBob, so the second run needs neither a read nor a write.
 */
export function desiredFingerprint(
  entry: SnapshotEntry,
  intent: AccountIntent,
  body: LearnAmpUserBody | null,
  invitePolicy: InvitePolicy,
  duplicateEmail: boolean,
): string {
  const state =
    intent === 'leaver'
      ? { intent }
      : {
          intent,
          problems: entry.problems.map((problem) => problem.code).sort(),
          duplicateEmail,
          body,
          // Only a joiner's invitation timing depends on the policy.
          invitePolicy: intent === 'joiner' ? invitePolicy : undefined,
        };
  const canonical = JSON.stringify({ version: FINGERPRINT_VERSION, ...state });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** Returns the outcome a run reports for an employee whose fingerprint matched the last recorded result. */
export function outcomeOfUnchanged(previous: EmployeeOutcome): EmployeeOutcome {
  switch (previous) {
    case 'skipped':
    case 'not_created_leaver':
    case 'waiting_for_start_date':
      return previous;
    default:
      return 'unchanged';
  }
}
