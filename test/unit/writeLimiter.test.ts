import { LearnAmpClient } from '../../activities/learnamp/client';
import { retryAfterMs, WriteLimiter } from '../../activities/learnamp/writeLimiter';
import { startSandboxes, type LearnAmpAccount, type Sandboxes } from '../../sandbox';

async function timeTakes(limiter: WriteLimiter, count: number): Promise<number> {
  const started = Date.now();
  await Promise.all(Array.from({ length: count }, () => limiter.take()));
  return Date.now() - started;
}

describe('WriteLimiter', () => {
  test('lets a short burst through at once', async () => {
    // Capacity is a quarter of a second's worth: 5 tokens at 20 a second.
    expect(await timeTakes(new WriteLimiter(20), 5)).toBeLessThan(100);
  });

  test('paces writes beyond the burst', async () => {
    // 5 from the full bucket, then 10 more at 20 a second take at least 500 ms.
    expect(await timeTakes(new WriteLimiter(20), 15)).toBeGreaterThanOrEqual(450);
  });

  test('pauseFor delays every write', async () => {
    const limiter = new WriteLimiter(1000);
    limiter.pauseFor(300);

    expect(await timeTakes(limiter, 1)).toBeGreaterThanOrEqual(290);
  });

  test('rejects a rate that is not positive', () => {
    expect(() => new WriteLimiter(0)).toThrow(/Invalid Learn Amp write rate 0/);
  });
});

describe('retryAfterMs', () => {
  test('reads delay-seconds', () => {
    expect(retryAfterMs('2')).toBe(2000);
  });

  test('reads an HTTP date', () => {
    const now = Date.parse('2026-07-01T10:00:00Z');
    expect(retryAfterMs('Wed, 01 Jul 2026 10:00:05 GMT', now)).toBe(5000);
  });

  test('returns null for a missing or invalid header', () => {
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('LearnAmpClient writes under a sandbox limit', () => {
  let sandboxes: Sandboxes;
  let counter = 0;

  beforeAll(async () => {
    sandboxes = await startSandboxes({ learnamp: { writesPerSecond: 4 } });
  });
  afterAll(async () => sandboxes.close());

  const clientFor = (account: LearnAmpAccount, limiter: WriteLimiter) =>
    new LearnAmpClient(
      { baseUrl: sandboxes.learnampUrl, clientId: account.clientId, clientSecret: account.clientSecret, scopes: 'users:create' },
      1,
      limiter,
    );
  const createUsers = (client: LearnAmpClient, count: number) =>
    Promise.all(
      Array.from({ length: count }, () => {
        const n = ++counter;
        return client.createUser({ email: `paced${n}@example.com`, firstName: 'Ada', lastName: 'Byron', integrationExternalId: `e${n}` }, true);
      }),
    );
  const rejectedWrites = (account: LearnAmpAccount) =>
    sandboxes.learnamp.requests.filter((r) => r.accountId === account.accountId && r.status === 429).length;

  test('stays under the limit when paced at it', async () => {
    const account = sandboxes.learnamp.addAccount({ accountId: 'paced' });
    await createUsers(clientFor(account, new WriteLimiter(4)), 10);

    expect(account.users).toHaveLength(10);
    expect(rejectedWrites(account)).toBe(0);
  });

  test('waits out 429 Retry-After when paced above the limit', async () => {
    const account = sandboxes.learnamp.addAccount({ accountId: 'eager' });
    await createUsers(clientFor(account, new WriteLimiter(100)), 8);

    expect(account.users).toHaveLength(8);
    expect(rejectedWrites(account)).toBeGreaterThan(0);
  });
});
