import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure converter loaded by path (workflows run it in their sandbox). Error messages can name an employee
 * or echo an API response, so they are stored as an encoded payload that the payload codec encrypts.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
