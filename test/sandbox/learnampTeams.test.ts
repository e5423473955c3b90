import type { AxiosInstance } from 'axios';
import { startSandboxes, type LearnAmpAccount, type Sandboxes } from '../../sandbox';
import { form, learnampClient, learnampToken } from './helpers';

describe('Learn Amp sandbox teams', () => {
  let sandboxes: Sandboxes;
  let account: LearnAmpAccount;
  let client: AxiosInstance;

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    account = sandboxes.learnamp.addAccount({ accountId: 'acme' });
    client = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, account));
  });
  afterAll(async () => sandboxes.close());

  test('create returns 201 with the team', async () => {
    const manager = account.seedUser({ email: 'm@example.com', firstName: 'M', lastName: 'N' });
    const response = await client.post(
      '/v1/teams',
      form({ name: 'Engineering', integrationExternalId: '209192163', managerId: String(manager.id) }),
    );

    expect(response.status).toBe(201);
    expect(response.data).toMatchObject({
      name: 'Engineering',
      integrationExternalId: '209192163',
      parentTeamId: null,
    });
    expect(response.data.manager.id).toBe(manager.id);
    expect(account.teams.at(-1)).toMatchObject({ name: 'Engineering', managerId: manager.id });
  });

  test('by_external_id finds the team', async () => {
    const team = account.seedTeam({ name: 'Sales', integrationExternalId: 'dept/42' });
    const response = await client.get(`/v1/teams/by_external_id/${encodeURIComponent('dept/42')}`);
    expect(response.status).toBe(200);
    expect(response.data.id).toBe(team.id);
    expect(response.data.users).toEqual([]);
  });

  test('by_integration_external_id is not a team route', async () => {
    account.seedTeam({ name: 'Ops', integrationExternalId: 'ops-1' });
    const response = await client.get('/v1/teams/by_integration_external_id/ops-1');
    expect(response.status).toBe(404);
  });

  test('update by external id renames', async () => {
    const team = account.seedTeam({ name: 'Old', integrationExternalId: 'rename-me' });
    const response = await client.put('/v1/teams/by_external_id/rename-me', form({ name: 'New' }));
    expect(response.status).toBe(200);
    expect(team.name).toBe('New');
  });

  test('parentTeamId sets the parent', async () => {
    const parent = account.seedTeam({ name: 'Parent' });
    const child = account.seedTeam({ name: 'Child' });
    const response = await client.put(`/v1/teams/${child.id}`, form({ parentTeamId: String(parent.id) }));
    expect(response.status).toBe(200);
    expect(child.parentId).toBe(parent.id);
  });

  test('team cannot be its own ancestor', async () => {
    const parent = account.seedTeam({ name: 'Top' });
    const child = account.seedTeam({ name: 'Below', parentId: parent.id });
    const response = await client.put(`/v1/teams/${parent.id}`, form({ parentTeamId: String(child.id) }));
    expect(response.status).toBe(400);
    expect(parent.parentId).toBeNull();
  });

  test('unknown parent returns 400', async () => {
    const response = await client.post('/v1/teams', form({ name: 'Orphan', parentTeamId: '999999' }));
    expect(response.status).toBe(400);
    expect(response.data.fullErrors).toEqual({ parentTeamId: ['must match existing teams IDs'] });
  });

  test('duplicate external id returns 400', async () => {
    account.seedTeam({ name: 'First', integrationExternalId: 'same' });
    const response = await client.post('/v1/teams', form({ name: 'Second', integrationExternalId: 'same' }));
    expect(response.status).toBe(400);
    expect(response.data.error).toBe('Integration external id has already been taken');
  });

  test('missing name returns 400', async () => {
    const response = await client.post('/v1/teams', form({ integrationExternalId: 'nameless' }));
    expect(response.status).toBe(400);
    expect(response.data.error).toBe('name is missing, name is empty');
  });

  test('list is paged in id order', async () => {
    const response = await client.get('/v1/teams', { params: { perPage: 2 } });
    const ids: number[] = response.data.teams.map((team: { id: number }) => team.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBeLessThan(ids[1]!);
    expect(response.headers['total']).toBe(String(account.teams.length));
  });

  test('team writes need team scopes', async () => {
    const token = await learnampToken(sandboxes.learnampUrl, account, 'teams:read');
    const response = await learnampClient(sandboxes.learnampUrl, token).post('/v1/teams', form({ name: 'X' }));
    expect(response.status).toBe(403);
  });

  test('team requests are recorded by kind', async () => {
    const before = sandboxes.learnamp.requests.length;
    await client.get('/v1/teams');
    await client.post('/v1/teams', form({ name: 'Kinds' }));
    const kinds = sandboxes.learnamp.requests.slice(before).map((record) => record.kind);
    expect(kinds).toEqual(['team_read', 'team_create']);
  });
});
