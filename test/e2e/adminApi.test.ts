import axios from 'axios';
import { buildApiServer } from '../../api/server';
import { loadApiConfig, parseApiKeys } from '../../api/config';
import { createTenantFixtures, Harness, startHarness, TestTenant, waitForStatus } from '../helpers/harness';
import { startTestApi, TEST_API_KEY, TestApi } from '../helpers/apiServer';

let harness: Harness;
let api: TestApi;
let tenant: TestTenant;

beforeAll(async () => {
  harness = await startHarness();
  api = await startTestApi(harness.context);
  tenant = createTenantFixtures(harness, { tenantId: 'apitenant', size: 40 });
});

afterAll(async () => {
  await api?.close();
  await harness?.close();
});

const auth = { Authorization: `Bearer ${TEST_API_KEY}` };

function request(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = auth) {
  return axios.request({ method, url: `${api.url}${path}`, data: body, headers, validateStatus: () => true });
}

function connectBody(overrides: Record<string, unknown> = {}) {
  const account = harness.sandboxes.learnamp.account(tenant.accountId);
  return {
    hibobBaseUrl: harness.sandboxes.hibobUrl,
    serviceUserId: tenant.serviceUserId,
    hibobToken: tenant.token,
    learnampBaseUrl: harness.sandboxes.learnampUrl,
    learnampClientId: account.clientId,
    learnampClientSecret: account.clientSecret,
    hibobWebhookSecret: 'webhook-secret-of-apitenant',
    ...overrides,
  };
}

describe('admin API configuration', () => {
  test('no API key refuses to start', () => {
    expect(() => loadApiConfig({})).toThrow('HIBOB_SYNC_API_KEYS is not set');
  });

  test('short API key is rejected', () => {
    expect(() => parseApiKeys('short')).toThrow('HIBOB_SYNC_API_KEYS entry 1 is 5 characters long');
  });

  test('binds to loopback by default', () => {
    expect(loadApiConfig({ HIBOB_SYNC_API_KEYS: TEST_API_KEY }).host).toBe('127.0.0.1');
  });

  test('server without keys is not built', async () => {
    await expect(buildApiServer({ context: harness.context, apiKeys: [], webhookFlushIntervalMs: 1000, logger: false })).rejects.toThrow(
      'at least one API key',
    );
  });
});

