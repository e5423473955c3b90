/** An HTTP error response in Learn Amp's format, thrown by route handlers. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: { error: string; fullErrors?: Record<string, string[]> },
  ) {
    super(body.error);
  }
}

/** Returns Learn Amp's 404 error. */
export function notFound(): ApiError {
  return new ApiError(404, { error: 'Not found' });
}

/** Returns a 400 error. With a field, `fullErrors` lists the message under that field. */
export function badRequest(message: string, field?: string, fieldMessage?: string): ApiError {
  return new ApiError(400, {
    error: message,
    ...(field ? { fullErrors: { [field]: [fieldMessage ?? message] } } : {}),
  });
}

/**
 * Collects per-field problems. Parameter problems read "email is missing". Model validation problems are
 * prefixed "Validation failed:" and name the attribute in words ("Integration external id has already been taken").
 */
export class FieldErrors {
  private readonly messages: Array<{ field: string; message: string; text: string }> = [];

  /** Records a parameter problem such as 'is missing' or 'is invalid'. */
  add(field: string, message: string): void {
    this.messages.push({ field, message, text: `${field} ${message}` });
  }

  /** Records a model validation problem, e.g. ('integrationExternalId', 'Integration external id', 'has already been taken'). */
  addValidation(field: string, attributeName: string, message: string): void {
    this.messages.push({ field, message, text: `${attributeName} ${message}` });
  }

  get isEmpty(): boolean {
    return this.messages.length === 0;
  }

  /** Throws the collected problems as one 400 error, if there are any. */
  throwIfAny(prefix = ''): void {
    if (this.isEmpty) {
      return;
    }
    const fullErrors: Record<string, string[]> = {};
    for (const { field, message } of this.messages) {
      (fullErrors[field] ??= []).push(message);
    }
    const text = this.messages.map((entry) => entry.text).join(', ');
    throw new ApiError(400, { error: `${prefix}${text}`, fullErrors });
  }
}
