import axios from 'axios';
import { startSandboxes, type Sandboxes } from '../../sandbox';
import { TODAY, hibobClient } from './helpers';

describe('HiBob sandbox authentication', () => {
  let sandboxes: Sandboxes;
  let serviceUser: { id: string; token: string };

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    const company = sandboxes.hibob.addCompany({ companyId: 'acme', seed: 1, size: 50, today: TODAY });
    serviceUser = company.addServiceUser();
  });
  afterAll(async () => sandboxes.close());

  const search = (id: string, token: string) =>
    hibobClient(sandboxes.hibobUrl, id, token).post('/people/search', { fields: ['root.id'] });

  test('valid Basic auth returns 200', async () => {
    const response = await search(serviceUser.id, serviceUser.token);
    expect(response.status).toBe(200);
    expect(response.data.employees.length).toBeGreaterThan(0);
  });

  test('missing credentials return 401 JSON', async () => {
    const response = await axios.post(`${sandboxes.hibobUrl}/people/search`, {}, { validateStatus: () => true });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.data.error).toMatch(/credentials/);
  });

  test('wrong token returns 401', async () => {
    const response = await search(serviceUser.id, 'not-the-token');
    expect(response.status).toBe(401);
  });

  test('unknown service user returns 401', async () => {
    const response = await search('SERVICE-unknown', serviceUser.token);
    expect(response.status).toBe(401);
  });

  test('refreshed token revokes the old one', async () => {
    const company = sandboxes.hibob.company('acme');
    const user = company.addServiceUser();
    const newToken = company.refreshToken(user.id);

    expect(newToken).not.toBe(user.token);
    expect((await search(user.id, user.token)).status).toBe(401);
    expect((await search(user.id, newToken)).status).toBe(200);
  });

  test('request listener can refresh mid-sync', async () => {
    const company = sandboxes.hibob.company('acme');
    const user = company.addServiceUser();
    const refreshOnce = () => {
      company.refreshToken(user.id);
      sandboxes.hibob.off('request', refreshOnce);
    };
    sandboxes.hibob.on('request', refreshOnce);

    const first = await search(user.id, user.token);
    const second = await search(user.id, user.token);

    expect(first.status).toBe(200);
    expect(second.status).toBe(401);
  });

  test('requests are recorded with company and status', async () => {
    const before = sandboxes.hibob.requests.length;
    await search(serviceUser.id, serviceUser.token);
    await search(serviceUser.id, 'wrong');
    const [ok, rejected] = sandboxes.hibob.requests.slice(before);

    expect(ok).toMatchObject({ companyId: 'acme', serviceUserId: serviceUser.id, method: 'POST', status: 200 });
    expect(ok?.path).toBe('/v1/people/search');
    expect(ok?.body).toEqual({ fields: ['root.id'] });
    expect(rejected).toMatchObject({ companyId: null, serviceUserId: null, status: 401 });
  });

  test('service user never sees another company', async () => {
    const other = sandboxes.hibob.addCompany({ companyId: 'globex', seed: 2, size: 30, today: TODAY });
    const otherUser = other.addServiceUser();
    const acmeIds = new Set(sandboxes.hibob.company('acme').employees.map((employee) => employee.id));

    const response = await hibobClient(sandboxes.hibobUrl, otherUser.id, otherUser.token).post('/people/search', {
      fields: ['root.id'],
      showInactive: true,
    });
    const ids: string[] = response.data.employees.map((employee: { id: string }) => employee.id);

    expect(ids).toHaveLength(30);
    expect(ids.filter((id) => acmeIds.has(id))).toEqual([]);
  });

  test('id filter cannot reach another company', async () => {
    const acmeId = sandboxes.hibob.company('acme').employees[0]!.id;
    const otherUser = sandboxes.hibob.company('globex').addServiceUser();

    const response = await hibobClient(sandboxes.hibobUrl, otherUser.id, otherUser.token).post('/people/search', {
      filters: [{ fieldPath: 'root.id', operator: 'equals', values: [acmeId] }],
      showInactive: true,
    });

    expect(response.status).toBe(200);
    expect(response.data.employees).toEqual([]);
  });

  test('unknown company throws', () => {
    expect(() => sandboxes.hibob.company('nope')).toThrow(/not found/);
  });
});
