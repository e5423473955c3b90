import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { registerFaultRoutes, setAdminErrorHandler } from '../adminErrors';
import { LIFECYCLE_STATUSES } from '../employee';
import type { HiBobSandbox, HiBobRequestRecord } from './sandbox';
import { WEBHOOK_EVENT_TYPES } from './webhooks';

const permissionGroupSchema = z.object({
  lifecycleStatuses: z.union([z.literal('all'), z.array(z.enum(LIFECYCLE_STATUSES))]),
  lifecycleSectionReadable: z.boolean(),
});
const createCompanySchema = z.object({
  companyId: z.string().min(1),
  seed: z.number().int().optional(),
  size: z.number().int().min(0).max(200_000).optional(),
  today: z.string().optional(),
});
const addServiceUserSchema = z.object({
  id: z.string().min(1).optional(),
  permissionGroup: permissionGroupSchema.optional(),
});
const terminateSchema = z.object({ terminationDate: z.string().optional() });
const rehireSchema = z.object({ startDate: z.string().optional() });
const webhookSchema = z.object({ url: z.string().min(1), secret: z.string().min(1) });
const webhookEventSchema = z.object({
  type: z.enum(WEBHOOK_EVENT_TYPES),
  employeeId: z.string().min(1),
  fieldIds: z.array(z.string()).optional(),
  signature: z.string().optional(),
});
const rateLimitSchema = z.object({ perMinute: z.number().int().min(1), windowMs: z.number().int().min(1) });

type CompanyParams = { Params: { companyId: string } };
type ServiceUserParams = { Params: { companyId: string; serviceUserId: string } };
type EmployeeParams = { Params: { companyId: string; employeeId: string } };

/** Per endpoint ('POST /v1/people/search'), the number of responses per status code. */
export type RequestStats = Record<string, Record<string, number>>;

/** Registers the unauthenticated control routes for the sandbox CLI. `startSandboxes` listens on loopback only. */
export function registerHiBobAdminRoutes(admin: FastifyInstance, sandbox: HiBobSandbox): void {
  setAdminErrorHandler(admin);
  registerFaultRoutes(admin, sandbox.faults);

  admin.post('/companies', async (request, reply) => {
    const company = sandbox.addCompany(createCompanySchema.parse(request.body));
    return reply.code(201).send({ companyId: company.companyId, employeeCount: company.employees.length });
  });

  admin.post<CompanyParams>('/companies/:companyId/service-users', async (request, reply) => {
    const options = addServiceUserSchema.parse(request.body ?? {});
    return reply.code(201).send(sandbox.company(request.params.companyId).addServiceUser(options));
  });

  admin.put<ServiceUserParams>(
    '/companies/:companyId/service-users/:serviceUserId/permission-group',
    async (request) => {
      const group = permissionGroupSchema.parse(request.body);
      sandbox.company(request.params.companyId).setPermissionGroup(request.params.serviceUserId, group);
      return group;
    },
  );

  admin.post<ServiceUserParams>('/companies/:companyId/service-users/:serviceUserId/refresh-token', async (request) => {
    const token = sandbox.company(request.params.companyId).refreshToken(request.params.serviceUserId);
    return { id: request.params.serviceUserId, token };
  });

  admin.get<CompanyParams>('/companies/:companyId/employees', async (request) => ({
    employees: sandbox.company(request.params.companyId).employees,
  }));

  admin.post<CompanyParams>('/companies/:companyId/employees', async (request, reply) => {
    const fields = z.record(z.string(), z.unknown()).parse(request.body ?? {});
    return reply.code(201).send(sandbox.company(request.params.companyId).addEmployee(fields));
  });

  admin.patch<EmployeeParams>('/companies/:companyId/employees/:employeeId', async (request) => {
    const patch = z.record(z.string(), z.unknown()).parse(request.body);
    return sandbox.company(request.params.companyId).updateEmployee(request.params.employeeId, patch);
  });

  admin.post<EmployeeParams>('/companies/:companyId/employees/:employeeId/terminate', async (request) => {
    const { terminationDate } = terminateSchema.parse(request.body ?? {});
    return sandbox.company(request.params.companyId).terminate(request.params.employeeId, terminationDate);
  });

  admin.post<EmployeeParams>('/companies/:companyId/employees/:employeeId/rehire', async (request) => {
    const { startDate } = rehireSchema.parse(request.body ?? {});
    return sandbox.company(request.params.companyId).rehire(request.params.employeeId, startDate);
  });

  admin.delete<EmployeeParams>('/companies/:companyId/employees/:employeeId', async (request, reply: FastifyReply) => {
    sandbox.company(request.params.companyId).removeEmployee(request.params.employeeId);
    return reply.code(204).send();
  });

  admin.put<CompanyParams>('/companies/:companyId/webhook', async (request) => {
    const subscription = webhookSchema.parse(request.body);
    sandbox.company(request.params.companyId).setWebhook(subscription);
    return { url: subscription.url };
  });

  admin.delete<CompanyParams>('/companies/:companyId/webhook', async (request, reply) => {
    sandbox.company(request.params.companyId).setWebhook(null);
    return reply.code(204).send();
  });

  admin.post<CompanyParams>('/companies/:companyId/webhook/events', async (request) => {
    const { type, employeeId, ...options } = webhookEventSchema.parse(request.body);
    return sandbox.company(request.params.companyId).sendWebhook(type, employeeId, options);
  });

  admin.get<{ Querystring: { companyId?: string } }>('/webhook-deliveries', async (request) => {
    await sandbox.flushWebhooks();
    const { companyId } = request.query;
    const deliveries = sandbox.webhookDeliveries.filter((d) => !companyId || d.companyId === companyId);
    return { deliveries };
  });

  admin.put('/rate-limit', async (request) => {
    const settings = rateLimitSchema.parse(request.body);
    sandbox.setRateLimit(settings);
    return settings;
  });

  admin.get<{ Querystring: { companyId?: string } }>('/stats', async (request) => {
    const { companyId } = request.query;
    const records = companyId ? sandbox.requests.filter((r) => r.companyId === companyId) : sandbox.requests;
    return { total: records.length, byEndpoint: countByEndpoint(records) };
  });
}

function countByEndpoint(records: readonly HiBobRequestRecord[]): RequestStats {
  const stats: RequestStats = {};
  for (const record of records) {
    const endpoint = `${record.method} ${record.path}`;
    const byStatus = (stats[endpoint] ??= {});
    byStatus[record.status] = (byStatus[record.status] ?? 0) + 1;
  }
  return stats;
}
