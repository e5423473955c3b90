import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AdminContext,
  connectTenant,
  disconnectTenant,
  InvalidRequestError,
  permissionsChanged,
  refreshToken,
  requestSync,
  tenantStatus,
} from '../client/adminActions';

export interface AdminRouteOptions {
  context: AdminContext;
  /** Accepted bearer keys; the caller makes sure there is at least one. */
  apiKeys: readonly string[];
}

type TenantRequest = FastifyRequest<{ Params: { tenantId: string } }>;

const refreshTokenBodySchema = z.object({ hibobToken: z.string().min(1, 'is required') });
const reasonBodySchema = z.object({ reason: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional() });

/**
 * Registers the admin actions of the CLI as HTTP routes under `/admin/tenants/:tenantId`, each behind a
 * bearer key. Responses never contain a token or secret, only ids and status.
 */
export async function registerAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  if (options.apiKeys.length === 0) throw new Error('The admin routes need at least one API key');
  const keyDigests = options.apiKeys.map(sha256);
  const { context } = options;

  app.addHook('onRequest', async (request, reply) => {
    if (isAuthorized(request.headers.authorization, keyDigests)) return;
    request.log.warn({ url: request.url }, 'Rejected an admin request without a valid API key');
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Bearer')
      .send({ error: 'Missing or invalid API key: send "Authorization: Bearer <key>" with a key from HIBOB_SYNC_API_KEYS' });
  });

  app.post('/admin/tenants/:tenantId/connect', async (request: TenantRequest, reply) => {
    const body = requireObject(request.body);
    const { workflowId } = await connectTenant(context, { ...body, tenantId: request.params.tenantId } as Parameters<typeof connectTenant>[1]);
    request.log.info({ tenantId: request.params.tenantId }, 'Tenant connected through the admin API');
    return reply.code(202).send({ tenantId: request.params.tenantId, workflowId });
  });

  app.post('/admin/tenants/:tenantId/refresh-token', async (request: TenantRequest, reply) => {
    const { hibobToken } = parseBody(refreshTokenBodySchema, request.body);
    await refreshToken(context, request.params.tenantId, hibobToken);
    return reply.code(202).send({ tenantId: request.params.tenantId });
  });

  app.post('/admin/tenants/:tenantId/permissions-changed', async (request: TenantRequest, reply) => {
    await permissionsChanged(context, request.params.tenantId);
    return reply.code(202).send({ tenantId: request.params.tenantId });
  });

  app.post('/admin/tenants/:tenantId/sync', async (request: TenantRequest, reply) => {
    const { reason } = parseBody(reasonBodySchema, request.body ?? {});
    await requestSync(context, request.params.tenantId, reason ?? 'requested through the admin API');
    return reply.code(202).send({ tenantId: request.params.tenantId });
  });

  app.post('/admin/tenants/:tenantId/disconnect', async (request: TenantRequest, reply) => {
    const { reason } = parseBody(reasonBodySchema, request.body ?? {});
    await disconnectTenant(context, request.params.tenantId, reason ?? 'disconnected through the admin API');
    return reply.code(202).send({ tenantId: request.params.tenantId });
  });

  app.get('/admin/tenants/:tenantId/status', async (request: TenantRequest, reply: FastifyReply) => {
    return reply.send(await tenantStatus(context, request.params.tenantId));
  });
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Compares digests so every comparison has equal lengths, and checks every key so timing does not show which matched. */
function isAuthorized(header: string | undefined, keyDigests: readonly Buffer[]): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const digest = sha256(match[1]!);
  let authorized = false;
  for (const keyDigest of keyDigests) authorized = timingSafeEqual(keyDigest, digest) || authorized;
  return authorized;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('The request body must be a JSON object', { body: 'must be a JSON object' });
  }
  return body as Record<string, unknown>;
}

/** Parses a body with `schema`; the error names each invalid field without echoing its value. */
function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]));
    const details = Object.entries(fields).map(([field, message]) => `${field} ${message}`).join('; ');
    throw new InvalidRequestError(`Invalid request: ${details}`, fields);
  }
  return parsed.data;
}
