import { disconnectTenant, requestSync, tenantStatus } from '../../client/adminActions';
import { tenantWorkflowId } from '../../common/tenant';
import type { HiBobRequestRecord } from '../../sandbox';
import { isBatchRead } from '../helpers/hibobRequests';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, waitForRun } from '../helpers/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('disconnect', () => {
  test('ends the workflow and forgets credentials', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'leaving', size: 30 });
    await connectTestTenant(harness, tenant);
    await waitForRun(harness, tenant.tenantId, 1);

    await disconnectTenant(harness.context, tenant.tenantId);
    const handle = harness.client.workflow.getHandle(tenantWorkflowId(tenant.tenantId));
    const finalStatus = await handle.result();
    expect(finalStatus.state).toBe('disconnected');
    expect(await harness.store.getTenant(tenant.tenantId)).toBeNull();
    await expect(requestSync(harness.context, tenant.tenantId)).rejects.toThrow(/no running integration/);
  });

  test('cancels a running sync', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'cancelled', size: 120 });
    const disconnectOnFirstBatch = (record: HiBobRequestRecord) => {
      if (record.companyId === tenant.companyId && isBatchRead(record)) void disconnectTenant(harness.context, tenant.tenantId);
    };
    harness.sandboxes.hibob.on('request', disconnectOnFirstBatch);
    try {
      await connectTestTenant(harness, tenant, { batchSize: 20 });
      const handle = harness.client.workflow.getHandle(tenantWorkflowId(tenant.tenantId));
      expect((await handle.result()).state).toBe('disconnected');
      const syncs = harness.client.workflow.list({ query: `WorkflowType = "fullSyncWorkflow" AND TenantId = "${tenant.tenantId}"` });
      for await (const sync of syncs) expect(sync.status.name).not.toBe('RUNNING');
    } finally {
      harness.sandboxes.hibob.off('request', disconnectOnFirstBatch);
    }
  });
});

describe('continue-as-new', () => {
  test('keeps state and a queued sync request', async () => {
    const tenant = createTenantFixtures(harness, { tenantId: 'longlived', size: 90 });
    await connectTestTenant(harness, tenant, { batchSize: 20, continueAsNewAfterEvents: 100 });
    await waitForRun(harness, tenant.tenantId, 1);
    const handle = harness.client.workflow.getHandle(tenantWorkflowId(tenant.tenantId));
    const firstRunId = (await handle.describe()).runId;

    // A request that arrives while sync 2 runs is queued; the run then continues as new and must still do it.
    let requestedDuringSync = false;
    const requestOnBatchRead = (record: HiBobRequestRecord) => {
      if (record.companyId !== tenant.companyId || !isBatchRead(record) || requestedDuringSync) return;
      requestedDuringSync = true;
      void requestSync(harness.context, tenant.tenantId, 'queued during a sync');
    };
    harness.sandboxes.hibob.on('request', requestOnBatchRead);
    try {
      await requestSync(harness.context, tenant.tenantId, 'first');
      const status = await waitForRun(harness, tenant.tenantId, 3);
      expect(requestedDuringSync).toBe(true);
      expect(status.lastRun?.outcome).toBe('completed');
      expect(status.state).toBe('healthy');
    } finally {
      harness.sandboxes.hibob.off('request', requestOnBatchRead);
    }
    expect((await handle.describe()).runId).not.toBe(firstRunId);
    expect((await tenantStatus(harness.context, tenant.tenantId)).syncsStarted).toBe(3);

    const syncRuns: string[] = [];
    for await (const run of harness.client.workflow.list({ query: `WorkflowType = "fullSyncWorkflow" AND TenantId = "${tenant.tenantId}"` })) {
      syncRuns.push(run.workflowId);
    }
    // A 90-employee sync in batches of 20 passes 100 history events, so it continues as new at least once.
    expect(syncRuns.length).toBeGreaterThan(new Set(syncRuns).size);
  });
});
