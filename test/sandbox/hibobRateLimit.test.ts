import type { AxiosInstance } from 'axios';
import { startSandboxes, type Sandboxes } from '../../sandbox';
import { TODAY, hibobClient } from './helpers';

const WINDOW_MS = 1500;

describe('HiBob sandbox rate limit', () => {
  let sandboxes: Sandboxes;
  let client: AxiosInstance;
  let otherCompanyClient: AxiosInstance;
  let serviceUserId: string;

  beforeAll(async () => {
    sandboxes = await startSandboxes({ hibob: { rateLimitPerMinute: 3, rateLimitWindowMs: WINDOW_MS } });
    const user = sandboxes.hibob.addCompany({ companyId: 'acme', seed: 1, size: 20, today: TODAY }).addServiceUser();
    serviceUserId = user.id;
    client = hibobClient(sandboxes.hibobUrl, user.id, user.token);
    const other = sandboxes.hibob.addCompany({ companyId: 'globex', seed: 2, size: 20, today: TODAY }).addServiceUser();
    otherCompanyClient = hibobClient(sandboxes.hibobUrl, other.id, other.token);
  });
  afterAll(async () => sandboxes.close());

  const search = (searchClient: AxiosInstance = client) => searchClient.post('/people/search', { fields: ['root.id'] });

  test('over-limit request gets 429 until reset', async () => {
    const responses = [await search(), await search(), await search()];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(responses.map((response) => response.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0']);
    expect(responses[0]?.headers['x-ratelimit-limit']).toBe('3');

    const limited = await search();
    const resetAt = Number(limited.headers['x-ratelimit-reset']);
    expect(limited.status).toBe(429);
    expect(limited.data.error).toMatch(/Rate limit exceeded/);
    expect(limited.headers['x-ratelimit-limit']).toBe('3');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['retry-after']).toBeUndefined();
    expect(resetAt * 1000).toBeGreaterThan(Date.now());
    expect(resetAt * 1000 - Date.now()).toBeLessThanOrEqual(WINDOW_MS + 1000);

    const otherEndpoint = await client.get('/company/named-lists');
    expect(otherEndpoint.status).toBe(200);
    const otherCompany = await search(otherCompanyClient);
    expect(otherCompany.status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, resetAt * 1000 - Date.now() + 50));
    const afterReset = await search();
    expect(afterReset.status).toBe(200);
    expect(afterReset.headers['x-ratelimit-remaining']).toBe('2');
  });

  test('bad credentials do not use the quota', async () => {
    sandboxes.hibob.setRateLimit({ perMinute: 1, windowMs: 60_000 });
    const rejected = [1, 2, 3].map(() =>
      hibobClient(sandboxes.hibobUrl, serviceUserId, 'wrong').post('/people/search', {}),
    );
    expect((await Promise.all(rejected)).map((response) => response.status)).toEqual([401, 401, 401]);
    expect((await search()).status).toBe(200);
    expect((await search()).status).toBe(429);
  });

  test('setRateLimit applies from the next request', async () => {
    sandboxes.hibob.setRateLimit({ perMinute: 2, windowMs: 60_000 });
    const statuses = [(await search()).status, (await search()).status, (await search()).status];
    expect(statuses).toEqual([200, 200, 429]);
  });

  test('invalid settings are rejected', () => {
    expect(() => sandboxes.hibob.setRateLimit({ perMinute: 0, windowMs: 1000 })).toThrow(/perMinute/);
  });
});
