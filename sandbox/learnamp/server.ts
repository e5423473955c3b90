import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { registerFaultHook } from '../faults';
import type { LoggerOption } from '../logger';
import { registerLearnAmpAdminRoutes } from './adminRoutes';
import { ApiError } from './errors';
import { registerTokenRoute } from './oauth';
import type { LearnAmpSandbox } from './sandbox';
import { registerTeamRoutes } from './teams';
import { registerUserRoutes } from './users';
import { registerWriteLimitHook } from './writeLimit';

/** Builds the Learn Amp API (`/oauth/token`, `/v1`) and its admin routes (`/_sandbox`) on a new Fastify instance. */
export function buildLearnAmpServer(sandbox: LearnAmpSandbox, logger: LoggerOption = false): FastifyInstance {
  const app = Fastify({ logger: logger && { name: 'learnamp-sandbox', ...logger } });
  app.decorateRequest('learnampAccount', null);
  // NOTE: multipart/form-data bodies (curl --form in Learn Amp's examples) get 415, so send urlencoded or JSON.
  void app.register(formbody);
  // An empty JSON body counts as no parameters, so a bodiless PUT .../deactivate with a JSON Content-Type works.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ApiError(400, { error: 'The request body is not valid JSON' }), undefined);
    }
  });

  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send({ error: 'Not found' });
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.statusCode).send(error.body);
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'Learn Amp sandbox request failed');
    return reply.code(status).send({ error: status >= 500 ? 'Internal server error' : error.message });
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/_sandbox')) {
      recordRequest(sandbox, request, reply.statusCode);
    }
    return payload;
  });

  registerFaultHook(app, sandbox.faults);
  void app.register(async (admin) => registerLearnAmpAdminRoutes(admin, sandbox), { prefix: '/_sandbox' });
  registerTokenRoute(app, sandbox);
  void app.register(
    async (api) => {
      api.addHook('onRequest', async (request, reply) => {
        const found = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        const session = found ? sandbox.findByAccessToken(found) : undefined;
        if (!session) {
          return reply
            .code(401)
            .send({ error: 'Unauthorized: the access token is missing, invalid, expired or revoked' });
        }
        request.learnampAccount = session.account;
        const scope = request.routeOptions.config.scope;
        if (scope && !session.token.scopes.has(scope)) {
          return reply.code(403).send({ error: `Access to this resource requires scope "${scope}".` });
        }
      });
      registerWriteLimitHook(api, sandbox);
      registerUserRoutes(api, sandbox);
      registerTeamRoutes(api, sandbox);
    },
    { prefix: '/v1' },
  );
  return app;
}

function recordRequest(sandbox: LearnAmpSandbox, request: FastifyRequest, status: number): void {
  const kind = request.routeOptions.config?.kind ?? 'other';
  try {
    sandbox.recordRequest({
      accountId: request.learnampAccount?.accountId ?? null,
      method: request.method,
      path: request.url.split('?')[0] ?? request.url,
      url: request.url,
      status,
      at: Date.now(),
      kind,
      ...(request.body === undefined || kind === 'token' ? {} : { body: request.body }),
    });
  } catch (error) {
    // A failing 'request' listener must not turn the response into a 500.
    request.log.error({ err: error }, 'Learn Amp sandbox request listener failed');
  }
}
