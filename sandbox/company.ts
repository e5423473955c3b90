import { Faker, base, en } from '@faker-js/faker';
import {
  addDays,
  isIsoDate,
  utcToday,
  type LifecycleStatus,
  type NamedListItem,
  type SandboxEmployee,
} from './employee';
import {
  EXECUTIVE_DEPARTMENT,
  MANAGER_TITLES,
  generateNamedLists,
  individualTitleIds,
  itemIdByName,
} from './namedLists';
import { NameGenerator, asciiSlug, emailLocalPart, recaseEmail } from './people';

/** Options of {@link generateCompany}. */
export interface GenerateCompanyOptions {
  /** Same seed, size and today give the same company. */
  seed: number;
  /** Number of employees. @default 1000 */
  size?: number;
  /** Reference date (YYYY-MM-DD) for start and termination dates. @default the current UTC date */
  today?: string;
}

/** A generated HiBob company: employees plus the named lists their list fields refer to. */
export interface GeneratedCompany {
  employees: SandboxEmployee[];
  departments: NamedListItem[];
  sites: NamedListItem[];
  titles: NamedListItem[];
  /** Domain of the employees' work emails, under the reserved `.test` top-level domain. */
  emailDomain: string;
}

/** Share of each lifecycle status except employed, which takes the rest. */
const LIFECYCLE_SHARES: Array<[LifecycleStatus, number]> = [
  ['terminated', 0.1],
  ['garden leave', 0.02],
  ['leave', 0.03],
  ['parental leave', 0.02],
  ['hired', 0.03],
];
const MISSING_EMAIL_SHARE = 0.003;
const DUPLICATE_EMAIL_PAIRS = 2;
/** About one team lead per this many employees. */
const EMPLOYEES_PER_LEAD = 12;
const MAX_TENURE_DAYS = 12 * 365;

/** Generates a company that depends only on seed, size and today. */
export function generateCompany(options: GenerateCompanyOptions): GeneratedCompany {
  const size = options.size ?? 1000;
  const today = options.today ?? utcToday();
  if (!Number.isInteger(size) || size < 0) {
    throw new Error(`Invalid company size ${size}: expected a whole number of at least 0`);
  }
  if (!isIsoDate(today)) {
    throw new Error(`Invalid today "${today}": expected YYYY-MM-DD`);
  }
  const faker = new Faker({ locale: [en, base] });
  faker.seed(options.seed);
  const lists = generateNamedLists(faker);
  const emailDomain = `${asciiSlug(faker.company.name()) || 'company'}.test`;
  const names = new NameGenerator(faker, options.seed);
  const usedIds = new Set<string>();

  const employees = assignLifecycleStatuses(faker, size).map((status, index) => {
    const name = names.next();
    const employee: SandboxEmployee = {
      id: uniqueEmployeeId(faker, usedIds),
      email: null,
      firstName: name.firstName,
      surname: name.surname,
      displayName: `${name.firstName} ${name.surname}`,
      title: null,
      department: null,
      site: faker.helpers.arrayElement(lists.sites).id,
      startDate: today,
      reportsTo: null,
      lifecycleStatus: status,
      terminationDate: null,
      accessStatus: status === 'terminated' || status === 'hired' ? 'Inactive' : 'Active',
    };
    assignDates(faker, employee, today);
    employee.email = `${emailLocalPart(name, index + 1)}@${emailDomain}`;
    return employee;
  });

  const individuals = buildHierarchy(faker, employees, lists.departments, lists.titles);
  makeEmailsUnique(employees);
  addDataQualityProblems(faker, individuals, size);
  return { employees, ...lists, emailDomain };
}

/** Returns one shuffled status per employee in the shares above. From 10 employees on, every status appears. */
function assignLifecycleStatuses(faker: Faker, size: number): LifecycleStatus[] {
  const statuses: LifecycleStatus[] = [];
  if (size >= 10) {
    for (const [status, share] of LIFECYCLE_SHARES) {
      const count = Math.max(1, Math.round(size * share));
      statuses.push(...Array<LifecycleStatus>(count).fill(status));
    }
  }
  statuses.push(...Array<LifecycleStatus>(size - statuses.length).fill('employed'));
  return faker.helpers.shuffle(statuses);
}

/** Draws a 19-digit id below 2^63, like HiBob's, that no other employee of the company has. */
function uniqueEmployeeId(faker: Faker, usedIds: Set<string>): string {
  for (;;) {
    const id = `${faker.number.int({ min: 1, max: 8 })}${faker.string.numeric(18)}`;
    if (!usedIds.has(id)) {
      usedIds.add(id);
      return id;
    }
  }
}

function assignDates(faker: Faker, employee: SandboxEmployee, today: string): void {
  if (employee.lifecycleStatus === 'hired') {
    employee.startDate = addDays(today, faker.number.int({ min: 1, max: 60 }));
    return;
  }
  const tenureDays = faker.number.int({ min: 7, max: MAX_TENURE_DAYS });
  employee.startDate = addDays(today, -tenureDays);
  if (employee.lifecycleStatus === 'terminated') {
    employee.terminationDate = addDays(today, -faker.number.int({ min: 1, max: tenureDays - 1 }));
  } else if (employee.lifecycleStatus === 'garden leave') {
    employee.terminationDate = addDays(today, faker.number.int({ min: 1, max: 90 }));
  }
}

