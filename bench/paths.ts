import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AdminContext, connectTenant, requestSync, tenantStatus } from '../client/adminActions';
import type { TenantStatus } from '../common/status';
import type { TenantSettings } from '../common/tenant';
import { LEARNAMP_SCOPES } from '../activities/learnamp/client';
import type { Sandboxes } from '../sandbox';
import type { SyncStore } from '../store/types';
import { encryptedDataConverter, loadPayloadCodec } from '../worker/codec';
import { loadConfig, ServiceConfig } from '../worker/config';
import { openStore } from '../worker/openStore';
import { MeasuredProcess } from './childProcess';
import type { DirectSyncReply, DirectSyncRequest, DirectSyncResult } from './directSync';

/** A HiBob company and Learn Amp account in the sandboxes, and the tenant that syncs them. */
export interface BenchTenant {
  tenantId: string;
  companyId: string;
  accountId: string;
  serviceUserId: string;
  token: string;
}

/** Creates a company of `size` generated employees, a service user that sees everyone, and an empty Learn Amp account. */
export function createBenchTenant(sandboxes: Sandboxes, tenantId: string, size: number, seed: number): BenchTenant {
  const company = sandboxes.hibob.addCompany({ companyId: `${tenantId}-co`, seed, size });
  const serviceUser = company.addServiceUser({ permissionGroup: { lifecycleStatuses: 'all', lifecycleSectionReadable: true } });
  sandboxes.learnamp.addAccount({ accountId: `${tenantId}-la` });
  return { tenantId, companyId: company.companyId, accountId: `${tenantId}-la`, serviceUserId: serviceUser.id, token: serviceUser.token };
}

/** Environment of a child process that uses `dataDir` for its store and keys, and never PostgreSQL. */
function childEnv(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HIBOB_SYNC_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  delete env.HIBOB_SYNC_SECRET_KEYS;
  delete env.HIBOB_SYNC_PAYLOAD_KEYS;
  return env;
}

/** The Temporal path: a worker in a child process, and admin actions from this process. */
export class TemporalPath {
  readonly worker: MeasuredProcess;
  private constructor(
    readonly context: AdminContext,
    worker: MeasuredProcess,
    private readonly sandboxes: Sandboxes,
  ) {
    this.worker = worker;
  }

  /** Starts a worker process on its own task queue and data folder and waits until it polls. */
  static async start(options: { address: string; dataDir: string; taskQueue: string; sandboxes: Sandboxes }): Promise<TemporalPath> {
    mkdirSync(options.dataDir, { recursive: true });
    const env = childEnv(options.dataDir, { TEMPORAL_ADDRESS: options.address, TEMPORAL_TASK_QUEUE: options.taskQueue });
    const config: ServiceConfig = loadConfig(env);
    // Opening the store and codec first creates the key files the worker then reads.
    const store = openStore(config);
    const dataConverter = encryptedDataConverter(loadPayloadCodec(config));
    const client = new Client({ connection: await Connection.connect({ address: options.address }), namespace: config.namespace, dataConverter });
    const worker = MeasuredProcess.start(join(__dirname, '../worker/main.js'), [], env, join(options.dataDir, 'worker.log'));
    const path = new TemporalPath({ client, store, taskQueue: options.taskQueue }, worker, options.sandboxes);
    await worker.guard(path.waitForPollers(), 'The worker');
    return path;
  }

  /** Connects the tenant (its first sync starts) or requests sync number `syncNumber`, and waits for it. */
  async sync(tenant: BenchTenant, syncNumber: number, settings: Partial<TenantSettings>): Promise<{ wallMs: number; status: TenantStatus }> {
    const started = Date.now();
    if (syncNumber === 1) {
      const account = this.sandboxes.learnamp.account(tenant.accountId);
      await connectTenant(this.context, {
        tenantId: tenant.tenantId,
        hibobBaseUrl: this.sandboxes.hibobUrl,
        serviceUserId: tenant.serviceUserId,
        hibobToken: tenant.token,
        learnampBaseUrl: this.sandboxes.learnampUrl,
        learnampClientId: account.clientId,
        learnampClientSecret: account.clientSecret,
        settings,
      });
    } else {
      await requestSync(this.context, tenant.tenantId, 'benchmark');
    }
    const status = await this.worker.guard(this.waitForSync(tenant.tenantId, syncNumber), 'The worker');
    if (status.lastRun?.outcome !== 'completed') {
      throw new Error(`Sync ${syncNumber} of ${tenant.tenantId} ended as ${status.lastRun?.outcome}: ${JSON.stringify(status.problems)}`);
    }
    return { wallMs: Date.now() - started, status };
  }

  async close(): Promise<void> {
    await this.worker.stop();
    await this.context.store.close();
    await this.context.client.connection.close();
  }

  /** Polls the status query every 50 ms, so the measured time is at most that much late. */
  private async waitForSync(tenantId: string, syncNumber: number): Promise<TenantStatus> {
    for (;;) {
      const status = await tenantStatus(this.context, tenantId).catch(() => null);
      if (status && status.syncsStarted >= syncNumber && !['validating', 'syncing'].includes(status.state)) return status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async waitForPollers(): Promise<void> {
    const { workflowService } = this.context.client.connection;
    for (;;) {
      const response = await workflowService.describeTaskQueue({
        namespace: this.context.client.options.namespace,
        taskQueue: { name: this.context.taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      });
      if ((response.pollers ?? []).length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The direct path: a long-lived child process running `directSync.js` against its own store. */
export class DirectPath {
  private constructor(
    private readonly dataDir: string,
    private readonly sandboxes: Sandboxes,
    readonly process: MeasuredProcess,
  ) {}

  static start(dataDir: string, sandboxes: Sandboxes): DirectPath {
    mkdirSync(dataDir, { recursive: true });
    const child = MeasuredProcess.start(join(__dirname, 'directSync.js'), [], childEnv(dataDir, {}), join(dataDir, 'direct.log'), { ipc: true });
    return new DirectPath(dataDir, sandboxes, child);
  }

  /** Stores the tenant's credentials and settings, as connect would, without starting a workflow. */
  async connect(tenant: BenchTenant, settings: TenantSettings): Promise<void> {
    const store: SyncStore = openStore(loadConfig(childEnv(this.dataDir, {})));
    const account = this.sandboxes.learnamp.account(tenant.accountId);
    try {
      await store.saveTenant(
        tenant.tenantId,
        {
          hibobBaseUrl: this.sandboxes.hibobUrl,
          serviceUserId: tenant.serviceUserId,
          learnampBaseUrl: this.sandboxes.learnampUrl,
          learnampClientId: account.clientId,
          learnampScopes: LEARNAMP_SCOPES,
          settings,
        },
        { hibobToken: tenant.token, learnampClientSecret: account.clientSecret },
      );
    } finally {
      await store.close();
    }
  }

  /** Runs sync number `syncNumber` in the child process and returns what it measured. */
  async sync(tenant: BenchTenant, syncNumber: number): Promise<DirectSyncResult> {
    const request: DirectSyncRequest = { tenantId: tenant.tenantId, syncId: `${tenant.tenantId}/sync-${syncNumber}-direct` };
    const reply = await this.process.request<DirectSyncReply>(request);
    if (!reply.ok) throw new Error(`The direct sync ${request.syncId} failed: ${reply.error}`);
    return reply.result;
  }

  async close(): Promise<void> {
    this.process.child.disconnect();
    await this.process.wait();
  }
}
