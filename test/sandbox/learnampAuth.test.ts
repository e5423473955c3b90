import axios from 'axios';
import { startSandboxes, type LearnAmpAccount, type Sandboxes } from '../../sandbox';
import { learnampClient, learnampToken } from './helpers';

describe('Learn Amp sandbox authentication', () => {
  let sandboxes: Sandboxes;
  let account: LearnAmpAccount;

  beforeAll(async () => {
    sandboxes = await startSandboxes({ learnamp: { tokenTtlSeconds: 2 } });
    account = sandboxes.learnamp.addAccount({ accountId: 'acme' });
  });
  afterAll(async () => sandboxes.close());

  const requestToken = (body: Record<string, string>, asJson = false) =>
    axios.post(`${sandboxes.learnampUrl}/oauth/token`, asJson ? body : new URLSearchParams(body), {
      validateStatus: () => true,
    });
  const credentials = () => ({
    client_id: account.clientId,
    client_secret: account.clientSecret,
    grant_type: 'client_credentials',
  });

  test('form token request returns a Bearer token', async () => {
    const response = await requestToken(credentials());
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 2,
      scope: expect.stringContaining('users:read'),
      created_at: expect.any(Number),
    });
  });

  test('JSON token request is accepted', async () => {
    const response = await requestToken(credentials(), true);
    expect(response.status).toBe(200);
  });

  test('wrong secret returns invalid_client', async () => {
    const response = await requestToken({ ...credentials(), client_secret: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.data.error).toBe('invalid_client');
  });

  test('other grant type is rejected', async () => {
    const response = await requestToken({ ...credentials(), grant_type: 'password' });
    expect(response.status).toBe(400);
    expect(response.data.error).toBe('unsupported_grant_type');
  });

  test('scope not granted returns invalid_scope', async () => {
    const limited = sandboxes.learnamp.addAccount({ accountId: 'limited', scopes: ['users:read'] });
    const response = await requestToken({
      client_id: limited.clientId,
      client_secret: limited.clientSecret,
      grant_type: 'client_credentials',
      scope: 'users:read users:create',
    });
    expect(response.status).toBe(400);
    expect(response.data.error).toBe('invalid_scope');
  });

  test('granular client must name scopes', async () => {
    const granular = sandboxes.learnamp.addAccount({
      accountId: 'granular',
      scopes: ['users:read', 'users:create'],
      granularScopes: true,
    });
    const body = {
      client_id: granular.clientId,
      client_secret: granular.clientSecret,
      grant_type: 'client_credentials',
    };

    const withoutScope = await requestToken(body);
    const withScope = await requestToken({ ...body, scope: 'users:read' });

    expect(withoutScope.status).toBe(400);
    expect(withoutScope.data.error).toBe('invalid_scope');
    expect(withScope.status).toBe(200);
    expect(withScope.data.scope).toBe('users:read');
  });

  test('missing token returns 401', async () => {
    const response = await learnampClient(sandboxes.learnampUrl).get('/v1/users');
    expect(response.status).toBe(401);
    expect(response.data.error).toMatch(/access token/);
  });

  test('token without the scope returns 403', async () => {
    const token = await learnampToken(sandboxes.learnampUrl, account, 'users:read');
    const client = learnampClient(sandboxes.learnampUrl, token);

    const read = await client.get('/v1/users');
    const create = await client.post('/v1/users', { email: 'a@example.com', firstName: 'A', lastName: 'B' });

    expect(read.status).toBe(200);
    expect(create.status).toBe(403);
    expect(create.data).toEqual({ error: 'Access to this resource requires scope "users:create".' });
  });

  test('revoked tokens return 401', async () => {
    const other = sandboxes.learnamp.addAccount({ accountId: 'revoked' });
    const token = await learnampToken(sandboxes.learnampUrl, other);
    other.revokeTokens();
    const response = await learnampClient(sandboxes.learnampUrl, token).get('/v1/users');
    expect(response.status).toBe(401);
  });

  test('expired token returns 401', async () => {
    const token = await learnampToken(sandboxes.learnampUrl, account);
    const client = learnampClient(sandboxes.learnampUrl, token);
    expect((await client.get('/v1/users')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await client.get('/v1/users')).status).toBe(401);
  });

  test('setScopes applies to new tokens only', async () => {
    const changing = sandboxes.learnamp.addAccount({ accountId: 'changing' });
    const oldToken = await learnampToken(sandboxes.learnampUrl, changing);
    changing.setScopes(['users:read']);
    const newToken = await learnampToken(sandboxes.learnampUrl, changing);
    const body = { email: 'c@example.com', firstName: 'C', lastName: 'D' };

    expect((await learnampClient(sandboxes.learnampUrl, oldToken).post('/v1/users', body)).status).toBe(201);
    expect((await learnampClient(sandboxes.learnampUrl, newToken).post('/v1/users', body)).status).toBe(403);
  });

  test('token of one account cannot reach another', async () => {
    const other = sandboxes.learnamp.addAccount({ accountId: 'other' });
    const stranger = other.seedUser({ email: 'x@example.com', firstName: 'X', lastName: 'Y' });
    const token = await learnampToken(sandboxes.learnampUrl, account);
    const client = learnampClient(sandboxes.learnampUrl, token);

    const response = await client.get(`/v1/users/${stranger.id}`);
    const list = await client.get('/v1/users', { params: { 'filters[email]': 'x@example.com' } });

    expect(response.status).toBe(404);
    expect(response.data).toEqual({ error: 'Not found' });
    expect(list.data.users).toEqual([]);
  });

  test('token requests are recorded without secrets', async () => {
    const before = sandboxes.learnamp.requests.length;
    await requestToken(credentials());
    const [record] = sandboxes.learnamp.requests.slice(before);
    expect(record).toMatchObject({ accountId: 'acme', kind: 'token', status: 200, path: '/oauth/token' });
    expect(record).not.toHaveProperty('body');
  });
});
