import { defaultPayloadConverter } from '@temporalio/common';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type pino from 'pino';
import { connectTenant, refreshToken } from '../../client/adminActions';
import { checkEndState } from '../../client/endStateCheck';
import type { HiBobRequestRecord } from '../../sandbox';
import { ENCRYPTED_ENCODING } from '../../worker/codec';
import { buildCodecServer } from '../../worker/codecServer';
import { createLogger, runtimeLoggerFor } from '../../worker/logger';
import { findTemporalCli } from '../../worker/temporalCli';
import { buildApiServer, type ApiServer } from '../../api/server';
import type { AddressInfo } from 'node:net';
import { runtimeLogEntries } from '../setup/runtimeLog';
import { createTenantFixtures, Harness, startHarness, TestTenant, waitForStatus } from '../helpers/harness';
import { collectPayloads, encodingOf, exportAllHistories, ExportedHistory, findLeaks } from '../helpers/historyExport';
import { seedLinkedUsers, today, userOf } from '../helpers/learnamp';
import { TEST_API_KEY } from '../helpers/apiServer';

const execFileAsync = promisify(execFile);
const TENANT_ID = 'secrets';
const WEBHOOK_SECRET = 'whsec-secrets-tenant-0123456789';

let logDir: string;
let logFile: string;
let logger: pino.Logger;
let harness: Harness;
let api: ApiServer;
let apiUrl: string;
let tenant: TestTenant;
const hibobTokens: string[] = [];
const accessTokens: string[] = [];
let histories: ExportedHistory[];

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'hibob-sync-secrets-'));
  logFile = join(logDir, 'service.log');
  // The API logs to the service's pino logger; the Runtime's entries are captured by the test setup file.
  logger = createLogger('debug', 'hibob-sync-test', logFile);
  harness = await startHarness();
  api = await buildApiServer({ context: harness.context, apiKeys: [TEST_API_KEY], webhookFlushIntervalMs: 500, logger });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  apiUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  await runDemoScenario();
  histories = await exportAllHistories(harness.client);
}, 300_000);

afterAll(async () => {
  await api?.app.close();
  await harness?.close();
  rmSync(logDir, { recursive: true, force: true });
});

/**
 * Runs the demo's story: a permission group scoped to Employed, leavers left active in Learn Amp, the fix
 * with a refreshed token, a second refresh in the middle of the next sync, and a leaver reported by webhook.
 */
