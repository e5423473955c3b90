import { requestSync, tenantStatus } from '../../client/adminActions';
import { MAX_CONSECUTIVE_FAILURES } from '../../workflows/tenantIntegration';
import type { HiBobRequestRecord, LearnAmpRequestRecord } from '../../sandbox';
import { afterRequests, isBatchRead } from '../helpers/faults';
import { Harness, startHarness, waitForStatus } from '../helpers/harness';
import { connectIsolatedTenant, createIsolatedTenant, IsolatedTenant } from '../helpers/isolatedTenant';

/**
 * The failure policy: transient errors are retried with exponential backoff, 401 and 403 stop the sync
 * instead of being retried, and a tenant whose runs keep failing stops retrying in a `failing` state.
 */

let harness: Harness;
const tenants: IsolatedTenant[] = [];

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  for (const tenant of tenants) await tenant.sandboxes.close();
  await harness?.close();
});

async function isolatedTenant(tenantId: string, size: number): Promise<IsolatedTenant> {
  const tenant = await createIsolatedTenant({ tenantId, size, seed: 5 });
  tenants.push(tenant);
  return tenant;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const firstSyncEnded = (tenant: IsolatedTenant) =>
  waitForStatus(harness, tenant.tenantId, (s) => s.lastRun?.syncId.includes('/sync-1-') === true && !['validating', 'syncing'].includes(s.state));

describe('transient errors', () => {
  test('a write is retried with doubling delays', async () => {
    const tenant = await isolatedTenant('backoff', 20);
    const creates = (record: LearnAmpRequestRecord) => record.method === 'POST' && record.path === '/v1/users';
    afterRequests(tenant.sandboxes.learnamp, (record) => creates(record) && record.status === 201, 3, () =>
      tenant.sandboxes.learnamp.faults.add({ status: 503, count: 3, method: 'POST', path: '/v1/users' }),
    );
    // One write at a time, so the three 503s all hit the same employee's create.
    await connectIsolatedTenant(harness, tenant, { writeConcurrency: 1 });
    const status = await firstSyncEnded(tenant);
    expect(status.lastRun?.outcome).toBe('completed');

    const failed = tenant.sandboxes.learnamp.requests.filter((record) => creates(record) && record.status === 503);
    expect(failed).toHaveLength(3);
    const externalId = (record: LearnAmpRequestRecord) => (record.body as { integrationExternalId?: string }).integrationExternalId;
    const attempts = tenant.sandboxes.learnamp.requests.filter((record) => creates(record) && externalId(record) === externalId(failed[0]!));
    expect(attempts.map((record) => record.status)).toEqual([503, 503, 503, 201]);
    // The write proxy starts at 2 s and doubles: 2, 4 and 8 s, give or take scheduling.
    const gaps = attempts.slice(1).map((record, index) => (record.at - attempts[index]!.at) / 1000);
    expect(gaps[0]).toBeGreaterThanOrEqual(1.9);
    expect(gaps[1]).toBeGreaterThanOrEqual(3.8);
    expect(gaps[2]).toBeGreaterThanOrEqual(7.6);
    expect(tenant.account.users.filter((user) => user.integrationExternalId === externalId(failed[0]!))).toHaveLength(1);
  });
});

describe('rejected writes', () => {
  test('a rejected create is skipped, then retried next run', async () => {
    const tenant = await isolatedTenant('rejected', 20);
    const creates = (record: LearnAmpRequestRecord) => record.method === 'POST' && record.path === '/v1/users';
    afterRequests(tenant.sandboxes.learnamp, (record) => creates(record) && record.status === 201, 2, () =>
      tenant.sandboxes.learnamp.faults.add({ status: 422, method: 'POST', path: '/v1/users' }),
    );
    await connectIsolatedTenant(harness, tenant, { writeConcurrency: 1 });
    const first = await firstSyncEnded(tenant);
    expect(first.lastRun?.outcome).toBe('completed');

    const rejected = tenant.sandboxes.learnamp.requests.filter((record) => creates(record) && record.status === 422);
    expect(rejected).toHaveLength(1);
    const employeeId = (rejected[0]!.body as { integrationExternalId: string }).integrationExternalId;
    const attempts = tenant.sandboxes.learnamp.requests.filter(
      (record) => creates(record) && (record.body as { integrationExternalId?: string }).integrationExternalId === employeeId,
    );
    expect(attempts).toHaveLength(1);
    const result = (await harness.store.getEmployeeResults(tenant.tenantId, [employeeId])).get(employeeId);
    expect(result?.outcome).toBe('skipped');
    expect(result?.problemCode).toBe('learnamp_rejected');
    expect(tenant.account.users.some((user) => user.integrationExternalId === employeeId)).toBe(false);

    await requestSync(harness.context, tenant.tenantId, 'test');
    await waitForStatus(harness, tenant.tenantId, (s) => s.lastRun?.syncId.includes('/sync-2-') === true && !['validating', 'syncing'].includes(s.state));
    expect(tenant.account.users.filter((user) => user.integrationExternalId === employeeId)).toHaveLength(1);
  });
});

describe('authorization failures mid-sync', () => {
  test('HiBob 403 pauses the sync without a retry', async () => {
    const tenant = await isolatedTenant('forbidden', 40);
    const search = (record: HiBobRequestRecord) => record.path === '/v1/people/search';
    afterRequests(tenant.sandboxes.hibob, (record) => isBatchRead(record) && record.status === 200, 1, () =>
      tenant.sandboxes.hibob.faults.add({ status: 403, count: 20, path: '/v1/people/search' }),
    );
    await connectIsolatedTenant(harness, tenant, { batchSize: 10 });
    const paused = await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'needs_attention');
    expect(paused.problems.map((problem) => problem.code)).toContain('hibob_forbidden');
    expect(paused.pausedSync?.nextBatch).toBe(1);

    // A retried read would come back within 5 s, the HiBob proxy's first retry interval.
    await sleep(8000);
    const forbidden = tenant.sandboxes.hibob.requests.filter((record) => search(record) && record.status === 403);
    expect(forbidden).toHaveLength(1);
    expect((await tenantStatus(harness.context, tenant.tenantId)).state).toBe('needs_attention');
  });

  test('Learn Amp 401 renews the token once, then pauses', async () => {
    const tenant = await isolatedTenant('unauthorized', 20);
    let tokenRequestsBefore = 0;
    afterRequests(tenant.sandboxes.learnamp, (record) => record.kind === 'create' && record.status === 201, 3, () => {
      tokenRequestsBefore = tenant.sandboxes.learnamp.requests.filter((record) => record.kind === 'token').length;
      tenant.sandboxes.learnamp.faults.add({ status: 401, count: 20, method: 'POST', path: '/v1/users' });
    });
    await connectIsolatedTenant(harness, tenant, { writeConcurrency: 1 });
    const paused = await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'needs_attention');
    expect(paused.problems.map((problem) => problem.code)).toContain('learnamp_invalid_client');
    expect(paused.nextSyncAt).toBeNull();

    // A retried write would come back within 2 s, the write proxy's first retry interval.
    await sleep(5000);
    const unauthorized = tenant.sandboxes.learnamp.requests.filter((record) => record.status === 401);
    expect(unauthorized).toHaveLength(2);
    const tokenRequests = tenant.sandboxes.learnamp.requests.filter((record) => record.kind === 'token').length;
    expect(tokenRequests - tokenRequestsBefore).toBe(1);
  });
});

