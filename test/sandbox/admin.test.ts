import axios from 'axios';
import { SandboxAdminClient, startSandboxes, type Sandboxes } from '../../sandbox';
import { TODAY, hibobClient, learnampClient, learnampToken } from './helpers';

/** Returns the HTTP status of a rejected admin call, or undefined when it succeeded. */
async function failureStatus(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return axios.isAxiosError(error) ? error.response?.status : undefined;
  }
}

describe('sandbox admin routes', () => {
  let sandboxes: Sandboxes;
  let admin: SandboxAdminClient;

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    admin = new SandboxAdminClient(sandboxes);
  });
  afterAll(async () => sandboxes.close());

  test('HiBob company lifecycle over HTTP', async () => {
    const created = await admin.createCompany({ companyId: 'acme', seed: 9, size: 30, today: TODAY });
    const user = await admin.addServiceUser('acme');
    const search = (token: string) =>
      hibobClient(sandboxes.hibobUrl, user.id, token).post('/people/search', {
        fields: ['root.id', 'internal.lifecycleStatus'],
        showInactive: true,
      });
    const employees = await admin.listEmployees('acme');
    const target = employees.find((employee) => employee.lifecycleStatus === 'employed' && employee.reportsTo)!;

    expect(created).toEqual({ companyId: 'acme', employeeCount: 30 });
    expect(employees).toHaveLength(30);

    const terminated = await admin.terminateEmployee('acme', target.id, '2026-06-01');
    expect(terminated).toMatchObject({ lifecycleStatus: 'terminated', terminationDate: '2026-06-01' });
    const rehired = await admin.rehireEmployee('acme', target.id);
    expect(rehired).toMatchObject({ lifecycleStatus: 'employed', accessStatus: 'Active', terminationDate: null });
    const updated = await admin.updateEmployee('acme', target.id, { email: 'not-an-email' });
    expect(updated.email).toBe('not-an-email');

    const added = await admin.addEmployee('acme', { firstName: 'Zoë', surname: 'Ünal' });
    expect(added.id).toMatch(/^\d{19}$/);
    await admin.removeEmployee('acme', added.id);
    expect(await admin.listEmployees('acme')).toHaveLength(30);

    await admin.setPermissionGroup('acme', user.id, {
      lifecycleStatuses: ['employed'],
      lifecycleSectionReadable: false,
    });
    const restricted = await search(user.token);
    expect(restricted.data.employees[0].internal).toBeUndefined();

    const newToken = await admin.refreshToken('acme', user.id);
    expect((await search(user.token)).status).toBe(401);
    expect((await search(newToken)).status).toBe(200);

    const stats = await admin.hibobStats('acme');
    expect(stats.byEndpoint['POST /v1/people/search']).toEqual({ '200': 2 });
  });

  test('HiBob rate limit is settable', async () => {
    await admin.createCompany({ companyId: 'limited', size: 5, today: TODAY });
    const user = await admin.addServiceUser('limited');
    await admin.setRateLimit({ perMinute: 1, windowMs: 60_000 });
    const client = hibobClient(sandboxes.hibobUrl, user.id, user.token);
    try {
      expect((await client.get('/company/people/fields')).status).toBe(200);
      expect((await client.get('/company/people/fields')).status).toBe(429);
    } finally {
      await admin.setRateLimit({ perMinute: 50, windowMs: 60_000 });
    }
  });

  test('unknown company returns 404', async () => {
    expect(await failureStatus(admin.listEmployees('nope'))).toBe(404);
  });

  test('duplicate company returns 409', async () => {
    expect(await failureStatus(admin.createCompany({ companyId: 'acme' }))).toBe(409);
  });

  test('invalid permission group returns 400', async () => {
    const group = { lifecycleStatuses: ['fired'], lifecycleSectionReadable: true } as never;
    expect(await failureStatus(admin.setPermissionGroup('acme', 'SERVICE-1', group))).toBe(400);
  });

  test('Learn Amp account over HTTP', async () => {
    const credentials = await admin.createAccount({ accountId: 'learn', scopes: ['users:read', 'users:create'] });
    const [seeded] = await admin.seedUsers('learn', [{ email: 'a@example.com', firstName: 'A', lastName: 'B' }]);
    const token = await learnampToken(sandboxes.learnampUrl, credentials);
    const client = learnampClient(sandboxes.learnampUrl, token);

    await client.post('/v1/users', { email: 'c@example.com', firstName: 'C', lastName: 'D' });
    await client.get('/v1/users');
    const users = await admin.listUsers('learn');
    const stats = await admin.learnampStats('learn');

    expect(seeded?.status).toBe('confirmed');
    expect(users.map((user) => user.email)).toEqual(['a@example.com', 'c@example.com']);
    expect(stats).toEqual({ total: 3, byKind: { token: 1, create: 1, read: 1 }, writes: 1, invitations: 1 });

    await admin.revokeTokens('learn');
    expect((await client.get('/v1/users')).status).toBe(401);
  });
});
