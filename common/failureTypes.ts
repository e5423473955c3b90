/**
 * `ApplicationFailure` types thrown by activities. Retry policies list the non-retryable ones, and the
 * workflows map them to setup problems. Pure module.
 */
export const FailureType = {
  /** HiBob returned 401: wrong service user id or token, or a token revoked by a refresh. Never retried. */
  hibobUnauthorized: 'HiBobUnauthorized',
  /** HiBob returned 403: the service user's permission group does not allow the call. Never retried. */
  hibobForbidden: 'HiBobForbidden',
  /** HiBob returned 400: a request hibob-sync built is invalid. Never retried. */
  hibobBadRequest: 'HiBobBadRequest',
  /** HiBob returned 429; retried after `X-RateLimit-Reset`. */
  hibobRateLimited: 'HiBobRateLimited',
  /** HiBob timed out, refused the connection or returned 5xx; retried with backoff. */
  hibobUnavailable: 'HiBobUnavailable',
  /** Learn Amp rejected the client id or secret. Never retried. */
  learnampUnauthorized: 'LearnAmpUnauthorized',
  /** Learn Amp refused a scope. Never retried. */
  learnampForbidden: 'LearnAmpForbidden',
  /** Learn Amp returned 429 or 5xx, or could not be reached; retried with backoff. */
  learnampUnavailable: 'LearnAmpUnavailable',
  /** The tenant has no stored credentials. Never retried. */
  tenantNotConnected: 'TenantNotConnected',
  /** Learn Amp rejected a request with 400, 404 or 422 outside a user write (those are caught and reported). Never retried. */
  learnampRejected: 'LearnAmpRejectedError',
} as const;

/** Failures that retrying cannot fix: an admin has to act first. */
export const NON_RETRYABLE_FAILURE_TYPES: string[] = [
  FailureType.hibobUnauthorized,
  FailureType.hibobForbidden,
  FailureType.hibobBadRequest,
  FailureType.learnampUnauthorized,
  FailureType.learnampForbidden,
  FailureType.tenantNotConnected,
  FailureType.learnampRejected,
];
