import axios from 'axios';
import { SandboxAdminClient, startSandboxes, type Sandboxes } from '../../sandbox';
import { TODAY, hibobClient, learnampClient, learnampToken } from './helpers';

describe('sandbox fault injection', () => {
  let sandboxes: Sandboxes;
  let admin: SandboxAdminClient;
  let search: () => Promise<{ status: number; headers: Record<string, unknown> }>;

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    admin = new SandboxAdminClient(sandboxes);
    const user = sandboxes.hibob.addCompany({ companyId: 'acme', size: 10, today: TODAY }).addServiceUser();
    const client = hibobClient(sandboxes.hibobUrl, user.id, user.token);
    search = () => client.post('/people/search', {});
  });
  afterAll(async () => sandboxes.close());
  afterEach(() => {
    sandboxes.hibob.faults.clear();
    sandboxes.learnamp.faults.clear();
  });

  test('burst of 503 then success', async () => {
    sandboxes.hibob.faults.add({ status: 503, count: 2 });
    const statuses = [(await search()).status, (await search()).status, (await search()).status];
    expect(statuses).toEqual([503, 503, 200]);
  });

  test('injected 429 can carry Retry-After', async () => {
    sandboxes.hibob.faults.add({ status: 429, retryAfterSeconds: 3 });
    const response = await search();
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('3');
  });

  test('fault keeps the tenant in the record', async () => {
    sandboxes.hibob.faults.add({ status: 403, path: '/v1/people/search' });
    await search();
    expect(sandboxes.hibob.requests.at(-1)).toMatchObject({ companyId: 'acme', status: 403 });
  });

  test('path filter leaves other paths alone', async () => {
    sandboxes.hibob.faults.add({ status: 500, path: '/v1/company/named-lists' });
    expect((await search()).status).toBe(200);
  });

  test('delay makes a client timeout fire', async () => {
    sandboxes.hibob.faults.add({ delayMs: 500 });
    const user = sandboxes.hibob.company('acme').addServiceUser();
    const failure = await axios
      .post(
        `${sandboxes.hibobUrl}/people/search`,
        {},
        { auth: { username: user.id, password: user.token }, timeout: 100 },
      )
      .catch((error: unknown) => error);
    expect(axios.isAxiosError(failure)).toBe(true);
    expect((failure as { code?: string }).code).toBe('ECONNABORTED');
  });

  test('Learn Amp fault through the admin client', async () => {
    const account = sandboxes.learnamp.addAccount({ accountId: 'learn' });
    const client = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, account));
    await admin.injectLearnAmpFault({ status: 503, method: 'GET', path: '/v1/users' });
    expect((await client.get('/v1/users')).status).toBe(503);
    expect((await client.get('/v1/users')).status).toBe(200);
  });

  test('invalid fault is rejected', () => {
    expect(() => sandboxes.hibob.faults.add({ status: 200 })).toThrow(/Invalid fault status/);
  });
});
