import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { join } from 'node:path';
import { tenantWorkflowId } from '../common/tenant';
import { startSandboxes } from '../sandbox';
import { encryptedDataConverter, loadPayloadCodec } from '../worker/codec';
import { DEV_SERVER_ADDRESS, ServiceConfig } from '../worker/config';
import { createSyncWorker } from '../worker/createWorker';
import { createLogger, runtimeLoggerFor } from '../worker/logger';
import { openStore } from '../worker/openStore';
import { ensureSearchAttributes } from '../worker/searchAttributes';
import { isTemporalReachable, startDevServer } from '../worker/temporalDevServer';
import { AdminContext, connectTenant, refreshToken } from './adminActions';
import { checkEndState } from './endStateCheck';
import { formatStatus } from './formatStatus';
import { waitForSyncToSettle } from './waitForSync';

export interface DemoOptions {
  config: ServiceConfig;
  employees: number;
  seed: number;
  /** Keep the sandboxes and the worker running after the scenario, until Ctrl-C. */
  keepRunning: boolean;
  print: (line: string) => void;
}

const TENANT_ID = 'demo';
const DEV_UI_URL = 'http://127.0.0.1:8233';

/**
 * Runs the scenario from HiBob's help page end to end. The admin scoped the permission group to Employed
 * only, and hibob-sync reports that leavers are invisible and which step fixes it. The admin fixes it and
 * refreshes the token, and the leavers are deactivated. Returns true when Learn Amp ends as expected.
 */
export async function runDemo(options: DemoOptions): Promise<boolean> {
  const { config, print } = options;
  const address = await ensureTemporal(config, print);
  installWorkerLogging(config);

  const sandboxes = await startSandboxes();
  const company = sandboxes.hibob.addCompany({ companyId: 'demo-company', seed: options.seed, size: options.employees });
  const serviceUser = company.addServiceUser({ permissionGroup: { lifecycleStatuses: ['employed'], lifecycleSectionReadable: true } });
  const account = sandboxes.learnamp.addAccount({ accountId: 'demo-account' });
  const leavers = company.employees.filter((employee) => employee.lifecycleStatus === 'terminated' && employee.email);
  for (const leaver of leavers) {
    account.seedUser({ email: leaver.email!, firstName: leaver.firstName, lastName: leaver.surname, integrationExternalId: leaver.id });
  }
  print(`Sandbox HiBob at ${sandboxes.hibobUrl}: ${company.employees.length} employees, ${leavers.length} of them leavers.`);
  print(`Sandbox Learn Amp at ${sandboxes.learnampUrl}: ${leavers.length} users from an earlier integration, all still active.`);

  const store = openStore(config);
  // An earlier demo's results would show up as employees that vanished, so the demo tenant starts empty.
  await store.deleteTenantData(TENANT_ID);
  const dataConverter = encryptedDataConverter(loadPayloadCodec(config));
  const workerConnection = await NativeConnection.connect({ address });
  const worker = await createSyncWorker({
    connection: workerConnection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    store,
    dataConverter,
  });
  const workerRun = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: config.namespace, dataConverter });
  const context: AdminContext = { client, store, taskQueue: config.taskQueue };

  try {
    await endEarlierDemo(context);
    print('\n1. The HR admin connects HiBob. Their permission group shows only the Lifecycle status "Employed".');
    await connectTenant(context, {
      tenantId: TENANT_ID,
      hibobBaseUrl: sandboxes.hibobUrl,
      serviceUserId: serviceUser.id,
      hibobToken: serviceUser.token,
      learnampBaseUrl: sandboxes.learnampUrl,
      learnampClientId: account.clientId,
      learnampClientSecret: account.clientSecret,
    });
    const progress = (status: { progress: { batchesDone: number; batchCount: number } | null }) =>
      status.progress && print(`   ... batch ${status.progress.batchesDone} of ${status.progress.batchCount}`);
    const first = await waitForSyncToSettle(context, TENANT_ID, 1, { onProgress: progress });
    print(indent(formatStatus(first)));

    print('\n2. The admin ticks every Lifecycle status (step 3), refreshes the service user token (step 5)');
    print('   and gives the new token to hibob-sync. The old token stops working at once.');
    company.setPermissionGroup(serviceUser.id, { lifecycleStatuses: 'all', lifecycleSectionReadable: true });
    await refreshToken(context, TENANT_ID, company.refreshToken(serviceUser.id));
    const second = await waitForSyncToSettle(context, TENANT_ID, 2, { onProgress: progress });
    print(indent(formatStatus(second)));

    const check = checkEndState(company.employees, account.users, new Date().toISOString().slice(0, 10));
    print(`\nLearn Amp now holds ${account.users.length} users: ${check.activeUsers} active, ${check.deactivatedUsers} deactivated.`);
    print(`Leavers deactivated: ${check.leaversDeactivated} of ${leavers.length}. Current employees with an active user: ${check.currentEmployeesActive}.`);
    const counts = second.lastRun?.counts;
    const waiting = company.employees.filter((e) => e.lifecycleStatus === 'hired' && e.startDate > new Date().toISOString().slice(0, 10)).length;
    if (counts) print(`The others: ${counts.skipped} skipped for a bad record, ${waiting} joiners waiting for their start date.`);
    for (const failure of check.failures.slice(0, 20)) print(`  MISMATCH: ${failure}`);
    print(check.failures.length === 0 ? 'End state check: passed.' : `End state check: FAILED (${check.failures.length} mismatches).`);
    const query = encodeURIComponent(`TenantId="${TENANT_ID}"`);
    print(`\nWeb UI: ${config.temporalAddress ? '(your cluster\'s Web UI)' : DEV_UI_URL}/namespaces/${config.namespace}/workflows?query=${query}`);
    print('Payloads in history are encrypted: "npm run codec-server" lets the Web UI show them decrypted.');
    print(`Worker log: ${join(config.dataDir, 'worker.log')}`);
    print(`Skipped employees and their reasons: node lib/client/cli.js report --tenant ${TENANT_ID}`);
    if (options.keepRunning) {
      print('Sandboxes and worker keep running; press Ctrl-C to stop.');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    return check.failures.length === 0 && second.state === 'healthy';
  } finally {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await connection.close();
    await workerConnection.close();
    await sandboxes.close();
    await store.close();
  }
}

