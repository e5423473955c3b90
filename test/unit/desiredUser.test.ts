import type { LearnAmpUser } from '../../activities/learnamp/user';
import { changedFields, departmentTeamExternalId, desiredUserBody } from '../../activities/sync/desiredUser';
import { employee, linkedUser, LISTS } from './fixtures';

describe('desiredUserBody', () => {
  test('maps every field', () => {
    expect(desiredUserBody(employee(), LISTS, 55)).toEqual({
      email: 'ana.silva@example.com',
      firstName: 'Ana',
      lastName: 'Silva',
      integrationExternalId: '1001',
      jobTitle: 'Software Engineer',
      location: 'Lisbon',
      department: 'Engineering',
      primaryTeamIntegrationExternalId: 'hibob-department-202',
      hireDate: '2021-04-01',
      managerId: 55,
    });
  });

  test('uses employee id as external id', () => {
    expect(desiredUserBody(employee({ id: '777' }), LISTS, undefined).integrationExternalId).toBe('777');
  });

  test('leaves manager out when unknown', () => {
    expect(desiredUserBody(employee(), LISTS, undefined)).not.toHaveProperty('managerId');
  });

  test('keeps manager user id 0', () => {
    expect(desiredUserBody(employee(), LISTS, 0).managerId).toBe(0);
  });

  test('leaves out list fields missing from named lists', () => {
    const body = desiredUserBody(employee({ titleId: '999', siteId: '999', departmentId: '999' }), LISTS, undefined);
    expect(body).not.toHaveProperty('jobTitle');
    expect(body).not.toHaveProperty('location');
    expect(body).not.toHaveProperty('department');
  });

  test('leaves out primary team when department is unknown', () => {
    const body = desiredUserBody(employee({ departmentId: '999' }), LISTS, undefined);
    expect(body).not.toHaveProperty('primaryTeamIntegrationExternalId');
  });

  test('leaves out null list ids and start date', () => {
    const body = desiredUserBody(
      employee({ titleId: null, siteId: null, departmentId: null, startDate: null }),
      LISTS,
      undefined,
    );
    expect(Object.keys(body).sort()).toEqual(['email', 'firstName', 'integrationExternalId', 'lastName']);
  });
});

describe('departmentTeamExternalId', () => {
  test('prefixes department id', () => {
    expect(departmentTeamExternalId('202')).toBe('hibob-department-202');
  });
});

describe('changedFields', () => {
  const body = desiredUserBody(employee(), LISTS, 55);

  test('matching user has no changes', () => {
    expect(changedFields(body, linkedUser())).toEqual([]);
  });

  test('ignores email case', () => {
    expect(changedFields(body, linkedUser({ email: 'Ana.Silva@Example.com' }))).toEqual([]);
  });

  test.each<[string, Partial<LearnAmpUser>, string]>([
    ['email', { email: 'ana@old.example.com' }, 'email'],
    ['first name', { firstName: 'Anna' }, 'firstName'],
    ['last name', { lastName: 'Sousa' }, 'lastName'],
    ['missing external id', { integrationExternalId: null }, 'integrationExternalId'],
    ['job title', { jobTitle: 'Intern' }, 'jobTitle'],
    ['location', { location: null }, 'location'],
    ['department', { department: 'Sales' }, 'department'],
    ['hire date', { hireDate: '2020-01-01' }, 'hireDate'],
    ['primary team', { primaryTeamExternalId: 'hibob-department-1' }, 'primaryTeam'],
    ['manager', { managerId: 56 }, 'manager'],
    ['missing manager', { managerId: null }, 'manager'],
  ])('detects changed %s', (_case, userOverrides, field) => {
    expect(changedFields(body, linkedUser(userOverrides))).toEqual([field]);
  });

  test('lists several changes in field order', () => {
    const user = linkedUser({ lastName: 'Sousa', managerId: 1, email: 'x@example.com' });
    expect(changedFields(body, user)).toEqual(['email', 'lastName', 'manager']);
  });

  test('ignores optional fields absent from body', () => {
    const sparseBody = desiredUserBody(
      employee({ titleId: null, siteId: null, departmentId: null, startDate: null }),
      LISTS,
      undefined,
    );
    const user = linkedUser({ jobTitle: 'Old', location: 'Old', department: 'Old', hireDate: '1999-01-01' });
    expect(changedFields(sparseBody, { ...user, primaryTeamExternalId: null, managerId: 3 })).toEqual([]);
  });
});
