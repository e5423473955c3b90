import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LearnAmpAccount } from './account';
import { ApiError, FieldErrors, notFound } from './errors';
import { USER_STATUSES, type SandboxUser, type UserStatus } from './models';
import { paginate } from './pagination';
import { readBoolean, readList, readString, readTimeBound, type Params } from './params';
import { RenderContext, renderExpandedUser, renderUser } from './render';
import { bodyParams, parseId, requestOrigin, requireAccount, route } from './routeConfig';
import type { LearnAmpSandbox } from './sandbox';
import { parseUserInput } from './userInput';

type IdParams = { Params: { id: string } };
type ExternalIdParams = { Params: { externalId: string } };

/** Registers the `/v1/users` routes. */
export function registerUserRoutes(api: FastifyInstance, sandbox: LearnAmpSandbox): void {
  api.get('/users', route('read', 'users:read'), async (request, reply) => {
    const account = requireAccount(request);
    const query = request.query as Params;
    const users = filterUsers(account.users, query);
    const page = paginate(users, query, sandbox.maxPerPage, reply);
    const expanded = readBoolean(query, 'expanded', new FieldErrors()) ?? false;
    const context = new RenderContext(account, requestOrigin(request));
    return { users: page.map((user) => (expanded ? renderExpandedUser(user, context) : renderUser(user, context))) };
  });

  api.get<IdParams>('/users/:id', route('read', 'users:read'), async (request) =>
    render(request, findById(requireAccount(request), request.params.id)),
  );

  api.get<ExternalIdParams>(
    '/users/by_integration_external_id/:externalId',
    route('read', 'users:read'),
    async (request) => render(request, findByExternalId(requireAccount(request), request.params.externalId)),
  );

  api.post('/users', route('create', 'users:create'), async (request, reply) => {
    const account = requireAccount(request);
    const input = parseUserInput(bodyParams(request), account);
    const user = account.seedUser({
      email: '',
      firstName: '',
      lastName: '',
      ...input.changes,
      status: input.skipInvitation ? 'not_invited' : 'invite_pending',
    });
    if (!input.skipInvitation) {
      account.invitationsSent.push({ userId: user.id, email: user.email, at: Date.now() });
    }
    return reply.code(201).send(render(request, user));
  });

  const update = async (request: FastifyRequest, user: SandboxUser) => {
    const account = requireAccount(request);
    const input = parseUserInput(bodyParams(request), account, user);
    const changed = Object.entries(input.changes).some(([key, value]) => user[key as keyof SandboxUser] !== value);
    if (changed) {
      Object.assign(user, input.changes, { updatedAt: new Date().toISOString() });
    }
    if (input.reactivate) {
      reactivate(account, user);
    }
    return render(request, user);
  };
  api.put<IdParams>('/users/:id', route('update', 'users:update'), async (request) =>
    update(request, findById(requireAccount(request), request.params.id)),
  );
  api.put<ExternalIdParams>(
    '/users/by_integration_external_id/:externalId',
    route('update', 'users:update'),
    async (request) => update(request, findByExternalId(requireAccount(request), request.params.externalId)),
  );

  api.put<IdParams>('/users/:id/deactivate', route('deactivate', 'users:deactivate'), async (request, reply) => {
    const account = requireAccount(request);
    deactivate(account, findById(account, request.params.id));
    return reply.code(204).send();
  });

  api.put<IdParams>('/users/:id/reactivate', route('reactivate', 'users:reactivate'), async (request, reply) => {
    const account = requireAccount(request);
    reactivate(account, findById(account, request.params.id));
    return reply.code(204).send();
  });

  api.delete<IdParams>('/users/:id', route('delete', 'users:delete'), async (request, reply) => {
    const account = requireAccount(request);
    const user = findById(account, request.params.id);
    account.users.splice(account.users.indexOf(user), 1);
    return reply.code(204).send();
  });
}

/** Applies the documented filters and sorts by id, so pages are stable. */
function filterUsers(users: readonly SandboxUser[], query: Params): SandboxUser[] {
  const errors = new FieldErrors();
  const email = readString(query, 'filters[email]', errors)?.toLowerCase();
  const externalId = readString(query, 'filters[integration_external_id]', errors);
  const firstName = readString(query, 'filters[first_name]', errors)?.toLowerCase();
  const lastName = readString(query, 'filters[last_name]', errors)?.toLowerCase();
  const statuses = readList(query, 'filters[status]');
  if (statuses?.some((status) => !(USER_STATUSES as readonly string[]).includes(status))) {
    throw new ApiError(400, {
      error: 'filters[status] does not have a valid value',
      fullErrors: { 'filters[status]': ['does not have a valid value'] },
    });
  }
  const ranges = (['created_at', 'updated_at', 'deactivated_at'] as const).map((name) => ({
    name,
    from: readTimeBound(query, `filters[${name}][from]`, errors, 'from'),
    to: readTimeBound(query, `filters[${name}][to]`, errors, 'to'),
  }));
  errors.throwIfAny();
  // NOTE: filters[role], filters[no_team] and filters[team_ids] are ignored, so such queries return unfiltered users.

  const timestampOf = { created_at: 'createdAt', updated_at: 'updatedAt', deactivated_at: 'deactivatedAt' } as const;
  return users
    .filter((user) => {
      if (email && user.email.toLowerCase() !== email) return false;
      if (externalId && user.integrationExternalId !== externalId) return false;
      if (firstName && !user.firstName.toLowerCase().includes(firstName)) return false;
      if (lastName && !user.lastName.toLowerCase().includes(lastName)) return false;
      if (statuses && statuses.length > 0 && !statuses.includes(user.status)) return false;
      return ranges.every(({ name, from, to }) => {
        if (from === undefined && to === undefined) return true;
        const value = user[timestampOf[name]];
        const time = value ? Date.parse(value) : NaN;
        return !Number.isNaN(time) && (from === undefined || time >= from) && (to === undefined || time <= to);
      });
    })
    .sort((a, b) => a.id - b.id);
}

function findById(account: LearnAmpAccount, rawId: string): SandboxUser {
  const id = parseId(rawId);
  const user = account.users.find((candidate) => candidate.id === id);
  if (!user) throw notFound();
  return user;
}

function findByExternalId(account: LearnAmpAccount, externalId: string): SandboxUser {
  const user = account.users.find((candidate) => candidate.integrationExternalId === externalId);
  if (!user) throw notFound();
  return user;
}

function deactivate(account: LearnAmpAccount, user: SandboxUser): void {
  if (user.status === 'deactivated') return;
  const now = new Date().toISOString();
  account.statusBeforeDeactivation.set(user.id, user.status);
  Object.assign(user, { status: 'deactivated' satisfies UserStatus, deactivatedAt: now, updatedAt: now });
}

function reactivate(account: LearnAmpAccount, user: SandboxUser): void {
  if (user.status !== 'deactivated') return;
  const status = account.statusBeforeDeactivation.get(user.id) ?? 'confirmed';
  account.statusBeforeDeactivation.delete(user.id);
  Object.assign(user, { status, deactivatedAt: null, updatedAt: new Date().toISOString() });
}

function render(request: FastifyRequest, user: SandboxUser): Record<string, unknown> {
  return renderExpandedUser(user, new RenderContext(requireAccount(request), requestOrigin(request)));
}
