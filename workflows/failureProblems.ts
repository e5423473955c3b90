import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';
import { FailureType } from '../common/failureTypes';
import { SetupProblem, setupProblem } from '../common/setupProblems';

/** Finds the `ApplicationFailure` an activity or child workflow failed with. */
export function applicationFailureOf(error: unknown): ApplicationFailure | null {
  let current: unknown = error;
  while (current instanceof ActivityFailure || current instanceof ChildWorkflowFailure) current = current.cause;
  return current instanceof ApplicationFailure ? current : null;
}

/**
 * Maps an authorization failure during a sync to the problem that pauses it, or returns null for any
 * other failure. A 401 mid-sync means the token validated moments ago was revoked by a refresh.
 */
export function pausingProblem(error: unknown): SetupProblem | null {
  const failure = applicationFailureOf(error);
  switch (failure?.type) {
    case FailureType.hibobUnauthorized:
      return setupProblem('hibob_token_revoked', 'HiBob rejected the service user\'s token during the sync: it was refreshed or revoked in HiBob. The sync is paused and resumes where it stopped once the new token is given.');
    case FailureType.hibobForbidden:
      return setupProblem('hibob_forbidden', 'HiBob refused a people search during the sync (403): the service user\'s permission group changed. The sync is paused.');
    case FailureType.learnampUnauthorized:
      return setupProblem('learnamp_invalid_client', 'Learn Amp rejected the API client during the sync. The sync is paused.');
    case FailureType.learnampForbidden:
      return setupProblem('learnamp_scope_missing', 'Learn Amp refused a scope during the sync. The sync is paused.');
    default:
      return null;
  }
}

/** Maps a failure that outlasted its retries to the problem shown to the admin. */
export function unreachableProblem(error: unknown): SetupProblem {
  const failure = applicationFailureOf(error);
  const detail = failure?.message ?? (error instanceof Error ? error.message : String(error));
  if (failure?.type === FailureType.tenantNotConnected) {
    return setupProblem('hibob_credentials_missing', 'The tenant has no stored credentials: connect it again.');
  }
  if (failure?.type === FailureType.learnampUnavailable || failure?.type === FailureType.learnampRejected) {
    return setupProblem('learnamp_unreachable', `Learn Amp could not be reached after retries: ${detail}`);
  }
  if (failure?.type?.startsWith('HiBob')) {
    return setupProblem('hibob_unreachable', `HiBob failed after retries: ${detail}`);
  }
  return setupProblem('sync_failed', `The sync failed after retries: ${detail}`);
}