describe('admin API authentication', () => {
  test('missing bearer key is 401', async () => {
    const response = await request('GET', '/admin/tenants/apitenant/status', undefined, {});
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  test('wrong bearer key is 401', async () => {
    const response = await request('GET', '/admin/tenants/apitenant/status', undefined, { Authorization: `Bearer ${TEST_API_KEY}x` });
    expect(response.status).toBe(401);
  });

  test('basic auth is 401', async () => {
    const basic = `Basic ${Buffer.from(`admin:${TEST_API_KEY}`).toString('base64')}`;
    const response = await request('GET', '/admin/tenants/apitenant/status', undefined, { Authorization: basic });
    expect(response.status).toBe(401);
  });
});

describe('admin API validation', () => {
  test('missing token names the field', async () => {
    const { hibobToken: _omitted, ...body } = connectBody();
    const response = await request('POST', '/admin/tenants/apitenant/connect', body);
    expect(response.status).toBe(400);
    expect(Object.keys(response.data.fields)).toEqual(['hibobToken']);
    expect(response.data.error).toContain('hibobToken');
  });

  test('invalid URL names the field', async () => {
    const response = await request('POST', '/admin/tenants/apitenant/connect', connectBody({ learnampBaseUrl: 'ftp://example.test' }));
    expect(response.status).toBe(400);
    expect(response.data.fields).toEqual({ learnampBaseUrl: 'must be an http or https URL' });
  });

  test('invalid setting names the nested field', async () => {
    const response = await request('POST', '/admin/tenants/apitenant/connect', connectBody({ settings: { batchSize: 0 } }));
    expect(response.status).toBe(400);
    expect(Object.keys(response.data.fields)).toEqual(['settings.batchSize']);
  });

  test('invalid tenant id names the field', async () => {
    const response = await request('POST', '/admin/tenants/Not_Valid!/connect', connectBody());
    expect(response.status).toBe(400);
    expect(Object.keys(response.data.fields)).toEqual(['tenantId']);
  });

  test('invalid request echoes no secret', async () => {
    const response = await request('POST', '/admin/tenants/apitenant/connect', connectBody({ hibobBaseUrl: 'not a url' }));
    const text = JSON.stringify(response.data);
    expect(response.status).toBe(400);
    expect(text).not.toContain(tenant.token);
    expect(text).not.toContain(connectBody().learnampClientSecret);
  });

  test('malformed JSON echoes no secret', async () => {
    const malformed = `{"hibobToken": "${tenant.token}", `;
    const response = await axios.post(`${api.url}/admin/tenants/apitenant/connect`, malformed, {
      headers: { ...auth, 'Content-Type': 'application/json' },
      validateStatus: () => true,
      transformRequest: [(data: string) => data],
    });
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ error: 'Body is not valid JSON' });
  });

  test('refresh without token names the field', async () => {
    const response = await request('POST', '/admin/tenants/apitenant/refresh-token', {});
    expect(response.status).toBe(400);
    expect(Object.keys(response.data.fields)).toEqual(['hibobToken']);
  });

  test('unknown tenant is 404', async () => {
    const responses = await Promise.all([
      request('GET', '/admin/tenants/nobody/status'),
      request('POST', '/admin/tenants/nobody/sync', {}),
      request('POST', '/admin/tenants/nobody/refresh-token', { hibobToken: 'new-token' }),
    ]);
    expect(responses.map((response) => response.status)).toEqual([404, 404, 404]);
  });
});

describe('admin API actions', () => {
  test('connect, sync, status and disconnect', async () => {
    const connected = await request('POST', '/admin/tenants/apitenant/connect', connectBody({ settings: { batchSize: 20 } }));
    expect(connected.status).toBe(202);
    expect(connected.data).toEqual({ tenantId: 'apitenant', workflowId: 'hibob-sync/apitenant' });
    const stored = await harness.store.getTenant('apitenant');
    expect(stored?.secrets.hibobWebhookSecret).toBe('webhook-secret-of-apitenant');

    await waitForStatus(harness, 'apitenant', (status) => status.state === 'healthy');
    const status = await request('GET', '/admin/tenants/apitenant/status');
    expect(status.status).toBe(200);
    expect(status.data.state).toBe('healthy');
    expect(JSON.stringify(status.data)).not.toContain(tenant.token);

    const sync = await request('POST', '/admin/tenants/apitenant/sync', { reason: 'API test' });
    expect(sync.status).toBe(202);
    await waitForStatus(harness, 'apitenant', (s) => s.syncsStarted >= 2 && s.state === 'healthy');

    const permissions = await request('POST', '/admin/tenants/apitenant/permissions-changed', {});
    expect(permissions.status).toBe(202);
    await waitForStatus(harness, 'apitenant', (s) => s.syncsStarted >= 3 && s.state === 'healthy');

    const company = harness.sandboxes.hibob.company(tenant.companyId);
    const refreshed = await request('POST', '/admin/tenants/apitenant/refresh-token', { hibobToken: company.refreshToken(tenant.serviceUserId) });
    expect(refreshed.status).toBe(202);
    expect(refreshed.data).toEqual({ tenantId: 'apitenant' });
    await waitForStatus(harness, 'apitenant', (s) => s.syncsStarted >= 4 && s.state === 'healthy');

    const disconnected = await request('POST', '/admin/tenants/apitenant/disconnect', {});
    expect(disconnected.status).toBe(202);
    await waitForStatus(harness, 'apitenant', (s) => s.state === 'disconnected');
    expect(await harness.store.getTenant('apitenant')).toBeNull();
  });
});
