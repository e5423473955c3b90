import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { registerFaultHook } from '../faults';
import type { LoggerOption } from '../logger';
import { registerHiBobAdminRoutes } from './adminRoutes';
import { FIELDS, describeField, type FieldContext } from './fields';
import type { HiBobCompany } from './company';
import type { HiBobSandbox } from './sandbox';
import { parsePeopleSearchRequest, searchPeople } from './search';
import type { ServiceUser } from './serviceUsers';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated HiBob service user, set by the /v1 auth hook. */
    hibobServiceUser: ServiceUser | null;
  }
}

const NAMED_LISTS = ['department', 'site', 'title'] as const;
/** Large enough for a search that filters on every id of a 50,000-employee company. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/** Builds the HiBob API (`/v1`) and its admin routes (`/_sandbox`) on a new Fastify instance. */
export function buildHiBobServer(sandbox: HiBobSandbox, logger: LoggerOption = false): FastifyInstance {
  const app = Fastify({ logger: logger && { name: 'hibob-sandbox', ...logger }, bodyLimit: BODY_LIMIT_BYTES });
  app.decorateRequest('hibobServiceUser', null);

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ key: 'not_found', error: `No route ${request.method} ${request.url}` });
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'HiBob sandbox request failed');
    void reply.code(status).send({ key: status >= 500 ? 'internal_error' : 'bad_request', error: error.message });
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/_sandbox')) {
      recordRequest(sandbox, request, reply.statusCode);
    }
    return payload;
  });

  registerFaultHook(app, sandbox.faults);
  void app.register(async (admin) => registerHiBobAdminRoutes(admin, sandbox), { prefix: '/_sandbox' });
  void app.register(async (api) => registerApiRoutes(api, sandbox), { prefix: '/v1' });
  return app;
}

function registerApiRoutes(api: FastifyInstance, sandbox: HiBobSandbox): void {
  // Authentication runs before the rate limit, so bad credentials never use up a company's quota.
  api.addHook('onRequest', async (request, reply) => {
    const user = authenticate(sandbox, request.headers.authorization);
    if (!user) {
      return reply.code(401).send({
        key: 'unauthorized',
        error: 'Invalid service user credentials: send Basic auth with the service user id and its current token',
      });
    }
    request.hibobServiceUser = user;
    const endpoint = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const decision = sandbox.rateLimiter.take(`${user.companyId}|${endpoint}`);
    void reply.headers({
      'X-RateLimit-Limit': decision.limit,
      'X-RateLimit-Remaining': decision.remaining,
      'X-RateLimit-Reset': decision.resetAt,
    });
    if (!decision.allowed) {
      return reply.code(429).send({ key: 'too_many_requests', error: `Rate limit exceeded for ${endpoint}` });
    }
  });

  api.post('/people/search', async (request, reply) => {
    const parsed = parsePeopleSearchRequest(request.body);
    if (!parsed.ok) {
      return reply.code(400).send({ key: 'bad_request', error: parsed.message });
    }
    const user = requireUser(request);
    const company = sandbox.company(user.companyId);
    return {
      employees: searchPeople(company.employees, user.permissionGroup, parsed.request, fieldContext(sandbox, company)),
    };
  });

  api.get('/company/people/fields', async () => FIELDS.map(describeField));

  api.get<{ Querystring: { includeArchived?: string } }>('/company/named-lists', async (request) => {
    const company = sandbox.company(requireUser(request).companyId);
    const includeArchived = request.query.includeArchived === 'true';
    return Object.fromEntries(NAMED_LISTS.map((name) => [name, namedList(company, name, includeArchived)]));
  });

  api.get<{ Params: { listName: string }; Querystring: { includeArchived?: string } }>(
    '/company/named-lists/:listName',
    async (request, reply) => {
      const company = sandbox.company(requireUser(request).companyId);
      const name = NAMED_LISTS.find((candidate) => candidate === request.params.listName);
      if (!name) {
        return reply.code(404).send({ key: 'not_found', error: `Named list ${request.params.listName} not found` });
      }
      return namedList(company, name, request.query.includeArchived === 'true');
    },
  );
}

function authenticate(sandbox: HiBobSandbox, header: string | undefined): ServiceUser | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) {
    return undefined;
  }
  return sandbox.serviceUsers.authenticate(decoded.slice(0, separator), decoded.slice(separator + 1));
}

function requireUser(request: FastifyRequest): ServiceUser {
  if (!request.hibobServiceUser) {
    throw new Error('Route reached without an authenticated service user');
  }
  return request.hibobServiceUser;
}

function fieldContext(sandbox: HiBobSandbox, company: HiBobCompany): FieldContext {
  return {
    employeesById: new Map(company.employees.map((employee) => [employee.id, employee])),
    lists: { department: company.departments, site: company.sites, title: company.titles },
    lifecycleCasing: sandbox.lifecycleCasing,
  };
}

function namedList(company: HiBobCompany, name: (typeof NAMED_LISTS)[number], includeArchived: boolean) {
  const items = { department: company.departments, site: company.sites, title: company.titles }[name];
  return { name, values: items.filter((item) => includeArchived || !item.archived) };
}

function recordRequest(sandbox: HiBobSandbox, request: FastifyRequest, status: number): void {
  const user = request.hibobServiceUser;
  try {
    sandbox.recordRequest({
      companyId: user?.companyId ?? null,
      serviceUserId: user?.id ?? null,
      method: request.method,
      path: request.url.split('?')[0] ?? request.url,
      status,
      at: Date.now(),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
  } catch (error) {
    // A failing 'request' listener must not turn the response into a 500.
    request.log.error({ err: error }, 'HiBob sandbox request listener failed');
  }
}
