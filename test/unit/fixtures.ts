import type { HiBobEmployee } from '../../activities/hibob/employee';
import type { LearnAmpUser } from '../../activities/learnamp/user';
import type { NamedLists } from '../../activities/sync/desiredUser';

/** Named lists with one department (202), site (303) and title (101), as `employee()` refers to them. */
export const LISTS: NamedLists = {
  departments: { '202': 'Engineering' },
  sites: { '303': 'Lisbon' },
  titles: { '101': 'Software Engineer' },
};

/** Builds an employed HiBob employee with every field set, reporting to employee 1000. */
export function employee(overrides: Partial<HiBobEmployee> = {}): HiBobEmployee {
  return {
    id: '1001',
    email: 'ana.silva@example.com',
    firstName: 'Ana',
    surname: 'Silva',
    displayName: 'Ana Silva',
    titleId: '101',
    departmentId: '202',
    siteId: '303',
    startDate: '2021-04-01',
    managerId: '1000',
    lifecycleStatus: 'employed',
    terminationDate: null,
    ...overrides,
  };
}

/** Builds the Learn Amp user already in step with `employee()`, whose manager is user 55. */
export function linkedUser(overrides: Partial<LearnAmpUser> = {}): LearnAmpUser {
  return {
    id: 9001,
    email: 'ana.silva@example.com',
    firstName: 'Ana',
    lastName: 'Silva',
    integrationExternalId: '1001',
    jobTitle: 'Software Engineer',
    hireDate: '2021-04-01',
    location: 'Lisbon',
    department: 'Engineering',
    active: true,
    managerId: 55,
    primaryTeamId: 700,
    primaryTeamExternalId: 'hibob-department-202',
    ...overrides,
  };
}
