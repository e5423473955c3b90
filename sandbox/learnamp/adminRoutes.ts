import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { registerFaultRoutes, setAdminErrorHandler } from '../adminErrors';
import { USER_STATUSES, type RequestKind } from './models';
import type { LearnAmpSandbox } from './sandbox';

const createAccountSchema = z.object({
  accountId: z.string().min(1),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  scopes: z.array(z.string()).optional(),
  granularScopes: z.boolean().optional(),
});
const seedUserSchema = z.object({
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  integrationExternalId: z.string().nullable().optional(),
  jobTitle: z.string().nullable().optional(),
  hireDate: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
  department: z.string().nullable().optional(),
  status: z.enum(USER_STATUSES).optional(),
  managerId: z.number().int().nullable().optional(),
  primaryTeamId: z.number().int().nullable().optional(),
});
const seedUsersSchema = z.object({ users: z.array(seedUserSchema) });

type AccountParams = { Params: { accountId: string } };

/** Registers the unauthenticated control routes for the sandbox CLI. `startSandboxes` listens on loopback only. */
export function registerLearnAmpAdminRoutes(admin: FastifyInstance, sandbox: LearnAmpSandbox): void {
  setAdminErrorHandler(admin);
  registerFaultRoutes(admin, sandbox.faults);

  admin.post('/accounts', async (request, reply) => {
    const account = sandbox.addAccount(createAccountSchema.parse(request.body));
    const { accountId, clientId, clientSecret, scopes, granularScopes } = account;
    return reply.code(201).send({ accountId, clientId, clientSecret, scopes, granularScopes });
  });

  admin.post<AccountParams>('/accounts/:accountId/users', async (request, reply) => {
    const account = sandbox.account(request.params.accountId);
    const { users } = seedUsersSchema.parse(request.body);
    return reply.code(201).send({ users: users.map((user) => account.seedUser(user)) });
  });

  admin.get<AccountParams>('/accounts/:accountId/users', async (request) => ({
    users: sandbox.account(request.params.accountId).users,
  }));

  admin.post<AccountParams>('/accounts/:accountId/revoke-tokens', async (request, reply) => {
    sandbox.account(request.params.accountId).revokeTokens();
    return reply.code(204).send();
  });

  admin.put<AccountParams>('/accounts/:accountId/scopes', async (request) => {
    const { scopes } = z.object({ scopes: z.array(z.string()) }).parse(request.body);
    sandbox.account(request.params.accountId).setScopes(scopes);
    return { scopes };
  });

  admin.put('/write-limit', async (request) => {
    const { writesPerSecond } = z.object({ writesPerSecond: z.number().positive().nullable() }).parse(request.body);
    sandbox.setWriteLimit(writesPerSecond);
    return { writesPerSecond };
  });

  admin.get<{ Querystring: { accountId?: string } }>('/stats', async (request) => {
    const { accountId } = request.query;
    const records = accountId ? sandbox.requests.filter((r) => r.accountId === accountId) : sandbox.requests;
    const byKind: Partial<Record<RequestKind, number>> = {};
    for (const record of records) {
      byKind[record.kind] = (byKind[record.kind] ?? 0) + 1;
    }
    const accounts = accountId ? [sandbox.account(accountId)] : sandbox.listAccounts();
    return {
      total: records.length,
      byKind,
      writes: accounts.reduce((sum, account) => sum + account.writeCount(), 0),
      invitations: accounts.reduce((sum, account) => sum + account.invitationsSent.length, 0),
    };
  });
}
