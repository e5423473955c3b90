import { generateCompany } from '../../sandbox/company';
import { LIFECYCLE_STATUSES, type SandboxEmployee } from '../../sandbox/employee';
import { TODAY } from './helpers';

describe('generateCompany', () => {
  const company = generateCompany({ seed: 42, size: 1000, today: TODAY });
  const byId = new Map(company.employees.map((employee) => [employee.id, employee]));

  test('same seed gives the same company', () => {
    expect(generateCompany({ seed: 42, size: 1000, today: TODAY })).toEqual(company);
  });

  test('other seed gives another company', () => {
    const other = generateCompany({ seed: 43, size: 1000, today: TODAY });
    expect(other.employees[0]?.id).not.toBe(company.employees[0]?.id);
  });

  test('size sets the number of employees', () => {
    expect(company.employees).toHaveLength(1000);
  });

  test('lifecycle statuses follow expected shares', () => {
    const counts = new Map<string, number>();
    for (const employee of company.employees) {
      counts.set(employee.lifecycleStatus, (counts.get(employee.lifecycleStatus) ?? 0) + 1);
    }
    for (const status of LIFECYCLE_STATUSES) {
      expect(counts.get(status) ?? 0).toBeGreaterThan(0);
    }
    expect(counts.get('employed')).toBe(800);
    expect(counts.get('terminated')).toBe(100);
    expect(counts.get('hired')).toBe(30);
  });

  test('Inactive access for terminated and hired', () => {
    for (const employee of company.employees) {
      const inactive = employee.lifecycleStatus === 'terminated' || employee.lifecycleStatus === 'hired';
      expect(employee.accessStatus).toBe(inactive ? 'Inactive' : 'Active');
    }
  });

  test('dates fit each lifecycle status', () => {
    for (const employee of company.employees) {
      if (employee.lifecycleStatus === 'hired') {
        expect(employee.startDate > TODAY).toBe(true);
      } else {
        expect(employee.startDate < TODAY).toBe(true);
      }
      if (employee.lifecycleStatus === 'terminated') {
        expect(employee.terminationDate! < TODAY).toBe(true);
        expect(employee.terminationDate! > employee.startDate).toBe(true);
      } else if (employee.lifecycleStatus === 'garden leave') {
        expect(employee.terminationDate! > TODAY).toBe(true);
      } else {
        expect(employee.terminationDate).toBeNull();
      }
    }
  });

  test('ids are unique 19-digit strings', () => {
    expect(byId.size).toBe(1000);
    for (const employee of company.employees) {
      expect(employee.id).toMatch(/^[1-8]\d{18}$/);
    }
  });

  test('names include accented and non-Latin scripts', () => {
    const names = company.employees.map((employee) => employee.displayName);
    expect(names.some((name) => /[À-ɏ]/.test(name))).toBe(true);
    expect(names.some((name) => /[\u0400-\u04FF\u0370-\u03FF\u3040-\u30FF\u4E00-\u9FFF]/.test(name))).toBe(true);
  });

  test('a few employees have no email', () => {
    const missing = company.employees.filter((employee) => employee.email === null);
    expect(missing).toHaveLength(3);
  });

  test('two pairs share a recased email', () => {
    const byLowerEmail = new Map<string, SandboxEmployee[]>();
    for (const employee of company.employees) {
      if (employee.email) {
        const key = employee.email.toLowerCase();
        byLowerEmail.set(key, [...(byLowerEmail.get(key) ?? []), employee]);
      }
    }
    const shared = [...byLowerEmail.values()].filter((group) => group.length > 1);
    expect(shared).toHaveLength(2);
    for (const [first, second] of shared) {
      expect(first?.email).not.toBe(second?.email);
    }
  });

  test('other emails lower-case on .test', () => {
    const emails = company.employees.map((employee) => employee.email).filter((email) => email !== null);
    const lowerCase = emails.filter((email) => email === email.toLowerCase());
    expect(lowerCase.length).toBe(emails.length - 2);
    for (const email of emails) {
      expect(email).toMatch(new RegExp(`^[A-Za-z0-9.]+@${company.emailDomain.replace('.', '\\.')}$`));
    }
    expect(company.emailDomain).toMatch(/\.test$/);
  });

  test('hierarchy has one CEO and resolvable managers', () => {
    const roots = company.employees.filter((employee) => employee.reportsTo === null);
    expect(roots).toHaveLength(1);
    for (const employee of company.employees) {
      if (employee.reportsTo !== null) {
        expect(byId.has(employee.reportsTo)).toBe(true);
      }
    }
  });

  test('managers are employed or on leave', () => {
    const managerIds = new Set(company.employees.map((employee) => employee.reportsTo).filter((id) => id !== null));
    for (const id of managerIds) {
      expect(['employed', 'leave']).toContain(byId.get(id)?.lifecycleStatus);
    }
  });

  test('hierarchy is several levels deep', () => {
    const depth = (employee: SandboxEmployee): number =>
      employee.reportsTo ? 1 + depth(byId.get(employee.reportsTo)!) : 0;
    const depths = company.employees.map(depth);
    expect(Math.max(...depths)).toBe(3);
  });

  test('list fields refer to named list items', () => {
    const ids = {
      department: new Set(company.departments.map((item) => item.id)),
      site: new Set(company.sites.map((item) => item.id)),
      title: new Set(company.titles.map((item) => item.id)),
    };
    expect(company.departments.length).toBeGreaterThanOrEqual(8);
    expect(company.sites.length).toBeGreaterThanOrEqual(5);
    for (const employee of company.employees) {
      for (const list of ['department', 'site', 'title'] as const) {
        const value = employee[list];
        if (value !== null) {
          expect(ids[list].has(value)).toBe(true);
        }
      }
    }
  });

  test('small companies still have a CEO', () => {
    const tiny = generateCompany({ seed: 1, size: 3, today: TODAY });
    expect(tiny.employees.filter((employee) => employee.reportsTo === null)).toHaveLength(1);
  });

  test('invalid size is rejected', () => {
    expect(() => generateCompany({ seed: 1, size: -1 })).toThrow(/Invalid company size/);
  });

  test('50,000 employees generate in seconds', () => {
    const started = Date.now();
    const large = generateCompany({ seed: 7, size: 50_000, today: TODAY });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(large.employees).toHaveLength(50_000);
    expect(new Set(large.employees.map((employee) => employee.id)).size).toBe(50_000);
  });
});
