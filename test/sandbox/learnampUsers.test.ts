import type { AxiosInstance } from 'axios';
import { startSandboxes, type LearnAmpAccount, type Sandboxes } from '../../sandbox';
import { form, learnampClient, learnampToken } from './helpers';

describe('Learn Amp sandbox users', () => {
  let sandboxes: Sandboxes;
  let account: LearnAmpAccount;
  let client: AxiosInstance;

  beforeAll(async () => {
    sandboxes = await startSandboxes({ learnamp: { maxPerPage: 20 } });
    account = sandboxes.learnamp.addAccount({ accountId: 'acme' });
    client = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, account));
  });
  afterAll(async () => sandboxes.close());

  let counter = 0;
  const uniqueEmail = () => `user${++counter}@example.com`;

  test('create sends an invitation by default', async () => {
    const email = uniqueEmail();
    const response = await client.post('/v1/users', form({ email, firstName: 'José', lastName: 'Ñúñez' }));

    expect(response.status).toBe(201);
    expect(response.data.status.status).toBe('Invite pending');
    expect(response.data.firstName).toBe('José');
    expect(account.invitationsSent.at(-1)).toMatchObject({ userId: response.data.id, email });
  });

  test('create with skipInvitation sends none', async () => {
    const before = account.invitationsSent.length;
    const response = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'Zoë', lastName: 'Ng', skipInvitation: 'true' }),
    );

    expect(response.status).toBe(201);
    expect(response.data.status.status).toBe('Not invited');
    expect(account.invitationsSent).toHaveLength(before);
  });

  test('create stores the given fields', async () => {
    const response = await client.post(
      '/v1/users',
      form({
        email: 'Mixed.Case@Example.com',
        firstName: 'Ana',
        lastName: 'Silva',
        integrationExternalId: '3332883884017713238',
        jobTitle: 'Engineer',
        hireDate: '2021-02-28',
        location: 'São Paulo',
        department: 'Engineering',
      }),
    );
    const stored = account.users.find((user) => user.id === response.data.id);

    expect(stored).toMatchObject({
      email: 'mixed.case@example.com',
      integrationExternalId: '3332883884017713238',
      jobTitle: 'Engineer',
      hireDate: '2021-02-28',
      location: 'São Paulo',
      department: 'Engineering',
    });
  });

  test('missing required fields return 400', async () => {
    const response = await client.post('/v1/users', form({ firstName: 'Only' }));
    expect(response.status).toBe(400);
    expect(response.data.error).toBe('email is missing, email is empty, lastName is missing, lastName is empty');
    expect(response.data.fullErrors).toEqual({
      email: ['is missing', 'is empty'],
      lastName: ['is missing', 'is empty'],
    });
  });

  test('invalid email returns 400', async () => {
    const response = await client.post('/v1/users', form({ email: 'not-an-email', firstName: 'A', lastName: 'B' }));
    expect(response.status).toBe(400);
    expect(response.data.fullErrors).toEqual({ email: ['is invalid'] });
  });

  test('duplicate email in other case returns 400', async () => {
    const email = uniqueEmail();
    await client.post('/v1/users', form({ email, firstName: 'A', lastName: 'B' }));
    const response = await client.post(
      '/v1/users',
      form({ email: email.toUpperCase(), firstName: 'C', lastName: 'D' }),
    );

    expect(response.status).toBe(400);
    expect(response.data.error).toBe('Validation failed: Email has already been taken');
  });

  test('duplicate external id returns 400', async () => {
    await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'A', lastName: 'B', integrationExternalId: 'dup-1' }),
    );
    const response = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'C', lastName: 'D', integrationExternalId: 'dup-1' }),
    );

    expect(response.status).toBe(400);
    expect(response.data.fullErrors).toEqual({ integrationExternalId: ['has already been taken'] });
  });

  test('managerEmail must match an active user', async () => {
    const manager = account.seedUser({ email: 'boss@example.com', firstName: 'Big', lastName: 'Boss' });
    const deactivatedManager = account.seedUser({
      email: 'deactivatedManager@example.com',
      firstName: 'Gone',
      lastName: 'Boss',
      status: 'deactivated',
    });

    const toActive = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'A', lastName: 'B', managerEmail: 'BOSS@example.com' }),
    );
    const toDeactivated = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'A', lastName: 'B', managerEmail: deactivatedManager.email }),
    );

    expect(toActive.status).toBe(201);
    expect(toActive.data.manager.id).toBe(manager.id);
    expect(toDeactivated.status).toBe(400);
    expect(toDeactivated.data.error).toBe('managerEmail must match an existing user email within your company');
  });

  test('managerId must be an active user', async () => {
    const deactivatedManager = account.seedUser({
      email: uniqueEmail(),
      firstName: 'G',
      lastName: 'H',
      status: 'deactivated',
    });
    const response = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'A', lastName: 'B', managerId: String(deactivatedManager.id) }),
    );
    expect(response.status).toBe(400);
    expect(response.data.fullErrors).toHaveProperty('managerId');
  });

  test.each([
    [{ managerId: '1', managerEmail: 'boss@example.com' }, 'managerId, managerEmail are mutually exclusive'],
    [
      { primaryTeamId: '1', primaryTeamIntegrationExternalId: 'T-1' },
      'primaryTeamId, primaryTeamIntegrationExternalId are mutually exclusive',
    ],
  ])('mutually exclusive params return 400', async (params, message) => {
    const response = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'A', lastName: 'B', ...params }),
    );
    expect(response.status).toBe(400);
    expect(response.data.error).toBe(message);
  });

  test('unknown team external id returns 400', async () => {
    const response = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'A', lastName: 'B', primaryTeamIntegrationExternalId: 'no-such-team' }),
    );
    expect(response.status).toBe(400);
    expect(response.data.fullErrors).toEqual({
      primaryTeamIntegrationExternalId: ['must match existing teams integration external IDs'],
    });
  });

  test('team external id sets the primary team', async () => {
    const team = account.seedTeam({ name: 'Engineering', integrationExternalId: 'dept-1' });
    const response = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'A', lastName: 'B', primaryTeamIntegrationExternalId: 'dept-1' }),
    );
    expect(response.status).toBe(201);
    expect(response.data.primaryTeam).toMatchObject({
      id: team.id,
      name: 'Engineering',
      integrationExternalId: 'dept-1',
    });
  });

  test('invalid integer returns 400', async () => {
    const response = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'A', lastName: 'B', managerId: 'abc' }),
    );
    expect(response.status).toBe(400);
    expect(response.data.error).toBe('managerId is invalid');
  });

  test('external id lookup decodes the path', async () => {
    const externalId = 'HR/1001 ü';
    const created = await client.post(
      '/v1/users',
      form({ email: uniqueEmail(), firstName: 'A', lastName: 'B', integrationExternalId: externalId }),
    );
    const path = `/v1/users/by_integration_external_id/${encodeURIComponent(externalId)}`;

    const found = await client.get(path);
    const updated = await client.put(path, form({ jobTitle: 'Lead' }));
    const missing = await client.get('/v1/users/by_integration_external_id/HR%2F9999');

    expect(found.status).toBe(200);
    expect(found.data.id).toBe(created.data.id);
    expect(updated.data.jobTitle).toBe('Lead');
    expect(missing.status).toBe(404);
  });

  test('update changes only the given fields', async () => {
    const user = account.seedUser({ email: uniqueEmail(), firstName: 'Old', lastName: 'Name', jobTitle: 'Keep' });
    const response = await client.put(`/v1/users/${user.id}`, { firstName: 'New', location: '' });

    expect(response.status).toBe(200);
    expect(user.firstName).toBe('New');
    expect(user.lastName).toBe('Name');
    expect(user.jobTitle).toBe('Keep');
    expect(user.location).toBeNull();
  });

  test('update to a taken email returns 400', async () => {
    const first = account.seedUser({ email: uniqueEmail(), firstName: 'A', lastName: 'B' });
    const second = account.seedUser({ email: uniqueEmail(), firstName: 'C', lastName: 'D' });
    const response = await client.put(`/v1/users/${second.id}`, { email: first.email });
    expect(response.status).toBe(400);
    expect(second.email).not.toBe(first.email);
  });

  test('unknown user returns 404', async () => {
    const response = await client.put('/v1/users/999999', { firstName: 'X' });
    expect(response.status).toBe(404);
    expect(response.data).toEqual({ error: 'Not found' });
  });

  test('deactivate and reactivate return 204', async () => {
    const user = account.seedUser({ email: uniqueEmail(), firstName: 'A', lastName: 'B', status: 'invite_pending' });

    const deactivated = await client.put(`/v1/users/${user.id}/deactivate`);
    expect(deactivated.status).toBe(204);
    expect(user.status).toBe('deactivated');
    expect(user.deactivatedAt).not.toBeNull();

    const reactivated = await client.put(`/v1/users/${user.id}/reactivate`);
    expect(reactivated.status).toBe(204);
    expect(user.status).toBe('invite_pending');
    expect(user.deactivatedAt).toBeNull();
  });

  test('empty JSON body counts as no parameters', async () => {
    const user = account.seedUser({ email: uniqueEmail(), firstName: 'A', lastName: 'B' });
    const response = await client.put(`/v1/users/${user.id}/deactivate`, '', {
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(204);
  });

  test('malformed JSON body returns 400', async () => {
    const response = await client.post('/v1/users', '{"email":', {
      headers: { 'Content-Type': 'application/json' },
      transformRequest: [(data: string) => data],
    });
    expect(response.status).toBe(400);
    expect(response.data.error).toMatch(/not valid JSON/);
  });

  test('update with reactivate=true reactivates', async () => {
    const user = account.seedUser({ email: uniqueEmail(), firstName: 'A', lastName: 'B', status: 'deactivated' });
    const response = await client.put(`/v1/users/${user.id}`, form({ reactivate: 'true' }));
    expect(response.status).toBe(200);
    expect(response.data.status.status).toBe('Confirmed');
  });

  test('writeCount counts successful writes', async () => {
    const other = sandboxes.learnamp.addAccount({ accountId: 'counted' });
    const otherClient = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, other));

    const created = await otherClient.post('/v1/users', { email: 'w@example.com', firstName: 'W', lastName: 'X' });
    await otherClient.post('/v1/users', { email: 'w@example.com', firstName: 'W', lastName: 'X' });
    await otherClient.put(`/v1/users/${created.data.id}`, { jobTitle: 'T' });
    await otherClient.put(`/v1/users/${created.data.id}/deactivate`);
    await otherClient.get('/v1/users');

    expect(other.writeCount()).toBe(3);
  });

  describe('listing', () => {
    let listed: LearnAmpAccount;
    let listClient: AxiosInstance;

    beforeAll(async () => {
      listed = sandboxes.learnamp.addAccount({ accountId: 'listed' });
      listClient = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, listed));
      const manager = listed.seedUser({ email: 'lead@example.com', firstName: 'Lead', lastName: 'One' });
      const team = listed.seedTeam({ name: 'Sales', integrationExternalId: 'd-9' });
      for (let i = 1; i < 25; i++) {
        listed.seedUser({
          email: `member${i}@example.com`,
          firstName: 'Member',
          lastName: String(i),
          integrationExternalId: `emp-${i}`,
          status: i % 5 === 0 ? 'deactivated' : 'confirmed',
          managerId: manager.id,
          primaryTeamId: team.id,
          location: 'London',
          department: 'Sales',
        });
      }
    });

    test('default page has ten users and totals', async () => {
      const response = await listClient.get('/v1/users');
      expect(response.data.users).toHaveLength(10);
      expect(response.headers['total']).toBe('25');
      expect(response.headers['per-page']).toBe('10');
      expect(response.headers['total-pages']).toBe('3');
    });

    test('last page returns the rest by id', async () => {
      const response = await listClient.get('/v1/users', { params: { page: 3, perPage: 10 } });
      const ids: number[] = response.data.users.map((user: { id: number }) => user.id);
      expect(ids).toHaveLength(5);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(ids.at(-1)).toBe(listed.users.at(-1)?.id);
    });

    test('perPage is capped at maxPerPage', async () => {
      const response = await listClient.get('/v1/users', { params: { perPage: 500 } });
      expect(response.data.users).toHaveLength(20);
      expect(response.headers['per-page']).toBe('20');
      expect(response.headers['total-pages']).toBe('2');
    });

    test('invalid page returns 400', async () => {
      const response = await listClient.get('/v1/users', { params: { page: 0 } });
      expect(response.status).toBe(400);
    });

    test('list omits details unless expanded', async () => {
      const plain = await listClient.get('/v1/users', { params: { 'filters[integration_external_id]': 'emp-3' } });
      const expanded = await listClient.get('/v1/users', {
        params: { 'filters[integration_external_id]': 'emp-3', expanded: true },
      });
      const [plainUser] = plain.data.users;
      const [expandedUser] = expanded.data.users;

      expect(plainUser).not.toHaveProperty('manager');
      expect(plainUser).not.toHaveProperty('location');
      expect(expandedUser.manager.email).toBe('lead@example.com');
      expect(expandedUser.primaryTeam).toMatchObject({ name: 'Sales', integrationExternalId: 'd-9' });
      expect(expandedUser.location).toBe('London');
      expect(expandedUser.department).toBe('Sales');
    });

    test('status filter accepts repeats and commas', async () => {
      const repeated = await listClient.get('/v1/users?filters[status][]=deactivated&filters[status][]=invite_pending');
      const comma = await listClient.get('/v1/users', { params: { 'filters[status]': 'deactivated,invite_pending' } });
      expect(repeated.headers['total']).toBe('4');
      expect(comma.headers['total']).toBe('4');
    });

    test('unknown status filter returns 400', async () => {
      const response = await listClient.get('/v1/users', { params: { 'filters[status]': 'active' } });
      expect(response.status).toBe(400);
    });

    test('email filter ignores case', async () => {
      const response = await listClient.get('/v1/users', { params: { filters: { email: 'MEMBER7@example.com' } } });
      expect(response.data.users.map((user: { email: string }) => user.email)).toEqual(['member7@example.com']);
    });

    test('updated_at filter keeps recent changes', async () => {
      const user = listed.users[1]!;
      user.updatedAt = '2030-01-02T10:00:00.000Z';
      const response = await listClient.get('/v1/users', { params: { 'filters[updated_at][from]': '2030-01-01' } });
      expect(response.data.users.map((found: { id: number }) => found.id)).toEqual([user.id]);
    });
  });
});
