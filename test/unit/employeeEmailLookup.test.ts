import { randomBytes } from 'node:crypto';
import type { LearnAmpUser } from '../../activities/learnamp/user';
import { SecretBox } from '../../store/secretBox';
import { SqliteSyncStore } from '../../store/sqliteStore';

function learnampUser(id: number, externalId: string | null, email: string): LearnAmpUser {
  return {
    id,
    email,
    firstName: 'Ana',
    lastName: 'Silva',
    integrationExternalId: externalId,
    jobTitle: null,
    hireDate: null,
    location: null,
    department: null,
    active: true,
    managerId: null,
    primaryTeamId: null,
    primaryTeamExternalId: null,
  };
}

const indexRow = (employeeId: string, email: string | null) => ({ employeeId, email, lifecycleStatus: 'employed', managerId: null, batch: 0, wave: 0 });

let store: SqliteSyncStore;

beforeEach(async () => {
  store = SqliteSyncStore.open(':memory:', new SecretBox([randomBytes(32)]));
  // startRun stamps started_at with the clock; the pause keeps the two runs in order.
  await store.startRun('acme', 'acme/sync-1');
  await new Promise((resolve) => setTimeout(resolve, 5));
  await store.startRun('acme', 'acme/sync-2');
});

afterEach(async () => {
  await store.close();
});

describe('findEmployeeIdsByEmail', () => {
  test('finds an indexed employee in any case', async () => {
    await store.saveEmployeeIndex('acme', 'acme/sync-2', [indexRow('100', 'Ana@Example.com')]);
    expect(await store.findEmployeeIdsByEmail('acme', ' ANA@example.COM ')).toEqual(['100']);
  });

  test('finds an invisible employee by linked user', async () => {
    await store.saveLearnAmpUsers('acme', 'acme/sync-1', [learnampUser(7, '200', 'leaver@example.com'), learnampUser(8, null, 'other@example.com')]);
    expect(await store.findEmployeeIdsByEmail('acme', 'leaver@example.com')).toEqual(['200']);
    expect(await store.findEmployeeIdsByEmail('acme', 'other@example.com')).toEqual([]);
  });

  test('lists newest run first without repeats', async () => {
    await store.saveEmployeeIndex('acme', 'acme/sync-1', [indexRow('300', 'shared@example.com'), indexRow('301', 'shared@example.com')]);
    await store.saveEmployeeIndex('acme', 'acme/sync-2', [indexRow('301', 'shared@example.com')]);
    await store.saveLearnAmpUsers('acme', 'acme/sync-2', [learnampUser(9, '301', 'shared@example.com')]);
    expect(await store.findEmployeeIdsByEmail('acme', 'shared@example.com')).toEqual(['301', '300']);
  });

  test('keeps tenants apart', async () => {
    await store.startRun('other', 'other/sync-1');
    await store.saveEmployeeIndex('other', 'other/sync-1', [indexRow('400', 'ana@example.com')]);
    expect(await store.findEmployeeIdsByEmail('acme', 'ana@example.com')).toEqual([]);
  });

  test('finds nothing after forgetTenant', async () => {
    await store.saveEmployeeIndex('acme', 'acme/sync-2', [indexRow('100', 'ana@example.com')]);
    await store.forgetTenant('acme');
    expect(await store.findEmployeeIdsByEmail('acme', 'ana@example.com')).toEqual([]);
  });
});
