import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LearnAmpAccount } from './account';
import { ApiError, FieldErrors, badRequest, notFound } from './errors';
import type { SandboxTeam } from './models';
import { paginate } from './pagination';
import { has, readInteger, readString, type Params } from './params';
import { RenderContext, renderTeam, renderTeamDetails } from './render';
import { bodyParams, parseId, requestOrigin, requireAccount, route } from './routeConfig';
import type { LearnAmpSandbox } from './sandbox';

type IdParams = { Params: { id: string } };
type ExternalIdParams = { Params: { externalId: string } };

/** Registers the `/v1/teams` routes. External-id lookups use `by_external_id`, unlike users. */
export function registerTeamRoutes(api: FastifyInstance, sandbox: LearnAmpSandbox): void {
  api.get('/teams', route('team_read', 'teams:read'), async (request, reply) => {
    const account = requireAccount(request);
    const query = request.query as Params;
    const name = readString(query, 'filters[name]', new FieldErrors())?.toLowerCase();
    const teams = account.teams
      .filter((team) => !name || team.name.toLowerCase().includes(name))
      .sort((a, b) => a.id - b.id);
    const context = new RenderContext(account, requestOrigin(request));
    return { teams: paginate(teams, query, sandbox.maxPerPage, reply).map((team) => renderTeam(team, context)) };
  });

  api.get<IdParams>('/teams/:id', route('team_read', 'teams:read'), async (request) =>
    renderDetails(request, findTeamById(requireAccount(request), request.params.id)),
  );
  api.get<ExternalIdParams>('/teams/by_external_id/:externalId', route('team_read', 'teams:read'), async (request) =>
    renderDetails(request, findTeamByExternalId(requireAccount(request), request.params.externalId)),
  );

  api.post('/teams', route('team_create', 'teams:create'), async (request, reply) => {
    const account = requireAccount(request);
    const changes = parseTeamInput(bodyParams(request), account);
    const team = account.seedTeam({ name: '', ...changes });
    return reply.code(201).send(renderDetails(request, team));
  });

  const update = async (request: FastifyRequest, team: SandboxTeam) => {
    const account = requireAccount(request);
    Object.assign(team, parseTeamInput(bodyParams(request), account, team));
    return renderTeam(team, new RenderContext(account, requestOrigin(request)));
  };
  api.put<IdParams>('/teams/:id', route('team_update', 'teams:update'), async (request) =>
    update(request, findTeamById(requireAccount(request), request.params.id)),
  );
  api.put<ExternalIdParams>(
    '/teams/by_external_id/:externalId',
    route('team_update', 'teams:update'),
    async (request) => update(request, findTeamByExternalId(requireAccount(request), request.params.externalId)),
  );

  const remove = (account: LearnAmpAccount, team: SandboxTeam) => {
    account.teams.splice(account.teams.indexOf(team), 1);
    for (const user of account.users) {
      if (user.primaryTeamId === team.id) user.primaryTeamId = null;
    }
  };
  api.delete<IdParams>('/teams/:id', route('team_delete', 'teams:delete'), async (request, reply) => {
    const account = requireAccount(request);
    remove(account, findTeamById(account, request.params.id));
    return reply.code(204).send();
  });
  api.delete<ExternalIdParams>(
    '/teams/by_external_id/:externalId',
    route('team_delete', 'teams:delete'),
    async (request, reply) => {
      const account = requireAccount(request);
      remove(account, findTeamByExternalId(account, request.params.externalId));
      return reply.code(204).send();
    },
  );
}

/** Validates team parameters. On update, absent parameters stay unchanged. @throws ApiError with status 400 */
function parseTeamInput(params: Params, account: LearnAmpAccount, existing?: SandboxTeam): Partial<SandboxTeam> {
  const errors = new FieldErrors();
  const name = readString(params, 'name', errors, existing === undefined || has(params, 'name'));
  const integrationExternalId = readString(params, 'integrationExternalId', errors);
  let managerId = readInteger(params, 'managerId', errors);
  const managerEmail = readString(params, 'managerEmail', errors);
  let parentId = readInteger(params, 'parentTeamId', errors);
  const parentTeamName = readString(params, 'parentTeamName', errors);
  errors.throwIfAny();

  for (const [first, second] of [
    ['managerId', 'managerEmail'],
    ['parentTeamId', 'parentTeamName'],
  ] as const) {
    if (has(params, first) && has(params, second)) {
      throw new ApiError(400, { error: `${first}, ${second} are mutually exclusive` });
    }
  }
  if (typeof managerEmail === 'string') {
    const email = managerEmail.toLowerCase();
    const manager = account.users.find((user) => user.status !== 'deactivated' && user.email.toLowerCase() === email);
    if (!manager) throw badRequest('managerEmail must match an existing user email within your company');
    managerId = manager.id;
  }
  if (typeof managerId === 'number' && !account.users.some((user) => user.id === managerId)) {
    throw badRequest('managerId must match existing user IDs', 'managerId', 'must match existing user IDs');
  }
  if (typeof parentTeamName === 'string') {
    const parent = account.teams.find((team) => team.name === parentTeamName);
    if (!parent)
      throw badRequest(
        'parentTeamName must match existing team names',
        'parentTeamName',
        'must match existing team names',
      );
    parentId = parent.id;
  }
  if (typeof parentId === 'number') {
    if (!account.teams.some((team) => team.id === parentId)) {
      throw badRequest('parentTeamId must match existing teams IDs', 'parentTeamId', 'must match existing teams IDs');
    }
    if (existing && createsCycle(account, existing.id, parentId)) {
      throw badRequest('parentTeamId cannot be the team itself or one of its sub-teams', 'parentTeamId', 'is invalid');
    }
  }
  if (
    typeof integrationExternalId === 'string' &&
    account.teams.some((team) => team !== existing && team.integrationExternalId === integrationExternalId)
  ) {
    throw badRequest(
      'Integration external id has already been taken',
      'integrationExternalId',
      'has already been taken',
    );
  }

  const changes: Partial<SandboxTeam> = { name: name ?? undefined, integrationExternalId, managerId, parentId };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}

/** Returns true when making `parentId` the parent of `teamId` would put the team under itself. */
function createsCycle(account: LearnAmpAccount, teamId: number, parentId: number): boolean {
  const seen = new Set<number>();
  let current: number | null = parentId;
  while (current !== null && !seen.has(current)) {
    if (current === teamId) return true;
    seen.add(current);
    const id: number = current;
    current = account.teams.find((team) => team.id === id)?.parentId ?? null;
  }
  return false;
}

function findTeamById(account: LearnAmpAccount, rawId: string): SandboxTeam {
  const id = parseId(rawId);
  const team = account.teams.find((candidate) => candidate.id === id);
  if (!team) throw notFound();
  return team;
}

function findTeamByExternalId(account: LearnAmpAccount, externalId: string): SandboxTeam {
  const team = account.teams.find((candidate) => candidate.integrationExternalId === externalId);
  if (!team) throw notFound();
  return team;
}

function renderDetails(request: FastifyRequest, team: SandboxTeam): Record<string, unknown> {
  return renderTeamDetails(team, new RenderContext(requireAccount(request), requestOrigin(request)));
}
