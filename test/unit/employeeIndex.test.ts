import { buildEmployeeIndex, type IndexedEmployee, type IndexRow } from '../../activities/sync/employeeIndex';

function row(employeeId: string, managerId: string | null = null): IndexRow {
  return { employeeId, email: `${employeeId}@example.com`, lifecycleStatus: 'employed', managerId };
}

function wavesById(index: readonly IndexedEmployee[]): Record<string, number> {
  return Object.fromEntries(index.map((entry) => [entry.employeeId, entry.wave]));
}

/** CEO 1; 2 and 3 report to 1; 4 reports to 2; 5 reports to 4. */
const ORG = [row('5', '4'), row('3', '1'), row('1'), row('4', '2'), row('2', '1')];

describe('buildEmployeeIndex', () => {
  test('wave is depth in reporting line', () => {
    expect(wavesById(buildEmployeeIndex(ORG, 10))).toEqual({ '1': 0, '2': 1, '3': 1, '4': 2, '5': 3 });
  });

  test('managers come before their reports', () => {
    const index = buildEmployeeIndex(ORG, 10);
    const position = new Map(index.map((entry, i) => [entry.employeeId, i]));
    for (const entry of index) {
      if (entry.managerId === null) continue;
      expect(position.get(entry.managerId)!).toBeLessThan(position.get(entry.employeeId)!);
    }
  });

  test('orders by wave, then numeric id', () => {
    const rows = [row('10', '1'), row('9', '1'), row('1'), row('100', '1')];
    expect(buildEmployeeIndex(rows, 10).map((entry) => entry.employeeId)).toEqual(['1', '9', '10', '100']);
  });

  test('invisible manager gives wave 0', () => {
    const rows = [row('7', 'not-visible'), row('8', '7')];
    expect(wavesById(buildEmployeeIndex(rows, 10))).toEqual({ '7': 0, '8': 1 });
  });

  test('keeps row fields', () => {
    const input = { employeeId: '7', email: null, lifecycleStatus: 'terminated', managerId: 'gone' };
    expect(buildEmployeeIndex([input], 10)).toEqual([{ ...input, wave: 0, batch: 0 }]);
  });

  test('cuts batches of batchSize', () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(String(i + 1)));
    const batches = buildEmployeeIndex(rows, 3).map((entry) => entry.batch);
    expect(batches).toEqual([0, 0, 0, 1, 1, 1, 2]);
  });

  test('batch size 1 puts each employee alone', () => {
    const batches = buildEmployeeIndex(ORG, 1).map((entry) => entry.batch);
    expect(batches).toEqual([0, 1, 2, 3, 4]);
  });

  test('no manager lands in later batch than report', () => {
    const index = buildEmployeeIndex(ORG, 2);
    const batchOf = new Map(index.map((entry) => [entry.employeeId, entry.batch]));
    for (const entry of index) {
      if (entry.managerId === null) continue;
      expect(batchOf.get(entry.managerId)!).toBeLessThanOrEqual(entry.batch);
    }
  });

  test('empty input gives empty index', () => {
    expect(buildEmployeeIndex([], 5)).toEqual([]);
  });

  test('same rows in any order give same index', () => {
    const expected = buildEmployeeIndex(ORG, 2);
    const reversed = [...ORG].reverse();
    const rotated = [...ORG.slice(2), ...ORG.slice(0, 2)];
    expect(buildEmployeeIndex(reversed, 2)).toEqual(expected);
    expect(buildEmployeeIndex(rotated, 2)).toEqual(expected);
  });

  test('does not change input rows', () => {
    const rows = [row('2', '1'), row('1')];
    const copy = structuredClone(rows);
    buildEmployeeIndex(rows, 1);
    expect(rows).toEqual(copy);
  });

  test('self-managed employee gives wave 0', () => {
    expect(wavesById(buildEmployeeIndex([row('1', '1')], 10))).toEqual({ '1': 0 });
  });

  test('reporting cycle finishes with every employee', () => {
    const rows = [row('1', '3'), row('2', '1'), row('3', '2'), row('4', '3')];
    const index = buildEmployeeIndex(rows, 10);
    expect(index.map((entry) => entry.employeeId).sort()).toEqual(['1', '2', '3', '4']);
  });

  test('report of cycle comes after cycle', () => {
    const rows = [row('1', '2'), row('2', '1'), row('3', '2')];
    const waves = wavesById(buildEmployeeIndex(rows, 10));
    expect(waves['3']).toBeGreaterThan(waves['2']!);
  });

  test('indexes deep chain', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(String(i + 1), i === 0 ? null : String(i)));
    const index = buildEmployeeIndex(rows.reverse(), 500);
    expect(index[4999]?.wave).toBe(4999);
    expect(index[4999]?.batch).toBe(9);
  });

  test.each([0, -1, 1.5, Number.NaN])('rejects batchSize %p', (batchSize) => {
    expect(() => buildEmployeeIndex(ORG, batchSize)).toThrow('batchSize must be a positive integer');
  });
});
