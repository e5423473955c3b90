import type { HiBobRequestRecord } from '../../sandbox';
import { connectTestTenant, createTenantFixtures, Harness, startHarness, TestTenant, waitForStatus } from '../helpers/harness';
import { startTestApi, TestApi } from '../helpers/apiServer';
import { userOf } from '../helpers/learnamp';

const WEBHOOK_SECRET = 'whsec-hooked-0123456789';
/** HiBob's documented limit for `people/search`. */
const PEOPLE_SEARCH_PER_MINUTE = 50;

let harness: Harness;
let api: TestApi;
let tenant: TestTenant;

beforeAll(async () => {
  harness = await startHarness();
  api = await startTestApi(harness.context, 2000);
  tenant = createTenantFixtures(harness, { tenantId: 'hooked', size: 400, seed: 21 });
  await connectTestTenant(harness, tenant, {}, WEBHOOK_SECRET);
  await waitForStatus(harness, tenant.tenantId, (s) => s.syncsStarted >= 1 && s.state === 'healthy');
  const company = harness.sandboxes.hibob.company(tenant.companyId);
  company.setWebhook({ url: `${api.url}/webhooks/hibob/${tenant.tenantId}`, secret: WEBHOOK_SECRET });
});

afterAll(async () => {
  await api?.close();
  await harness?.close();
});

const searchesOf = (companyId: string, since: number) =>
  harness.sandboxes.hibob.requests.filter((r) => r.companyId === companyId && r.path === '/v1/people/search' && r.at >= since);

const filterValues = (record: HiBobRequestRecord) => (record.body as { filters?: { values: string[] }[] }).filters?.[0]?.values ?? [];

/** Largest number of records in any 60-second window. */
function maxPerMinute(records: readonly HiBobRequestRecord[]): number {
  let max = 0;
  for (const first of records) max = Math.max(max, records.filter((r) => r.at >= first.at && r.at < first.at + 60_000).length);
  return max;
}

async function waitUntil(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('HiBob webhooks end to end', () => {
  test('terminated employee is deactivated', async () => {
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    const leaver = company.employees.find((e) => e.lifecycleStatus === 'employed' && e.email && e.reportsTo)!;
    expect(userOf(harness, tenant, leaver.id)?.status).not.toBe('deactivated');
    const startedAt = Date.now();

    company.terminate(leaver.id);
    await waitUntil(() => userOf(harness, tenant, leaver.id)?.status === 'deactivated', 'the leaver to be deactivated');

    const reads = searchesOf(tenant.companyId, startedAt).filter((r) => filterValues(r).includes(leaver.id));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => filterValues(r).length === 1)).toBe(true);
    const deliveries = harness.sandboxes.hibob.webhookDeliveries.filter((d) => d.at >= startedAt);
    expect(deliveries.map((d) => d.status)).toEqual([202, 202]);
  });

  test('burst stays within the search limit', async () => {
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    const ids = company.employees.map((e) => e.id);
    const signalsBefore = api.batcher.signalsSent;
    const startedAt = Date.now();

    for (let sent = 0; sent < 3000; sent += 200) {
      const chunk = Array.from({ length: 200 }, (_, i) => company.sendWebhook('employee.updated', ids[(sent + i) % ids.length]!, { fieldIds: ['work.title'] }));
      await Promise.all(chunk);
    }
    await waitUntil(() => api.batcher.queuedIds === 0, 'the webhook queue to drain');
    await waitForStatus(harness, tenant.tenantId, (s) => s.pendingEmployeeUpdates === 0 && s.state === 'healthy' && s.progress === null);

    const deliveries = harness.sandboxes.hibob.webhookDeliveries.filter((d) => d.at >= startedAt);
    const searches = searchesOf(tenant.companyId, startedAt);
    expect(deliveries.filter((d) => d.status === 202)).toHaveLength(3000);
    expect(api.batcher.signalsSent - signalsBefore).toBeLessThanOrEqual(Math.ceil((Date.now() - startedAt) / 2000) + 1);
    expect(searches.length).toBeGreaterThan(0);
    expect(maxPerMinute(searches)).toBeLessThanOrEqual(PEOPLE_SEARCH_PER_MINUTE);
    expect(searches.filter((r) => r.status === 429)).toEqual([]);
  });
});
