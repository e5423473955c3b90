import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminContext, connectTenant, tenantStatus } from '../../client/adminActions';
import { searchAttributeKeys } from '../../common/searchAttributes';
import type { TenantStatus } from '../../common/status';
import type { TenantSettings } from '../../common/tenant';
import { startSandboxes, Sandboxes, SandboxOptions } from '../../sandbox';
import { SecretBox } from '../../store/secretBox';
import { SqliteSyncStore } from '../../store/sqliteStore';
import type { SyncStore } from '../../store/types';
import { EncryptionCodec, encryptedDataConverter } from '../../worker/codec';
import { createSyncWorker } from '../../worker/createWorker';
import { findTemporalCli } from '../../worker/temporalCli';

/** A real Temporal dev server, both sandboxes, a sync store and a running worker, for one test file. */
export interface Harness {
  env: TestWorkflowEnvironment;
  client: Client;
  sandboxes: Sandboxes;
  store: SyncStore;
  context: AdminContext;
  /** Encrypts every payload of the client and the worker, as in production. */
  codec: EncryptionCodec;
  close(): Promise<void>;
}

/** `payloadKey` fixes the payload encryption key, so recorded histories can be decoded later. @default a random key */
export async function startHarness(sandboxOptions: SandboxOptions = {}, options: { payloadKey?: Buffer } = {}): Promise<Harness> {
  const cli = await findTemporalCli();
  const codec = new EncryptionCodec([options.payloadKey ?? randomBytes(32)]);
  const dataConverter = encryptedDataConverter(codec);
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cli }, ip: '127.0.0.1', ui: false, searchAttributes: searchAttributeKeys },
    client: { dataConverter },
  });
  const sandboxes = await startSandboxes(sandboxOptions);
  const dataDir = mkdtempSync(join(tmpdir(), 'hibob-sync-test-'));
  const store = SqliteSyncStore.open(join(dataDir, 'store.db'), new SecretBox([randomBytes(32)]));
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const worker: Worker = await createSyncWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    store,
    dataConverter,
    shutdownGraceTime: '2 seconds',
  });
  const running = worker.run();
  return {
    env,
    client: env.client,
    sandboxes,
    store,
    context: { client: env.client, store, taskQueue },
    codec,
    async close() {
      worker.shutdown();
      await running;
      await sandboxes.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
      await env.teardown();
    },
  };
}

export interface TestTenant {
  tenantId: string;
  companyId: string;
  serviceUserId: string;
  token: string;
  accountId: string;
}

/** Creates a HiBob company with a service user and a Learn Amp account for one tenant, without connecting. */
export function createTenantFixtures(
  harness: Harness,
  options: { tenantId: string; size: number; seed?: number; lifecycleStatuses?: string[] | 'all'; lifecycleSectionReadable?: boolean },
): TestTenant {
  const { hibob, learnamp } = harness.sandboxes;
  const company = hibob.addCompany({ companyId: `${options.tenantId}-co`, seed: options.seed ?? 7, size: options.size });
  const serviceUser = company.addServiceUser({
    permissionGroup: {
      lifecycleStatuses: (options.lifecycleStatuses ?? 'all') as never,
      lifecycleSectionReadable: options.lifecycleSectionReadable ?? true,
    },
  });
  learnamp.addAccount({ accountId: `${options.tenantId}-la` });
  return {
    tenantId: options.tenantId,
    companyId: company.companyId,
    serviceUserId: serviceUser.id,
    token: serviceUser.token,
    accountId: `${options.tenantId}-la`,
  };
}

/** Connects a tenant to its sandbox company and account, with a HiBob webhook secret when one is given. */
export async function connectTestTenant(
  harness: Harness,
  tenant: TestTenant,
  settings: Partial<TenantSettings> = {},
  hibobWebhookSecret?: string,
): Promise<void> {
  const account = harness.sandboxes.learnamp.account(tenant.accountId);
  await connectTenant(harness.context, {
    tenantId: tenant.tenantId,
    hibobBaseUrl: harness.sandboxes.hibobUrl,
    serviceUserId: tenant.serviceUserId,
    hibobToken: tenant.token,
    learnampBaseUrl: harness.sandboxes.learnampUrl,
    learnampClientId: account.clientId,
    learnampClientSecret: account.clientSecret,
    hibobWebhookSecret,
    settings: { invitePolicy: 'on_start_date', ...settings },
  });
}

/** Polls the `status` query until `done` holds, failing with the last status after `timeoutMs`. */
export async function waitForStatus(
  harness: Harness,
  tenantId: string,
  done: (status: TenantStatus) => boolean,
  timeoutMs = 120_000,
): Promise<TenantStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: TenantStatus | undefined;
  while (Date.now() < deadline) {
    try {
      last = await tenantStatus(harness.context, tenantId);
      if (done(last)) return last;
    } catch {
      // The workflow may not have started its first task yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out waiting for tenant ${tenantId}; last status: ${JSON.stringify(last, null, 2)}`);
}

/** Waits until the sync numbered `syncNumber` has finished (or paused) and the tenant is idle. */
export function waitForRun(harness: Harness, tenantId: string, syncNumber: number): Promise<TenantStatus> {
  return waitForStatus(
    harness,
    tenantId,
    (status) =>
      status.syncsStarted >= syncNumber &&
      status.lastRun !== null &&
      status.lastRun.syncId.includes(`/sync-${syncNumber}-`) &&
      !['validating', 'syncing'].includes(status.state),
  );
}
