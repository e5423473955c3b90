import type { AxiosInstance } from 'axios';
import { startSandboxes, type HiBobCompany, type Sandboxes } from '../../sandbox';
import { TODAY, hibobClient } from './helpers';

describe('HiBob sandbox metadata', () => {
  let sandboxes: Sandboxes;
  let company: HiBobCompany;
  let client: AxiosInstance;

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    company = sandboxes.hibob.addCompany({ companyId: 'acme', seed: 3, size: 20, today: TODAY });
    const user = company.addServiceUser({
      permissionGroup: { lifecycleStatuses: [], lifecycleSectionReadable: false },
    });
    client = hibobClient(sandboxes.hibobUrl, user.id, user.token);
  });
  afterAll(async () => sandboxes.close());

  test('named-lists returns the three lists', async () => {
    const response = await client.get('/company/named-lists');
    expect(response.status).toBe(200);
    expect(Object.keys(response.data).sort()).toEqual(['department', 'site', 'title']);
    expect(response.data.site.name).toBe('site');
    expect(response.data.site.values).toEqual(company.sites);
  });

  test('archived items only on request', async () => {
    const active = await client.get('/company/named-lists/department');
    const all = await client.get('/company/named-lists/department', { params: { includeArchived: true } });
    const archived = company.departments.filter((item) => item.archived);

    expect(archived.length).toBeGreaterThan(0);
    expect(active.data.values).toHaveLength(company.departments.length - archived.length);
    expect(all.data.values).toHaveLength(company.departments.length);
  });

  test('list item has id, value and name', async () => {
    const response = await client.get('/company/named-lists/title');
    expect(response.data.values[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      value: expect.any(String),
      name: expect.any(String),
      archived: false,
      children: [],
    });
  });

  test('unknown list returns 404', async () => {
    const response = await client.get('/company/named-lists/nope');
    expect(response.status).toBe(404);
    expect(response.data.error).toMatch(/nope/);
  });

  test('fields endpoint needs no permission', async () => {
    const response = await client.get('/company/people/fields');
    const ids = (response.data as Array<{ id: string }>).map((field) => field.id);
    expect(response.status).toBe(200);
    expect(ids).toContain('internal.lifecycleStatus');
    expect(ids).toContain('work.reportsTo');
    expect(response.data[0]).toMatchObject({ id: 'root.id', name: expect.any(String), category: 'root', type: 'text' });
  });

  test('fields endpoint still needs credentials', async () => {
    const response = await hibobClient(sandboxes.hibobUrl, 'SERVICE-1', 'wrong').get('/company/people/fields');
    expect(response.status).toBe(401);
  });
});
