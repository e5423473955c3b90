import axios from 'axios';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBobSignature } from '../../api/webhooks';
import { signWebhookBody, startSandboxes, type HiBobCompany, type Sandboxes } from '../../sandbox';
import { SecretBox } from '../../store/secretBox';
import { SqliteSyncStore } from '../../store/sqliteStore';
import type { TenantConnection } from '../../store/types';
import { tenantSettingsWithDefaults } from '../../common/tenant';
import { recordingClient, RecordedSignal, startTestApi, TestApi } from '../helpers/apiServer';

const WEBHOOK_SECRET = 'whsec-acme-0123456789';
const FLUSH_INTERVAL_MS = 1000;

let sandboxes: Sandboxes;
let company: HiBobCompany;
let store: SqliteSyncStore;
let dataDir: string;
let api: TestApi;
const signals: RecordedSignal[] = [];

const connection: TenantConnection = {
  hibobBaseUrl: 'http://127.0.0.1:1/v1',
  serviceUserId: 'service-user',
  learnampBaseUrl: 'http://127.0.0.1:1',
  learnampClientId: 'client',
  learnampScopes: 'users:read',
  settings: tenantSettingsWithDefaults({}),
};

beforeAll(async () => {
  sandboxes = await startSandboxes();
  company = sandboxes.hibob.addCompany({ companyId: 'acme-co', seed: 3, size: 1000 });
  dataDir = mkdtempSync(join(tmpdir(), 'hibob-sync-webhooks-'));
  store = SqliteSyncStore.open(join(dataDir, 'store.db'), new SecretBox([randomBytes(32)]));
  await store.saveTenant('acme', connection, { hibobToken: 'token', learnampClientSecret: 'secret', hibobWebhookSecret: WEBHOOK_SECRET });
  await store.saveTenant('nosecret', connection, { hibobToken: 'token', learnampClientSecret: 'secret' });
  api = await startTestApi({ client: recordingClient(signals), store, taskQueue: 'unused' }, FLUSH_INTERVAL_MS);
});

afterAll(async () => {
  await api?.close();
  await sandboxes?.close();
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await api.batcher.flushAll();
  signals.length = 0;
  company.setWebhook({ url: `${api.url}/webhooks/hibob/acme`, secret: WEBHOOK_SECRET });
});

const employeeIds = () => company.employees.map((employee) => employee.id);
const signalledIds = () => signals.flatMap((signal) => (signal.arg as { employeeIds: string[] }).employeeIds);

/** Posts a body as HiBob would, with the given Bob-Signature (none when undefined). */
async function post(path: string, body: string, signature: string | undefined) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (signature !== undefined) headers['Bob-Signature'] = signature;
  return axios.post(`${api.url}${path}`, body, { headers, validateStatus: () => true, transformRequest: [(data: string) => data] });
}

function eventBody(employeeId: string, type = 'employee.updated'): string {
  return JSON.stringify({ companyId: 'acme-co', type, triggeredBy: 'test', triggeredAt: new Date().toISOString(), version: 'v2', data: { employeeId } });
}

describe('verifyBobSignature', () => {
  const body = Buffer.from(eventBody('1'));
  const valid = signWebhookBody(WEBHOOK_SECRET, body.toString());

  test('accepts the HMAC of the body', () => {
    expect(verifyBobSignature(WEBHOOK_SECRET, body, valid)).toBe(true);
  });

  test('rejects another secret', () => {
    expect(verifyBobSignature('other-secret', body, valid)).toBe(false);
  });

  test('rejects a truncated signature', () => {
    expect(verifyBobSignature(WEBHOOK_SECRET, body, valid.slice(0, 40))).toBe(false);
  });

  test('rejects a missing signature', () => {
    expect(verifyBobSignature(WEBHOOK_SECRET, body, undefined)).toBe(false);
  });
});

