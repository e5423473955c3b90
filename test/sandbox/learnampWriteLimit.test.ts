import type { AxiosInstance } from 'axios';
import { SandboxAdminClient, startSandboxes, type LearnAmpAccount, type Sandboxes } from '../../sandbox';
import { WriteRateLimiter } from '../../sandbox/learnamp/writeLimit';
import { form, learnampClient, learnampToken } from './helpers';

describe('Learn Amp sandbox write limit', () => {
  let sandboxes: Sandboxes;
  let account: LearnAmpAccount;
  let client: AxiosInstance;
  let counter = 0;

  const createUser = (http: AxiosInstance = client) =>
    http.post('/v1/users', form({ email: `limit${++counter}@example.com`, firstName: 'Ada', lastName: 'Byron' }));

  beforeAll(async () => {
    sandboxes = await startSandboxes({ learnamp: { writesPerSecond: 3 } });
    account = sandboxes.learnamp.addAccount({ accountId: 'acme' });
    client = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, account));
  });
  afterAll(async () => sandboxes.close());
  // A full bucket for every test.
  beforeEach(() => sandboxes.learnamp.setWriteLimit(3));

  test('rejects writes beyond the limit with 429', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await createUser()).status);

    expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
    expect(statuses[3]).toBe(429);
  });

  test('sends Retry-After in whole seconds', async () => {
    for (let i = 0; i < 3; i++) await createUser();
    const rejected = await createUser();

    expect(rejected.status).toBe(429);
    expect(rejected.headers['retry-after']).toBe('1');
    expect(rejected.data.error).toMatch(/3 writes a second/);
  });

  test('accepts writes again after Retry-After', async () => {
    for (let i = 0; i < 3; i++) await createUser();
    expect((await createUser()).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect((await createUser()).status).toBe(201);
  });

  test('does not limit reads', async () => {
    for (let i = 0; i < 3; i++) await createUser();
    const reads = await Promise.all(Array.from({ length: 10 }, () => client.get('/v1/users')));

    expect(reads.map((read) => read.status)).toEqual(Array(10).fill(200));
  });

  test('limits each account separately', async () => {
    const other = sandboxes.learnamp.addAccount({ accountId: 'other' });
    const otherClient = learnampClient(sandboxes.learnampUrl, await learnampToken(sandboxes.learnampUrl, other));
    for (let i = 0; i < 3; i++) await createUser();

    expect((await createUser(otherClient)).status).toBe(201);
  });

  test('records rejected writes with their kind', async () => {
    for (let i = 0; i < 4; i++) await createUser();
    const last = sandboxes.learnamp.requests.at(-1);

    expect(last?.status).toBe(429);
    expect(last?.kind).toBe('create');
  });

  test('admin route changes and removes the limit', async () => {
    const admin = new SandboxAdminClient({ hibobUrl: sandboxes.hibobUrl, learnampUrl: sandboxes.learnampUrl });
    await admin.setLearnAmpWriteLimit(null);
    const statuses = await Promise.all(Array.from({ length: 6 }, () => createUser().then((r) => r.status)));
    expect(statuses).toEqual(Array(6).fill(201));

    await admin.setLearnAmpWriteLimit(1);
    expect(sandboxes.learnamp.writeLimiter.limit).toBe(1);
  });
});

describe('WriteRateLimiter', () => {
  test('refills at the configured rate', () => {
    const limiter = new WriteRateLimiter(2);
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);

    expect(limiter.take('a', 500).allowed).toBe(true);
  });

  test('rejects a limit that is not positive', () => {
    expect(() => new WriteRateLimiter(0)).toThrow(/Invalid write limit 0/);
  });
});
