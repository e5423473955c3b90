import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** Maps the sandbox's own error messages to 404 and 409; anything else is the caller's bad input. */
function adminErrorStatus(message: string): number | undefined {
  if (/ not found/.test(message)) return 404;
  if (/ already exists/.test(message)) return 409;
  return undefined;
}

/** Sends admin route errors as `{ error }`: 400 for invalid input, 404 for unknown ids, 409 for taken ids. */
export function setAdminErrorHandler(admin: FastifyInstance): void {
  admin.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error instanceof z.ZodError ? 400 : (adminErrorStatus(error.message) ?? error.statusCode ?? 400);
    void reply.code(status).send({ error: error instanceof z.ZodError ? z.prettifyError(error) : error.message });
  });
}
