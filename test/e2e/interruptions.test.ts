import axios from 'axios';
import { refreshToken } from '../../client/adminActions';
import { checkEndState } from '../../client/endStateCheck';
import type { HiBobRequestRecord } from '../../sandbox';
import { isBatchRead } from '../helpers/hibobRequests';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, waitForRun, waitForStatus } from '../helpers/harness';
import { today } from '../helpers/learnamp';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('token revoked mid-sync', () => {
  test('pauses, then resumes after tokenRefreshed without redoing batches', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'revoked', size: 150, seed: 5 });
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    let newToken: string | null = null;
    let batchReads = 0;
    const revokeAfterSecondBatch = (record: HiBobRequestRecord) => {
      if (record.companyId !== tenant.companyId || !isBatchRead(record) || record.status !== 200) return;
      batchReads++;
      if (batchReads === 2) newToken = company.refreshToken(tenant.serviceUserId);
    };
    harness.sandboxes.hibob.on('request', revokeAfterSecondBatch);
    await connectTestTenant(harness, tenant, { batchSize: 30 });

    const paused = await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'needs_attention');
    harness.sandboxes.hibob.off('request', revokeAfterSecondBatch);
    expect(paused.problems.map((p) => p.code)).toEqual(['hibob_token_revoked']);
    expect(paused.problems[0]?.step).toBe('token_refresh');
    expect(paused.pausedSync?.nextBatch).toBe(2);
    expect(paused.pausedSync?.batchCount).toBe(5);
    expect(paused.nextSyncAt).toBeNull();
    const createsBeforeResume = harness.sandboxes.learnamp.requests.filter((r) => r.kind === 'create' && r.status === 201).length;

    await refreshToken(harness.context, tenant.tenantId, newToken!);
    const finished = await waitForRun(harness, tenant.tenantId, 1);
    expect(finished.state).toBe('healthy');
    expect(finished.lastRun?.outcome).toBe('completed');

    const successfulBatchReads = harness.sandboxes.hibob.requests.filter(
      (r) => r.companyId === tenant.companyId && isBatchRead(r) && r.status === 200,
    );
    expect(successfulBatchReads).toHaveLength(5);
    const users = harness.sandboxes.learnamp.account(tenant.accountId).users;
    const creates = harness.sandboxes.learnamp.requests.filter((r) => r.accountId === tenant.accountId && r.kind === 'create' && r.status === 201);
    expect(creates).toHaveLength(users.length);
    expect(createsBeforeResume).toBeGreaterThan(0);
    expect(finished.lastRun?.counts.created).toBe(users.length);
    expect(checkEndState(company.employees, users, today()).failures).toEqual([]);
  });
});

describe('HiBob rate limit', () => {
  test('a 429 waits until the window resets', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'ratelimited', size: 60 });
    harness.sandboxes.hibob.setRateLimit({ perMinute: 3, windowMs: 4000 });
    try {
      // Another client of the same service user uses up the window first.
      const auth = { username: tenant.serviceUserId, password: tenant.token };
      const windowStartedAt = Date.now();
      for (let i = 0; i < 4; i++) {
        await axios.post(`${harness.sandboxes.hibobUrl}/people/search`, { fields: ['root.id'] }, { auth, validateStatus: () => true });
      }
      const requestsBeforeConnect = harness.sandboxes.hibob.requests.length;
      await connectTestTenant(harness, tenant, { batchSize: 30 });

      const status = await waitForRun(harness, tenant.tenantId, 1);
      expect(status.lastRun?.outcome).toBe('completed');
      const searches = harness.sandboxes.hibob.requests
        .slice(requestsBeforeConnect)
        .filter((r) => r.companyId === tenant.companyId && r.path === '/v1/people/search');
      const limited = searches.filter((r) => r.status === 429);
      expect(limited).toHaveLength(1);
      // The window opened with the first request above, so it cannot reset before this.
      const nextAttempt = searches.find((r) => r.at > limited[0]!.at);
      expect(nextAttempt!.at).toBeGreaterThanOrEqual(windowStartedAt + 4000);
    } finally {
      harness.sandboxes.hibob.setRateLimit({ perMinute: 50, windowMs: 60_000 });
    }
  });
});
