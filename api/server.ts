import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type pino from 'pino';
import { AdminContext, InvalidRequestError, notifyEmployeesChanged, requestSync, TenantNotFoundError } from '../client/adminActions';
import { openAdminContext } from '../client/temporalConnection';
import { loadConfig } from '../worker/config';
import { createLogger } from '../worker/logger';
import { registerAdminRoutes } from './adminRoutes';
import { loadApiConfig } from './config';
import { WebhookBatcher } from './webhookBatcher';
import { MAX_WEBHOOK_BODY_BYTES, registerWebhookRoutes } from './webhooks';

/** Largest admin request body; a connect request is well under 10 KiB. */
const ADMIN_BODY_LIMIT_BYTES = 64 * 1024;

export interface ApiServerOptions {
  context: AdminContext;
  apiKeys: readonly string[];
  /** Minimum time between two webhook-driven signals to one tenant, in milliseconds. */
  webhookFlushIntervalMs: number;
  logger: pino.Logger | false;
}

export interface ApiServer {
  app: FastifyInstance;
  batcher: WebhookBatcher;
}

/** Builds the HTTP API: admin routes behind bearer keys and the signed HiBob webhook receiver. */
export async function buildApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const app: FastifyInstance = options.logger
    ? Fastify({ loggerInstance: options.logger as FastifyBaseLogger, bodyLimit: ADMIN_BODY_LIMIT_BYTES })
    : Fastify({ logger: false, bodyLimit: ADMIN_BODY_LIMIT_BYTES });
  const { context } = options;
  const batcher = new WebhookBatcher({
    flushIntervalMs: options.webhookFlushIntervalMs,
    notifyEmployeesChanged: (tenantId, employeeIds) => notifyEmployeesChanged(context, tenantId, employeeIds),
    requestFullSync: (tenantId, reason) => requestSync(context, tenantId, reason),
    logger: app.log,
  });

  app.setErrorHandler(sendError);
  await app.register(async (scope) => registerWebhookRoutes(scope, { store: context.store, batcher }));
  await app.register(async (scope) => registerAdminRoutes(scope, { context, apiKeys: options.apiKeys }));
  app.addHook('onClose', async () => batcher.close());
  return { app, batcher };
}

/**
 * Maps errors to JSON responses. Messages of parse errors are replaced, because Node's JSON errors quote
 * part of the body, which may hold a token.
 */
function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof TenantNotFoundError) return reply.code(404).send({ error: error.message });
  if (error instanceof InvalidRequestError) return reply.code(400).send({ error: error.message, fields: error.fields });
  const status = error.statusCode ?? 500;
  if (status === 413) {
    const limit = request.url.startsWith('/webhooks/') ? MAX_WEBHOOK_BODY_BYTES : ADMIN_BODY_LIMIT_BYTES;
    return reply.code(413).send({ error: `Request body is larger than ${limit} bytes` });
  }
  if (status === 415) return reply.code(415).send({ error: 'Unsupported Content-Type: send application/json' });
  if (status >= 400 && status < 500) {
    const message = error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'Body is not valid JSON' : 'Invalid request';
    return reply.code(status).send({ error: message });
  }
  request.log.error({ error: error.message }, 'Request failed');
  return reply.code(500).send({ error: 'Internal error; see the API log' });
}

/** Runs the API until SIGINT or SIGTERM; refuses to start without an API key. */
async function main(): Promise<void> {
  const config = loadConfig();
  const apiConfig = loadApiConfig();
  const logger = createLogger(config.logLevel, 'hibob-sync-api');
  const context = await openAdminContext(config);
  const { app } = await buildApiServer({ context, apiKeys: apiConfig.apiKeys, webhookFlushIntervalMs: apiConfig.webhookFlushIntervalMs, logger });
  await app.listen({ host: apiConfig.host, port: apiConfig.port });
  logger.info({ host: apiConfig.host, port: apiConfig.port, apiKeys: apiConfig.apiKeys.length }, 'API started');
  const stop = () => {
    void app
      .close()
      .then(() => context.close())
      .then(() => logger.info('API stopped'));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`hibob-sync API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