async function runDemoScenario(): Promise<void> {
  tenant = createTenantFixtures(harness, { tenantId: TENANT_ID, size: 150, seed: 11, lifecycleStatuses: ['employed'] });
  const company = harness.sandboxes.hibob.company(tenant.companyId);
  const account = harness.sandboxes.learnamp.account(tenant.accountId);
  const issueToken = account.issueToken.bind(account);
  account.issueToken = (...args) => {
    const token = issueToken(...args);
    accessTokens.push(token.token);
    return token;
  };
  seedLinkedUsers(harness, tenant, company.employees.filter((e) => e.lifecycleStatus === 'terminated'));
  hibobTokens.push(tenant.token);

  await connectTenant(harness.context, {
    tenantId: TENANT_ID,
    hibobBaseUrl: harness.sandboxes.hibobUrl,
    serviceUserId: tenant.serviceUserId,
    hibobToken: tenant.token,
    learnampBaseUrl: harness.sandboxes.learnampUrl,
    learnampClientId: account.clientId,
    learnampClientSecret: account.clientSecret,
    hibobWebhookSecret: WEBHOOK_SECRET,
    settings: { batchSize: 30 },
  });
  await waitForStatus(harness, TENANT_ID, (s) => s.syncsStarted >= 1 && s.state === 'degraded');

  // The admin ticks every status and refreshes the token; HiBob revokes that token again after two batches.
  company.setPermissionGroup(tenant.serviceUserId, { lifecycleStatuses: 'all', lifecycleSectionReadable: true });
  let batchReads = 0;
  const revokeAfterSecondBatch = (record: HiBobRequestRecord) => {
    const batchRead = record.path === '/v1/people/search' && Array.isArray((record.body as { filters?: unknown })?.filters);
    if (record.companyId !== tenant.companyId || !batchRead || record.status !== 200 || ++batchReads !== 2) return;
    harness.sandboxes.hibob.off('request', revokeAfterSecondBatch);
    hibobTokens.push(company.refreshToken(tenant.serviceUserId));
  };
  harness.sandboxes.hibob.on('request', revokeAfterSecondBatch);
  const fixedToken = company.refreshToken(tenant.serviceUserId);
  hibobTokens.push(fixedToken);
  await refreshToken(harness.context, TENANT_ID, fixedToken);
  await waitForStatus(harness, TENANT_ID, (s) => s.problems.some((p) => p.code === 'hibob_token_revoked'));
  await refreshToken(harness.context, TENANT_ID, hibobTokens[hibobTokens.length - 1]!);
  await waitForStatus(harness, TENANT_ID, (s) => s.state === 'healthy' && s.lastRun?.outcome === 'completed');

  // A leaver reported through the webhook receiver.
  company.setWebhook({ url: `${apiUrl}/webhooks/hibob/${TENANT_ID}`, secret: WEBHOOK_SECRET });
  const leaver = company.employees.find((e) => e.lifecycleStatus === 'employed' && e.email && e.reportsTo)!;
  company.terminate(leaver.id);
  await waitFor(() => userOf(harness, tenant, leaver.id)?.status === 'deactivated', 'the webhook leaver to be deactivated');
  await waitForStatus(harness, TENANT_ID, (s) => s.state === 'healthy');

  // Writes the Runtime's entries through the same pino logger, as the worker process does.
  const runtimeLogger = runtimeLoggerFor(logger);
  for (const entry of runtimeLogEntries) runtimeLogger.log(entry.level, entry.message, entry.meta);
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
}

/** Serializes captured Runtime entries, errors included, as they were before any redaction. */
function rawRuntimeLog(): string {
  const withErrors = (_key: string, value: unknown) => (value instanceof Error ? { message: value.message, stack: value.stack, cause: value.cause } : value);
  return runtimeLogEntries.map((entry) => JSON.stringify({ ...entry, timestampNanos: undefined }, withErrors)).join('\n');
}

