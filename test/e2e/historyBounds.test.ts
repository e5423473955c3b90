import { collectHistoryStats, RunHistoryStats } from '../../client/historyStats';
import { tenantWorkflowId } from '../../common/tenant';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, waitForRun } from '../helpers/harness';

/** Limits the sync is designed to, well inside Temporal's 2 MB payload and ~51,200-event run limits. */
const MAX_PAYLOAD_BYTES = 256 * 1024;
const MAX_EVENTS_PER_RUN = 10_000;

let harness: Harness;
let runs: RunHistoryStats[];

beforeAll(async () => {
  harness = await startHarness();
  const tenant = createTenantFixtures(harness, { tenantId: 'histories', size: 400, seed: 5 });
  // A low threshold makes the sync continue as new several times.
  await connectTestTenant(harness, tenant, { batchSize: 50, continueAsNewAfterEvents: 300, learnampWritesPerSecond: 1000, writeConcurrency: 8 });
  await waitForRun(harness, tenant.tenantId, 1);
  runs = await collectHistoryStats(harness.client, tenantWorkflowId(tenant.tenantId));
});

afterAll(async () => {
  await harness?.close();
});

describe('history of a full sync', () => {
  test('covers the tenant workflow and every sync run', () => {
    const syncRuns = runs.filter((run) => run.workflowId !== tenantWorkflowId('histories'));
    expect(runs.some((run) => run.workflowId === tenantWorkflowId('histories'))).toBe(true);
    expect(syncRuns.length).toBeGreaterThan(1);
  });

  test('keeps every payload within 256 KB', () => {
    const largest = Math.max(...runs.map((run) => run.maxEventPayloadBytes));
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  test('keeps every run within 10,000 events', () => {
    const longest = Math.max(...runs.map((run) => run.events));
    expect(longest).toBeLessThanOrEqual(MAX_EVENTS_PER_RUN);
  });
});
