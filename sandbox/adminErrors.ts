import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FaultInjector } from './faults';

/** Maps the sandbox's own error messages to 404 and 409. Anything else is the caller's bad input. */
function adminErrorStatus(message: string): number | undefined {
  if (/ not found/.test(message)) return 404;
  if (/ already exists/.test(message)) return 409;
  return undefined;
}

/** Body of the admin routes that inject faults. */
export const faultSchema = z.object({
  count: z.number().int().min(1).optional(),
  status: z.number().int().min(400).max(599).optional(),
  delayMs: z.number().int().min(0).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  method: z.string().optional(),
  path: z.string().optional(),
  effect: z.enum(['drop', 'malformed_json']).optional(),
  phase: z.enum(['request', 'response']).optional(),
  pathPrefix: z.string().optional(),
  share: z.number().gt(0).max(1).optional(),
});

/** Registers `POST /faults` (add one) and `DELETE /faults` (clear all) under the admin prefix. */
export function registerFaultRoutes(admin: FastifyInstance, faults: FaultInjector): void {
  admin.post('/faults', async (request, reply) => {
    faults.add(faultSchema.parse(request.body));
    return reply.code(204).send();
  });
  admin.delete('/faults', async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });
}

/** Sends admin route errors as `{ error }`: 400 for invalid input, 404 for unknown ids, 409 for taken ids. */
export function setAdminErrorHandler(admin: FastifyInstance): void {
  admin.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error instanceof z.ZodError ? 400 : (adminErrorStatus(error.message) ?? error.statusCode ?? 400);
    void reply.code(status).send({ error: error instanceof z.ZodError ? z.prettifyError(error) : error.message });
  });
}