async function waitFor(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every value that must never appear in plaintext: credentials in raw and Basic-auth form, and emails. */
function secretValues(): string[] {
  const company = harness.sandboxes.hibob.company(tenant.companyId);
  const account = harness.sandboxes.learnamp.account(tenant.accountId);
  const basicAuth = hibobTokens.map((token) => Buffer.from(`${tenant.serviceUserId}:${token}`).toString('base64'));
  return [...hibobTokens, ...basicAuth, account.clientSecret, ...accessTokens, WEBHOOK_SECRET, TEST_API_KEY, ...emails()];
  function emails(): string[] {
    const fromHiBob = company.employees.flatMap((e) => (e.email ? [e.email, e.email.toLowerCase()] : []));
    const fromLearnAmp = account.users.map((user) => user.email);
    return [...fromHiBob, ...fromLearnAmp];
  }
}

describe('secrets in a demo run', () => {
  test('scenario ran to a correct end', () => {
    const company = harness.sandboxes.hibob.company(tenant.companyId);
    const users = harness.sandboxes.learnamp.account(tenant.accountId).users;
    expect(hibobTokens).toHaveLength(3);
    expect(accessTokens.length).toBeGreaterThan(0);
    expect(checkEndState(company.employees, users, today()).failures).toEqual([]);
  });

  test('histories were exported', () => {
    const workflowIds = histories.map((h) => h.workflowId);
    expect(workflowIds).toContain(`hibob-sync/${TENANT_ID}`);
    expect(workflowIds.filter((id) => id.startsWith(`hibob-sync/${TENANT_ID}/sync-`)).length).toBeGreaterThanOrEqual(3);
  });

  test('no secret in any history', () => {
    const secrets = secretValues();
    for (const exported of histories) {
      expect({ workflowId: exported.workflowId, leaks: findLeaks(exported.bytes, secrets) }).toEqual({ workflowId: exported.workflowId, leaks: [] });
    }
  });

  test('every payload is encrypted', () => {
    const payloads = histories.flatMap((exported) => collectPayloads(exported.history).map((found) => ({ ...found, workflowId: exported.workflowId })));
    const plaintext = payloads.filter((found) => encodingOf(found.payload) !== ENCRYPTED_ENCODING).map((found) => `${found.workflowId} ${found.path}`);
    expect(payloads.length).toBeGreaterThan(100);
    expect(plaintext).toEqual([]);
  });

  test('decoded payloads carry no secret', async () => {
    const secrets = secretValues();
    for (const exported of histories) {
      const encrypted = collectPayloads(exported.history).map((found) => found.payload);
      const decoded = await harness.codec.decode(encrypted);
      const text = decoded.map((payload) => Buffer.from(payload.data ?? new Uint8Array()).toString('utf8')).join('\n');
      expect(text).toContain(TENANT_ID);
      expect({ workflowId: exported.workflowId, leaks: findLeaks(text, secrets) }).toEqual({ workflowId: exported.workflowId, leaks: [] });
    }
  });

  test('decoded workflow inputs carry no email', async () => {
    const emails = secretValues().filter((value) => value.includes('@'));
    for (const exported of histories) {
      const started = exported.history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const input = await harness.codec.decode(started?.input?.payloads ?? []);
      const values = input.map((payload) => JSON.stringify(defaultPayloadConverter.fromPayload(payload)));
      expect(values.length).toBeGreaterThan(0);
      expect(findLeaks(values.join('\n'), emails)).toEqual([]);
    }
  });

  test('CLI export shows no secret', async () => {
    const cli = await findTemporalCli();
    const { stdout } = await execFileAsync(
      cli,
      ['workflow', 'show', '--workflow-id', `hibob-sync/${TENANT_ID}`, '--address', harness.env.address, '--namespace', 'default', '--output', 'json'],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    expect(stdout.length).toBeGreaterThan(1000);
    expect(stdout).toContain(Buffer.from(ENCRYPTED_ENCODING).toString('base64'));
    expect(findLeaks(stdout, secretValues())).toEqual([]);
  });

  test('CLI with codec server decrypts', async () => {
    const cli = await findTemporalCli();
    const codecServer = buildCodecServer({ codec: harness.codec, allowedOrigins: [], logger: false });
    await codecServer.listen({ host: '127.0.0.1', port: 0 });
    const codecUrl = `http://127.0.0.1:${(codecServer.server.address() as AddressInfo).port}`;
    try {
      const args = ['workflow', 'show', '--workflow-id', `hibob-sync/${TENANT_ID}`, '--address', harness.env.address, '--output', 'json'];
      const { stdout } = await execFileAsync(cli, [...args, '--codec-endpoint', codecUrl], { maxBuffer: 64 * 1024 * 1024 });
      // The CLI prints decoded payloads in proto JSON, so their data is still base64.
      const data = [...stdout.matchAll(/"data": "([A-Za-z0-9+/=]*)"/g)].map((match) => Buffer.from(match[1]!, 'base64').toString('utf8'));
      expect(stdout).not.toContain(Buffer.from(ENCRYPTED_ENCODING).toString('base64'));
      expect(data).toContain(JSON.stringify({ tenantId: TENANT_ID }));
      expect(findLeaks(data.join('\n'), secretValues())).toEqual([]);
    } finally {
      await codecServer.close();
    }
  });

  test('no secret in the log file', () => {
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('Sent webhook changes to the tenant workflow');
    expect(log).toContain('Sync starting');
    expect(findLeaks(log, secretValues())).toEqual([]);
  });

  test('no secret logged before redaction', () => {
    expect(runtimeLogEntries.length).toBeGreaterThan(20);
    expect(findLeaks(rawRuntimeLog(), secretValues())).toEqual([]);
  });
});
