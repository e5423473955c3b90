import axios from 'axios';
import { FaultInjector, SandboxAdminClient, startSandboxes, type Sandboxes } from '../../sandbox';
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

  test('invalid share is rejected', () => {
    expect(() => sandboxes.hibob.faults.add({ status: 503, share: 0 })).toThrow(/Invalid fault share/);
    expect(() => sandboxes.hibob.faults.add({ status: 503, share: 1.5 })).toThrow(/Invalid fault share/);
  });

  test('status with an effect is rejected', () => {
    expect(() => sandboxes.hibob.faults.add({ status: 503, effect: 'drop' })).toThrow(/exclude each other/);
  });

  test('dropped connection gives no response', async () => {
    sandboxes.hibob.faults.add({ effect: 'drop', path: '/v1/people/search' });
    const failure = await search().catch((error: unknown) => error);
    expect(axios.isAxiosError(failure)).toBe(true);
    expect((failure as { code?: string }).code).toBe('ECONNRESET');
    expect((failure as { response?: unknown }).response).toBeUndefined();
    expect((await search()).status).toBe(200);
  });

  test('malformed JSON before the handler', async () => {
    sandboxes.hibob.faults.add({ effect: 'malformed_json' });
    const user = sandboxes.hibob.company('acme').addServiceUser();
    const response = await hibobClient(sandboxes.hibobUrl, user.id, user.token).post('/people/search', {}, { responseType: 'text' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(() => JSON.parse(response.data as string)).toThrow(SyntaxError);
  });

  test('malformed JSON cuts the real body', async () => {
    const account = sandboxes.learnamp.addAccount({ accountId: 'cut' });
    const client = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, account));
    account.seedUser({ email: 'ana@example.test', firstName: 'Ana', lastName: 'Lima' });
    const whole = (await client.get('/v1/users', { responseType: 'text' })).data as string;
    sandboxes.learnamp.faults.add({ effect: 'malformed_json', phase: 'response', method: 'GET', path: '/v1/users' });
    const response = await client.get('/v1/users', { responseType: 'text' });
    expect(response.status).toBe(200);
    expect(response.data).toBe(whole.slice(0, Math.floor(whole.length / 2)));
  });

  test('lost response after a create', async () => {
    const account = sandboxes.learnamp.addAccount({ accountId: 'lost' });
    const client = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, account));
    sandboxes.learnamp.faults.add({ effect: 'drop', phase: 'response', method: 'POST', path: '/v1/users' });
    const body = { email: 'li@example.test', firstName: 'Li', lastName: 'Wei', integrationExternalId: '42' };
    const failure = await client.post('/v1/users', body).catch((error: unknown) => error);
    expect((failure as { code?: string }).code).toBe('ECONNRESET');
    expect(account.users.map((user) => user.integrationExternalId)).toEqual(['42']);
    expect(account.writeCount()).toBe(1);
  });

  test('response-phase status after the write', async () => {
    const account = sandboxes.learnamp.addAccount({ accountId: 'late503' });
    const client = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, account));
    sandboxes.learnamp.faults.add({ status: 503, phase: 'response', method: 'POST', path: '/v1/users', retryAfterSeconds: 2 });
    const body = { email: 'jo@example.test', firstName: 'Jo', lastName: 'Park', integrationExternalId: '43' };
    const response = await client.post('/v1/users', body);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(account.users).toHaveLength(1);
  });

  test('path prefix matches every user path', async () => {
    const account = sandboxes.learnamp.addAccount({ accountId: 'prefix' });
    const client = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, account));
    const user = account.seedUser({ email: 'kim@example.test', firstName: 'Kim', lastName: 'Ode' });
    sandboxes.learnamp.faults.add({ status: 500, method: 'PUT', pathPrefix: '/v1/users/', count: 2 });
    expect((await client.put(`/v1/users/${user.id}/deactivate`)).status).toBe(500);
    expect((await client.put(`/v1/users/${user.id}`, { firstName: 'Kimi' })).status).toBe(500);
    expect((await client.put(`/v1/users/${user.id}/deactivate`)).status).toBe(204);
  });

  test('share hits only some requests', async () => {
    const injector = new FaultInjector(sequence([0.1, 0.9, 0.2, 0.95]));
    injector.add({ status: 503, share: 0.5, count: 10 });
    const hits = ['a', 'b', 'c', 'd'].map((path) => injector.take('GET', `/${path}`)?.status);
    expect(hits).toEqual([503, undefined, 503, undefined]);
    expect(injector.pendingCount()).toBe(8);
    expect(injector.applied.map((fault) => fault.path)).toEqual(['/a', '/c']);
  });

  test('admin route accepts the new options', async () => {
    await admin.injectHiBobFault({ effect: 'drop', pathPrefix: '/v1/people', share: 1 });
    expect(sandboxes.hibob.faults.pendingCount()).toBe(1);
    const failure = await search().catch((error: unknown) => error);
    expect((failure as { code?: string }).code).toBe('ECONNRESET');
  });
});

/** Returns the given numbers in turn, for a predictable `share` draw. */
function sequence(values: number[]): () => number {
  let next = 0;
  return () => values[next++ % values.length]!;
}