describe('repeated failed runs', () => {
  test(`${MAX_CONSECUTIVE_FAILURES} failed runs stop the retries`, async () => {
    const tenant = await isolatedTenant('failing', 30);
    // A preview first sync leaves the tenant waiting for an admin, so the settings below apply to every later run.
    await connectIsolatedTenant(harness, tenant, { previewFirstSync: true });
    await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'preview_ready');
    // Below the 5-minute minimum that connect accepts, so the retries come seconds apart.
    const record = (await harness.store.getTenant(tenant.tenantId))!;
    await harness.store.saveTenant(tenant.tenantId, { ...record.connection, settings: { ...record.connection.settings, syncIntervalMinutes: 0.05 } }, record.secrets);

    // Every run validates, then fails its first batch read: HiBob rejects it with a 400, which is not retried.
    const failBatchRead = (record: HiBobRequestRecord) => {
      if (record.path === '/v1/people/search' && !isBatchRead(record) && record.status === 200) {
        tenant.sandboxes.hibob.faults.add({ status: 400, path: '/v1/people/search' });
      }
    };
    tenant.sandboxes.hibob.on('request', failBatchRead);
    await requestSync(harness.context, tenant.tenantId, 'test');
    const failing = await waitForStatus(harness, tenant.tenantId, (s) => s.state === 'failing', 150_000);
    expect(failing.consecutiveFailures).toBe(MAX_CONSECUTIVE_FAILURES);
    expect(failing.nextSyncAt).toBeNull();
    expect(failing.lastRun?.outcome).toBe('failed');
    expect(failing.problems.map((problem) => problem.code)).toContain('hibob_unreachable');

    // Before the failing state, the next run came 3 s (the sync interval set above) after the last one.
    const searchesWhenFailing = tenant.sandboxes.hibob.requests.length;
    await sleep(8000);
    expect(tenant.sandboxes.hibob.requests.length).toBe(searchesWhenFailing);

    tenant.sandboxes.hibob.off('request', failBatchRead);
    tenant.sandboxes.hibob.faults.clear();
    const syncsBefore = failing.syncsStarted;
    await requestSync(harness.context, tenant.tenantId, 'admin fixed it');
    const recovered = await waitForStatus(
      harness,
      tenant.tenantId,
      (s) => s.syncsStarted > syncsBefore && s.lastRun?.outcome === 'completed' && !['validating', 'syncing'].includes(s.state),
    );
    expect(recovered.consecutiveFailures).toBe(0);
    expect(['healthy', 'degraded']).toContain(recovered.state);
  });
});