/** Uses the configured cluster, the dev server already running, or starts one that outlives the demo. */
async function ensureTemporal(config: ServiceConfig, print: (line: string) => void): Promise<string> {
  const address = config.temporalAddress ?? DEV_SERVER_ADDRESS;
  if (await isTemporalReachable(address)) {
    print(`Using the Temporal server already running at ${address} (left by an earlier demo, or yours).`);
  } else if (config.temporalAddress) {
    throw new Error(`TEMPORAL_ADDRESS=${config.temporalAddress} does not answer; start that cluster or unset TEMPORAL_ADDRESS`);
  } else {
    print('Starting the Temporal dev server (the first run builds the CLI with Go, which takes a few minutes)...');
    const server = await startDevServer({ dataDir: config.dataDir, namespace: config.namespace });
    print(`Temporal dev server at ${server.address}, Web UI ${server.uiUrl}. It keeps running after the demo: "npm run temporal:stop" stops it.`);
  }
  const connection = await Connection.connect({ address });
  await ensureSearchAttributes(connection, config.namespace);
  await connection.close();
  return address;
}

/** Sends the worker's and the SDK's logs to a file, so the demo output stays readable. */
function installWorkerLogging(config: ServiceConfig): void {
  const logger = createLogger(config.logLevel, 'hibob-sync-demo', join(config.dataDir, 'worker.log'));
  // The demo handles Ctrl-C itself, so the SDK must not shut the worker down first.
  Runtime.install({ logger: runtimeLoggerFor(logger), shutdownSignals: [] });
}

/** Terminates a demo tenant workflow left by an earlier run, whose sandboxes no longer exist. */
async function endEarlierDemo(context: AdminContext): Promise<void> {
  try {
    await context.client.workflow.getHandle(tenantWorkflowId(TENANT_ID)).terminate('a new demo run starts');
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

function indent(text: string): string {
  return text.replace(/^/gm, '   ');
}
