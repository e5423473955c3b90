import { tenantStatus } from '../../client/adminActions';
import { WRITE_KINDS } from '../../sandbox/learnamp/models';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, TestTenant, waitForRun, waitForStatus } from '../helpers/harness';

/*
 * Fairness between tenants on one worker: each Learn Amp write is one activity, and a tenant's sync runs at
 * most `writeConcurrency` of them at once, so a large tenant occupies at most that many of the worker's 40
 * activity slots (its token bucket waits inside those slots). The task queue never fills with one tenant's
 * backlog, and a small tenant's activities start as soon as they are scheduled.
 */

let harness: Harness;
let big: TestTenant;
let small: TestTenant;

const lastWriteAt = (tenant: TestTenant) =>
  Math.max(...harness.sandboxes.learnamp.requests.filter((r) => r.accountId === tenant.accountId && WRITE_KINDS.has(r.kind)).map((r) => r.at));

beforeAll(async () => {
  harness = await startHarness();
  big = createTenantFixtures(harness, { tenantId: 'big', size: 400, seed: 3 });
  small = createTenantFixtures(harness, { tenantId: 'small', size: 20, seed: 4 });
});

afterAll(async () => {
  await harness?.close();
});

describe('two tenants syncing at once', () => {
  test('small tenant finishes while the big one is still running', async () => {
    // About 25 s of writes for the big tenant at 15 a second.
    await connectTestTenant(harness, big, { batchSize: 100, learnampWritesPerSecond: 15, writeConcurrency: 4 });
    await waitForStatus(harness, big.tenantId, (status) => status.state === 'syncing' && (status.progress?.batchesDone ?? 0) >= 1);

    await connectTestTenant(harness, small, { learnampWritesPerSecond: 15, writeConcurrency: 4 });
    const smallStatus = await waitForRun(harness, small.tenantId, 1);
    const bigStatus = await tenantStatus(harness.context, big.tenantId);

    expect(smallStatus.lastRun?.outcome).toBe('completed');
    expect(bigStatus.state).toBe('syncing');
    await waitForRun(harness, big.tenantId, 1);
    expect(lastWriteAt(small)).toBeLessThan(lastWriteAt(big));
  });
});