describe('webhook receiver', () => {
  test('valid signature is queued and signalled', async () => {
    const employeeId = employeeIds()[0]!;
    const delivery = await company.sendWebhook('employee.updated', employeeId, { fieldIds: ['work.title'] });
    expect(delivery.status).toBe(202);

    await api.batcher.flushAll();
    expect(signals).toEqual([{ workflowId: 'hibob-sync/acme', signal: 'employeesChanged', arg: { employeeIds: [employeeId] } }]);
  });

  test('forged signature is rejected', async () => {
    const delivery = await company.sendWebhook('employee.left', employeeIds()[1]!, { signature: 'forged' });
    expect(delivery.status).toBe(401);
    expect(api.batcher.queuedIds).toBe(0);
  });

  test('missing signature is rejected', async () => {
    const response = await post('/webhooks/hibob/acme', eventBody(employeeIds()[1]!), undefined);
    expect(response.status).toBe(401);
    expect(response.data).toEqual({ error: 'Missing or invalid Bob-Signature' });
  });

  test('truncated signature is rejected', async () => {
    const body = eventBody(employeeIds()[1]!);
    const response = await post('/webhooks/hibob/acme', body, signWebhookBody(WEBHOOK_SECRET, body).slice(0, -8));
    expect(response.status).toBe(401);
  });

  test('altered body is rejected', async () => {
    const signature = signWebhookBody(WEBHOOK_SECRET, eventBody('1111'));
    const response = await post('/webhooks/hibob/acme', eventBody('2222'), signature);
    expect(response.status).toBe(401);
  });

  test('other secret is rejected', async () => {
    company.setWebhook({ url: `${api.url}/webhooks/hibob/acme`, secret: 'not-the-tenant-secret' });
    const delivery = await company.sendWebhook('employee.updated', employeeIds()[1]!);
    expect(delivery.status).toBe(401);
  });

  test('unknown tenant looks like a bad signature', async () => {
    const body = eventBody(employeeIds()[1]!);
    const unknown = await post('/webhooks/hibob/no-such-tenant', body, signWebhookBody(WEBHOOK_SECRET, body));
    const badSignature = await post('/webhooks/hibob/acme', body, signWebhookBody('wrong', body));
    expect(unknown.status).toBe(401);
    expect(unknown.data).toEqual(badSignature.data);
  });

  test('tenant without webhook secret is rejected', async () => {
    const body = eventBody(employeeIds()[1]!);
    const response = await post('/webhooks/hibob/nosecret', body, signWebhookBody('', body));
    expect(response.status).toBe(401);
  });

  test('oversized body is rejected', async () => {
    const body = JSON.stringify({ type: 'employee.updated', data: { employeeId: '1' }, padding: 'x'.repeat(1024 * 1024) });
    const response = await post('/webhooks/hibob/acme', body, signWebhookBody(WEBHOOK_SECRET, body));
    expect(response.status).toBe(413);
    expect(api.batcher.queuedIds).toBe(0);
  });

  test('signed body that is not JSON is rejected', async () => {
    const response = await post('/webhooks/hibob/acme', 'not json', signWebhookBody(WEBHOOK_SECRET, 'not json'));
    expect(response.status).toBe(400);
  });

  test('event without employee is ignored', async () => {
    const body = JSON.stringify({ companyId: 'acme-co', type: 'company.updated', version: 'v2', data: {} });
    const response = await post('/webhooks/hibob/acme', body, signWebhookBody(WEBHOOK_SECRET, body));
    expect(response.status).toBe(202);
    expect(response.data).toEqual({ status: 'ignored' });
  });

  test('replayed delivery queues nothing more', async () => {
    const employeeId = employeeIds()[2]!;
    const body = eventBody(employeeId, 'employee.left');
    const signature = signWebhookBody(WEBHOOK_SECRET, body);
    const first = await post('/webhooks/hibob/acme', body, signature);
    await api.batcher.flushAll();
    const replay = await post('/webhooks/hibob/acme', body, signature);
    await api.batcher.flushAll();

    expect(first.data).toEqual({ status: 'queued' });
    expect(replay.status).toBe(202);
    expect(replay.data).toEqual({ status: 'duplicate' });
    expect(signalledIds()).toEqual([employeeId]);
  });

  test('burst of 5000 events becomes few signals', async () => {
    const ids = employeeIds();
    const startedAt = Date.now();
    const statuses: (number | null)[] = [];
    for (let sent = 0; sent < 5000; sent += 250) {
      const chunk = Array.from({ length: 250 }, (_, i) => company.sendWebhook('employee.updated', ids[(sent + i) % ids.length]!));
      statuses.push(...(await Promise.all(chunk)).map((delivery) => delivery.status));
    }
    const sendingMs = Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, FLUSH_INTERVAL_MS + 200));
    await api.batcher.flushAll();

    expect(statuses.filter((status) => status === 202)).toHaveLength(5000);
    // One signal at the start of the burst, then at most one per interval.
    expect(signals.length).toBeLessThanOrEqual(Math.ceil(sendingMs / FLUSH_INTERVAL_MS) + 2);
    expect(new Set(signalledIds())).toEqual(new Set(ids));
    expect(signals.every((signal) => signal.workflowId === 'hibob-sync/acme')).toBe(true);
  });
});
