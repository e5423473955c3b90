import type { AxiosInstance } from 'axios';
import { startSandboxes, type HiBobCompany, type PermissionGroup, type Sandboxes } from '../../sandbox';
import { TODAY, hibobClient } from './helpers';

type Row = Record<string, any>;

describe('HiBob sandbox people search', () => {
  let sandboxes: Sandboxes;
  let company: HiBobCompany;
  let client: AxiosInstance;

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    company = sandboxes.hibob.addCompany({ companyId: 'acme', seed: 5, size: 400, today: TODAY });
    const user = company.addServiceUser();
    client = hibobClient(sandboxes.hibobUrl, user.id, user.token);
  });
  afterAll(async () => sandboxes.close());

  const clientInGroup = (group: PermissionGroup) => {
    const user = company.addServiceUser({ permissionGroup: group });
    return hibobClient(sandboxes.hibobUrl, user.id, user.token);
  };
  const searchIds = async (searchClient: AxiosInstance, body: object): Promise<string[]> => {
    const response = await searchClient.post('/people/search', { fields: ['root.id'], ...body });
    expect(response.status).toBe(200);
    return response.data.employees.map((row: Row) => row.id);
  };
  const idsWhere = (predicate: (e: HiBobCompany['employees'][number]) => boolean) =>
    company.employees.filter(predicate).map((employee) => employee.id);

  test('showInactive false hides terminated and hired', async () => {
    const ids = await searchIds(client, {});
    expect(ids.sort()).toEqual(idsWhere((e) => e.accessStatus === 'Active').sort());
    expect(ids).not.toContain(idsWhere((e) => e.lifecycleStatus === 'terminated')[0]);
    expect(ids).not.toContain(idsWhere((e) => e.lifecycleStatus === 'hired')[0]);
  });

  test('showInactive true returns everyone', async () => {
    const ids = await searchIds(client, { showInactive: true });
    expect(ids).toHaveLength(company.employees.length);
  });

  test('group with employed only hides leavers', async () => {
    const ids = await searchIds(clientInGroup({ lifecycleStatuses: ['employed'], lifecycleSectionReadable: true }), {
      showInactive: true,
    });
    expect(ids.sort()).toEqual(idsWhere((e) => e.lifecycleStatus === 'employed').sort());
  });

  test('unreadable lifecycle omits its fields', async () => {
    const restricted = clientInGroup({ lifecycleStatuses: 'all', lifecycleSectionReadable: false });
    const response = await restricted.post('/people/search', {
      fields: ['root.id', 'internal.status', 'internal.lifecycleStatus', 'internal.terminationDate'],
      showInactive: true,
    });
    const row: Row = response.data.employees[0];

    expect(response.status).toBe(200);
    expect(row.internal).toEqual({ status: expect.any(String) });
    expect(row).not.toHaveProperty(['/internal/lifecycleStatus']);
    expect(row).not.toHaveProperty(['/internal/terminationDate']);
  });

  test('permission change applies to the next request', async () => {
    const user = company.addServiceUser();
    const userClient = hibobClient(sandboxes.hibobUrl, user.id, user.token);
    company.setPermissionGroup(user.id, { lifecycleStatuses: ['terminated'], lifecycleSectionReadable: true });
    const ids = await searchIds(userClient, { showInactive: true });
    expect(ids.sort()).toEqual(idsWhere((e) => e.lifecycleStatus === 'terminated').sort());
  });

  test('unknown field is silently omitted', async () => {
    const response = await client.post('/people/search', { fields: ['root.id', 'work.custom_not_there'] });
    const row: Row = response.data.employees[0];
    expect(response.status).toBe(200);
    expect(Object.keys(row).sort()).toEqual(['/root/id', 'id']);
  });

  test('default fields are root and work basics', async () => {
    const response = await client.post('/people/search', {});
    const row: Row = response.data.employees[0];
    expect(Object.keys(row.work).sort()).toEqual(['department', 'reportsTo', 'site', 'startDate', 'title']);
    expect(row).toHaveProperty('firstName');
    expect(row).not.toHaveProperty('internal');
  });

  test('rows carry nested and slash forms', async () => {
    const employee = company.employees.find((e) => e.accessStatus === 'Active' && e.department && e.reportsTo)!;
    const response = await client.post('/people/search', {
      fields: ['root.id', 'root.email', 'work.department', 'internal.lifecycleStatus', 'work.reportsTo'],
      filters: [{ fieldPath: 'root.id', operator: 'equals', values: [employee.id] }],
    });
    const [row] = response.data.employees as Row[];
    const manager = company.employee(employee.reportsTo!);

    expect(row?.id).toBe(employee.id);
    expect(row?.email).toBe(employee.email);
    expect(row?.work.department).toBe(employee.department);
    expect(row?.internal.lifecycleStatus).toBe(employee.lifecycleStatus);
    expect(row?.['/root/id']).toEqual({ value: employee.id });
    expect(row?.['/work/department']).toEqual({ value: employee.department });
    expect(row?.['/internal/lifecycleStatus']).toEqual({ value: employee.lifecycleStatus });
    expect(row?.work.reportsTo).toEqual({
      id: manager.id,
      email: manager.email,
      firstName: manager.firstName,
      surname: manager.surname,
      displayName: manager.displayName,
    });
  });

  test('root.id filter returns only those ids', async () => {
    const requestedIds = company.employees.slice(0, 3).map((employee) => employee.id);
    const ids = await searchIds(client, {
      showInactive: true,
      filters: [{ fieldPath: 'root.id', operator: 'equals', values: requestedIds }],
    });
    expect(ids.sort()).toEqual([...requestedIds].sort());
  });

  test('email filter ignores case', async () => {
    const employee = company.employees.find((e) => e.email && e.accessStatus === 'Active')!;
    const ids = await searchIds(client, {
      filters: [{ fieldPath: 'root.email', operator: 'equals', values: [employee.email!.toUpperCase()] }],
    });
    expect(ids).toEqual([employee.id]);
  });

  test('manager reference survives invisible manager', async () => {
    const terminatedOnly = clientInGroup({ lifecycleStatuses: ['terminated'], lifecycleSectionReadable: true });
    const response = await terminatedOnly.post('/people/search', { fields: ['work.reportsTo'], showInactive: true });
    const rows = response.data.employees as Row[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.work.reportsTo.id).toMatch(/^\d{19}$/);
    }
  });

  test('title casing applies to lifecycle values', async () => {
    sandboxes.hibob.lifecycleCasing = 'title';
    try {
      const response = await client.post('/people/search', {
        fields: ['internal.lifecycleStatus'],
        showInactive: true,
      });
      const values = new Set((response.data.employees as Row[]).map((row) => row.internal.lifecycleStatus));
      expect(values.has('Garden leave')).toBe(true);
      expect(values.has('garden leave')).toBe(false);
    } finally {
      sandboxes.hibob.lifecycleCasing = 'lower';
    }
  });

  test('humanReadable REPLACE gives names and dates', async () => {
    const employee = company.employees.find((e) => e.accessStatus === 'Active' && e.department)!;
    const response = await client.post('/people/search', {
      fields: ['work.department', 'work.startDate'],
      filters: [{ fieldPath: 'root.id', operator: 'equals', values: [employee.id] }],
      humanReadable: 'REPLACE',
    });
    const [row] = response.data.employees as Row[];
    const [year, month, day] = employee.startDate.split('-');
    expect(row?.work.department).toBe(company.departments.find((d) => d.id === employee.department)?.name);
    expect(row?.work.startDate).toBe(`${day}/${month}/${year}`);
  });

  test('malformed records pass through unvalidated', async () => {
    const employee = company.employees.find((e) => e.accessStatus === 'Active')!;
    company.updateEmployee(employee.id, { email: 'not-an-email', surname: '', startDate: '31/02/2020' });
    const response = await client.post('/people/search', {
      fields: ['root.email', 'root.surname', 'work.startDate'],
      filters: [{ fieldPath: 'root.id', operator: 'equals', values: [employee.id] }],
    });
    const [row] = response.data.employees as Row[];
    expect(row?.email).toBe('not-an-email');
    expect(row?.surname).toBe('');
    expect(row?.work.startDate).toBe('31/02/2020');
  });

  test('terminate and rehire change what search returns', async () => {
    const employee = company.employees.find((e) => e.lifecycleStatus === 'employed' && e.reportsTo)!;
    company.terminate(employee.id, '2026-06-30');
    expect(
      await searchIds(client, { filters: [{ fieldPath: 'root.id', operator: 'equals', values: [employee.id] }] }),
    ).toEqual([]);

    company.rehire(employee.id, '2026-07-01');
    const rehired = await searchIds(client, {
      filters: [{ fieldPath: 'root.id', operator: 'equals', values: [employee.id] }],
    });
    expect(rehired).toEqual([employee.id]);
  });

  test.each([
    [
      'two filters',
      { filters: [1, 2].map(() => ({ fieldPath: 'root.id', operator: 'equals', values: ['1'] })) },
      /at most one filter/,
    ],
    [
      'unsupported fieldPath',
      { filters: [{ fieldPath: 'work.department', operator: 'equals', values: ['1'] }] },
      /fieldPath/,
    ],
    ['unsupported operator', { filters: [{ fieldPath: 'root.id', operator: 'in', values: ['1'] }] }, /operator/],
    ['values not an array', { filters: [{ fieldPath: 'root.id', operator: 'equals', values: '1' }] }, /values/],
    ['fields not an array', { fields: 'root.id' }, /fields/],
    ['too many fields', { fields: Array.from({ length: 401 }, (_, i) => `root.f${i}`) }, /at most 400/],
    ['showInactive not boolean', { showInactive: 'yes' }, /showInactive/],
    ['humanReadable unknown', { humanReadable: 'YES' }, /humanReadable/],
  ])('bad request: %s returns 400', async (_name, body, message) => {
    const response = await client.post('/people/search', body);
    expect(response.status).toBe(400);
    expect(response.data.error).toMatch(message);
  });
});