/**
 * Builds CEO → department heads → team leads → individual contributors, sets departments and titles,
 * and returns the individual contributors. Managers are always employed or on leave, so they stay visible.
 */
function buildHierarchy(
  faker: Faker,
  employees: SandboxEmployee[],
  departments: NamedListItem[],
  titles: NamedListItem[],
): SandboxEmployee[] {
  const canManage = (e: SandboxEmployee) => e.lifecycleStatus === 'employed' || e.lifecycleStatus === 'leave';
  const ceo = employees.find((e) => e.lifecycleStatus === 'employed');
  if (!ceo) {
    return [];
  }
  ceo.department = itemIdByName(departments, EXECUTIVE_DEPARTMENT);
  ceo.title = itemIdByName(titles, MANAGER_TITLES.ceo);

  const teamDepartments = departments.filter((d) => !d.archived && d.name !== EXECUTIVE_DEPARTMENT).map((d) => d.id);
  const candidates = employees.filter((e) => e !== ceo && e.lifecycleStatus === 'employed');
  const headCount = Math.min(teamDepartments.length, Math.floor((employees.length - 1) / 10));
  const leadCount = Math.max(0, Math.floor(employees.length / EMPLOYEES_PER_LEAD) - headCount);
  const managers = new Set<SandboxEmployee>([ceo]);

  const headByDepartment = new Map<string, SandboxEmployee>();
  for (const department of teamDepartments.slice(0, headCount)) {
    const head = candidates[headByDepartment.size];
    if (!head) break;
    Object.assign(head, { department, title: itemIdByName(titles, MANAGER_TITLES.head), reportsTo: ceo.id });
    headByDepartment.set(department, head);
    managers.add(head);
  }

  const leadsByDepartment = new Map<string, SandboxEmployee[]>();
  const leadPool = employees.filter((e) => !managers.has(e) && canManage(e)).slice(0, leadCount);
  leadPool.forEach((lead, index) => {
    const department = teamDepartments[index % headCount];
    const head = department ? headByDepartment.get(department) : undefined;
    if (!department || !head) return;
    Object.assign(lead, { department, title: itemIdByName(titles, MANAGER_TITLES.lead), reportsTo: head.id });
    leadsByDepartment.set(department, [...(leadsByDepartment.get(department) ?? []), lead]);
    managers.add(lead);
  });

  const individualTitles = individualTitleIds(titles);
  const individuals = employees.filter((e) => !managers.has(e));
  for (const employee of individuals) {
    const department = headCount > 0 ? faker.helpers.arrayElement(teamDepartments.slice(0, headCount)) : null;
    const leads = department ? leadsByDepartment.get(department) : undefined;
    let manager = ceo;
    if (leads) {
      manager = faker.helpers.arrayElement(leads);
    } else if (department) {
      manager = headByDepartment.get(department) ?? ceo;
    }
    employee.department = department;
    employee.title = faker.helpers.arrayElement(individualTitles);
    employee.reportsTo = manager.id;
  }
  return individuals;
}

/** Appends a number to repeated email local parts (two people with the same name). */
function makeEmailsUnique(employees: SandboxEmployee[]): void {
  const seen = new Map<string, number>();
  for (const employee of employees) {
    if (!employee.email) continue;
    const count = seen.get(employee.email) ?? 0;
    seen.set(employee.email, count + 1);
    if (count > 0) {
      const [local, domain] = employee.email.split('@');
      employee.email = `${local}${count + 1}@${domain}`;
      seen.set(employee.email, 1);
    }
  }
}

/** Leaves a few individual contributors without email, title, department or site, and gives pairs one email. */
function addDataQualityProblems(faker: Faker, individuals: SandboxEmployee[], size: number): void {
  const shuffled = faker.helpers.shuffle(individuals.filter((e) => e.lifecycleStatus === 'employed'));
  const missingEmails = size >= 10 ? Math.max(1, Math.round(size * MISSING_EMAIL_SHARE)) : 0;
  const pairs = size >= 20 ? DUPLICATE_EMAIL_PAIRS : 0;
  let next = 0;
  const take = (): SandboxEmployee | undefined => shuffled[next++];

  for (let i = 0; i < missingEmails; i++) {
    const employee = take();
    if (employee) employee.email = null;
  }
  for (let i = 0; i < pairs; i++) {
    const first = take();
    const second = take();
    if (first?.email && second) second.email = recaseEmail(first.email);
  }
  const rareCount = Math.round(size * 0.002);
  for (let i = 0; i < rareCount; i++) {
    const noSite = take();
    if (noSite) noSite.site = null;
    const noTitle = take();
    if (noTitle) noTitle.title = null;
    const noDepartment = take();
    if (noDepartment) noDepartment.department = null;
  }
}
