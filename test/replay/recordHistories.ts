import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { disconnectTenant, notifyEmployeesChanged, refreshToken, requestSync } from '../../client/adminActions';
import { tenantWorkflowId } from '../../common/tenant';
import type { HiBobRequestRecord } from '../../sandbox';
import { isBatchRead } from '../helpers/faults';
import { connectTestTenant, createTenantFixtures, startHarness, waitForRun, waitForStatus } from '../helpers/harness';
import { seedLinkedUsers } from '../helpers/learnamp';
import { FIXTURES_DIR, historyToJson, PAYLOAD_KEY_FILE, type RecordedHistory } from './historyFixtures';

/**
 * Records the histories that `replay.test.ts` replays, from real runs on a dev server. One tenant goes
 * through connect, a token revoked mid-sync and its resume, a second full sync, a changed-employee sync and
 * disconnect. A second tenant's full sync is long enough to continue as new. Run it with
 * `npm run record-histories` only after a workflow change that no running workflow will replay.
 */
async function record(): Promise<void> {
  const payloadKey = randomBytes(32);
  const harness = await startHarness({}, { payloadKey });
  const recorded: RecordedHistory[] = [];
  try {
    recorded.push(...(await recordTenantLifecycle(harness)));
    recorded.push(...(await recordContinuedSync(harness)));
  } finally {
    await harness.close();
  }

  if (!existsSync(FIXTURES_DIR)) mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const file of readdirSync(FIXTURES_DIR)) rmSync(join(FIXTURES_DIR, file));
  writeFileSync(PAYLOAD_KEY_FILE, `${payloadKey.toString('base64')}\n`);
  for (const history of recorded) {
    writeFileSync(join(FIXTURES_DIR, `${history.name}.json`), `${JSON.stringify(history, null, 1)}\n`);
    process.stdout.write(`${history.name}: ${history.history.events?.length ?? 0} events\n`);
  }
}

type Harness = Awaited<ReturnType<typeof startHarness>>;

async function recordTenantLifecycle(harness: Harness): Promise<RecordedHistory[]> {
  const tenant = createTenantFixtures(harness, { tenantId: 'replay-tenant', size: 40, seed: 9 });
  const company = harness.sandboxes.hibob.company(tenant.companyId);
  seedLinkedUsers(harness, tenant, company.employees.filter((employee) => employee.lifecycleStatus === 'terminated'));

  // The token is refreshed in HiBob after the first batch, so the first sync pauses and later resumes.
  let newToken: string | null = null;
  const revoke = (record: HiBobRequestRecord) => {
    if (record.companyId !== tenant.companyId || !isBatchRead(record) || record.status !== 200 || newToken) return;
    newToken = company.refreshToken(tenant.serviceUserId);
  };
  harness.sandboxes.hibob.on('request', revoke);
  await connectTestTenant(harness, tenant, { batchSize: 10 });
  await waitForStatus(harness, tenant.tenantId, (status) => status.state === 'needs_attention' && status.pausedSync !== null);
  harness.sandboxes.hibob.off('request', revoke);
  await refreshToken(harness.context, tenant.tenantId, newToken!);
  await waitForRun(harness, tenant.tenantId, 1);

  const employed = company.employees.filter((employee) => employee.lifecycleStatus === 'employed' && employee.email);
  company.terminate(employed[0]!.id);
  company.updateEmployee(employed[1]!.id, { surname: 'Renamed' });
  await requestSync(harness.context, tenant.tenantId, 'recording');
  await waitForRun(harness, tenant.tenantId, 2);

  company.updateEmployee(employed[2]!.id, { firstName: 'Changed' });
  await notifyEmployeesChanged(harness.context, tenant.tenantId, [employed[2]!.id]);
  await waitForRun(harness, tenant.tenantId, 3);

  await disconnectTenant(harness.context, tenant.tenantId, 'recording done');
  await harness.client.workflow.getHandle(tenantWorkflowId(tenant.tenantId)).result();

  const executions = await executionsOf(harness.client, tenant.tenantId);
  const tenantRun = executions.find((execution) => execution.type === 'tenantWorkflow')!;
  const syncRuns = executions.filter((execution) => execution.type === 'fullSyncWorkflow');
  const [paused, resumed, resync, employees] = syncRuns;
  return Promise.all([
    fetchRecorded(harness.client, 'tenant-lifecycle', tenantRun, 'Connect, token revoked mid-sync, resume, resync, changed-employee sync, disconnect'),
    fetchRecorded(harness.client, 'full-sync-paused', paused!, 'First full sync, paused by a 401 after its first batch'),
    fetchRecorded(harness.client, 'full-sync-resumed', resumed!, 'The same sync resumed from its cursor after the token refresh'),
    fetchRecorded(harness.client, 'full-sync-resync', resync!, 'Second full sync: one new leaver, one renamed employee'),
    fetchRecorded(harness.client, 'employee-sync', employees!, 'Sync of one employee named by an employeesChanged signal'),
  ]);
}

async function recordContinuedSync(harness: Harness): Promise<RecordedHistory[]> {
  const tenant = createTenantFixtures(harness, { tenantId: 'replay-continued', size: 40, seed: 10 });
  await connectTestTenant(harness, tenant, { batchSize: 5, continueAsNewAfterEvents: 100 });
  await waitForRun(harness, tenant.tenantId, 1);
  const syncRuns = (await executionsOf(harness.client, tenant.tenantId)).filter((execution) => execution.type === 'fullSyncWorkflow');
  if (syncRuns.length < 2) throw new Error(`The sync did not continue as new: ${syncRuns.length} run(s)`);
  return [await fetchRecorded(harness.client, 'full-sync-continued-as-new', syncRuns[0]!, 'First run of a full sync that continued as new between batches')];
}

interface Execution {
  workflowId: string;
  runId: string;
  type: string;
  startTime: Date;
}

/** Lists the tenant's workflow runs, oldest first, after a pause because visibility can lag behind the runs. */
async function executionsOf(client: Client, tenantId: string): Promise<Execution[]> {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const executions: Execution[] = [];
  for await (const execution of client.workflow.list({ query: `TenantId = "${tenantId}"` })) {
    executions.push({ workflowId: execution.workflowId, runId: execution.runId, type: execution.type, startTime: execution.startTime });
  }
  return executions.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
}

async function fetchRecorded(client: Client, name: string, execution: Execution, description: string): Promise<RecordedHistory> {
  if (!execution) throw new Error(`No workflow run was recorded for ${name}`);
  const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
  return { name, description, workflowId: execution.workflowId, workflowType: execution.type, history: historyToJson(history) };
}

record().catch((error: unknown) => {
  process.stderr.write(`Recording failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
