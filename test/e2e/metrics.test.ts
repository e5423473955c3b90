import { Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { connectTenant } from '../../client/adminActions';
import type { TenantStatus } from '../../common/status';
import { createSyncWorker } from '../../worker/createWorker';
import { SyncMetrics } from '../../worker/metrics';
import { MetricsServer, startMetricsServer } from '../../worker/metricsServer';
import { createTenantFixtures, Harness, startHarness, waitForRun } from '../helpers/harness';
import { seedLinkedUsers } from '../helpers/learnamp';

let harness: Harness;
let worker: Worker;
let running: Promise<void>;
let server: MetricsServer;
let status: TenantStatus;

/** Reads one sample from Prometheus text output; 0 when the series does not exist yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

beforeAll(async () => {
  harness = await startHarness();
  // A worker of its own, so this file's metrics count only this file's sync.
  const metrics = new SyncMetrics();
  server = await startMetricsServer(metrics.registry, { host: '127.0.0.1', port: 0 });
  const taskQueue = `metrics-${randomBytes(4).toString('hex')}`;
  worker = await createSyncWorker({
    connection: harness.env.nativeConnection,
    namespace: harness.env.namespace ?? 'default',
    taskQueue,
    store: harness.store,
    dataConverter: harness.client.options.dataConverter,
    metrics,
    shutdownGraceTime: '2 seconds',
  });
  running = worker.run();

  const tenant = createTenantFixtures(harness, { tenantId: 'measured', size: 60 });
  const company = harness.sandboxes.hibob.company(tenant.companyId);
  seedLinkedUsers(harness, tenant, company.employees.filter((employee) => employee.lifecycleStatus === 'terminated'));
  const account = harness.sandboxes.learnamp.account(tenant.accountId);
  await connectTenant(
    { ...harness.context, taskQueue },
    {
      tenantId: tenant.tenantId,
      hibobBaseUrl: harness.sandboxes.hibobUrl,
      serviceUserId: tenant.serviceUserId,
      hibobToken: tenant.token,
      learnampBaseUrl: harness.sandboxes.learnampUrl,
      learnampClientId: account.clientId,
      learnampClientSecret: account.clientSecret,
      settings: { batchSize: 20, invitePolicy: 'immediately' },
    },
  );
  status = await waitForRun(harness, tenant.tenantId, 1);
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await server?.close();
  await harness?.close();
});

describe('metrics endpoint after a sync', () => {
  let text: string;

  beforeAll(async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    text = await response.text();
  });

  test('counts the completed run', () => {
    expect(status.lastRun?.outcome).toBe('completed');
    expect(sample(text, 'hibob_sync_runs_total{outcome="completed",scope="full"}')).toBe(1);
    expect(sample(text, 'hibob_sync_run_duration_seconds_count{outcome="completed"}')).toBe(1);
    expect(sample(text, 'hibob_sync_run_duration_seconds_sum{outcome="completed"}')).toBeGreaterThan(0);
  });

  test('counts Learn Amp writes by kind', () => {
    const counts = status.lastRun!.counts;
    expect(counts.created).toBeGreaterThan(0);
    expect(counts.deactivated).toBeGreaterThan(0);
    expect(sample(text, 'hibob_sync_learnamp_writes_total{kind="create"}')).toBe(counts.created);
    expect(sample(text, 'hibob_sync_learnamp_writes_total{kind="deactivate"}')).toBe(counts.deactivated);
    expect(sample(text, 'hibob_sync_learnamp_writes_total{kind="team"}')).toBeGreaterThan(0);
  });

  test('times every activity', () => {
    expect(sample(text, 'hibob_sync_activity_duration_seconds_count{activity="applyWrite",result="completed"}')).toBeGreaterThanOrEqual(
      status.lastRun!.counts.created,
    );
    expect(sample(text, 'hibob_sync_activity_duration_seconds_count{activity="readBatch",result="completed"}')).toBe(3);
  });

  test('includes process metrics', () => {
    expect(text).toContain('hibob_sync_process_cpu_seconds_total');
  });

  test('other paths are not found', async () => {
    const response = await fetch(server.url.replace('/metrics', '/other'));
    expect(response.status).toBe(404);
  });
});
