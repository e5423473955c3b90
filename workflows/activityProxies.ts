import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { NON_RETRYABLE_FAILURE_TYPES } from '../common/failureTypes';

/**
 * One proxy per kind of work, so a slow HiBob read and a quick Learn Amp write never share timeouts.
 * 401, 403 and a missing tenant are never retried: HiBob blocks callers that repeat them.
 * On cancellation (disconnect) the workflow waits for running activities to finish, so none writes
 * after the tenant's data is forgotten.
 */
const WAIT_FOR_RUNNING = { cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED };

/**
 * Connection validation: a few quick retries, then the tenant shows the failure and the workflow retries
 * later, so an unreachable API is reported within a minute instead of after many minutes of retries.
 */
export const validation = proxyActivities<Pick<Activities, 'validateConnection'>>({
  ...WAIT_FOR_RUNNING,
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 4,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

/** HiBob reads: one people/search may return a whole company, and may wait up to a minute for its rate window. */
export const hibobReads = proxyActivities<Pick<Activities, 'indexEmployees' | 'readBatch'>>({
  ...WAIT_FOR_RUNNING,
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 8,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

/** Learn Amp reads: every user or team page by page, or the users of a batch whose employees changed. */
export const learnampReads = proxyActivities<Pick<Activities, 'prepareRun' | 'planBatch' | 'planManagers'>>({
  ...WAIT_FOR_RUNNING,
  startToCloseTimeout: '10 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 8,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

/** One Learn Amp write per call; about ten minutes of retries ride out a short outage. */
export const learnampWrites = proxyActivities<Pick<Activities, 'applyWrite'>>({
  ...WAIT_FOR_RUNNING,
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

/** Work on the sync store only: fast, and retried a few times in case the database is busy. */
export const storeSteps = proxyActivities<
  Pick<Activities, 'recordFailedWrites' | 'finishSync' | 'forgetTenant'>
>({
  ...WAIT_FOR_RUNNING,
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
});
