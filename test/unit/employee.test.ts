import {
  isValidDate,
  normalizeEmployee,
  readEmployeeId,
  readField,
  readLifecycleStatus,
  readManagerId,
} from '../../activities/hibob/employee';

/** Builds a complete, valid search result row in HiBob's nested form. */
function nestedRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '3332883884017713238',
    email: 'ana.silva@example.com',
    firstName: 'Ana',
    surname: 'Silva',
    displayName: 'Ana Silva',
    work: {
      title: '101',
      department: '202',
      site: '303',
      startDate: '2021-04-01',
      reportsTo: { id: '3332883884017713001', email: 'boss@example.com' },
    },
    internal: { status: 'Active', lifecycleStatus: 'Employed', terminationDate: null },
    ...overrides,
  };
}

function problemCodes(row: Record<string, unknown>): string[] {
  return normalizeEmployee(row, '3332883884017713238').problems.map((problem) => problem.code);
}

describe('readField', () => {
  test('reads root field from top level', () => {
    expect(readField({ id: '42' }, 'root.id')).toBe('42');
  });

  test('reads nested section field', () => {
    expect(readField({ work: { department: '209' } }, 'work.department')).toBe('209');
  });

  test('reads slash-keyed entry', () => {
    expect(readField({ '/work/department': { value: '209' } }, 'work.department')).toBe('209');
  });

  test('reads slash-keyed root entry', () => {
    expect(readField({ '/root/email': { value: 'a@example.com' } }, 'root.email')).toBe('a@example.com');
  });

  test('prefers nested value over slash-keyed entry', () => {
    const row = { work: { department: 'nested' }, '/work/department': { value: 'slash' } };
    expect(readField(row, 'work.department')).toBe('nested');
  });

  test('falls back to slash entry when section lacks field', () => {
    const row = { work: { site: '1' }, '/work/department': { value: '209' } };
    expect(readField(row, 'work.department')).toBe('209');
  });

  test('returns object values unchanged', () => {
    const reportsTo = { id: '7', email: 'boss@example.com' };
    expect(readField({ work: { reportsTo } }, 'work.reportsTo')).toBe(reportsTo);
  });

  test('keeps explicit null', () => {
    expect(readField({ internal: { terminationDate: null } }, 'internal.terminationDate')).toBeNull();
  });

  test.each([
    ['missing section', {}],
    ['section that is a string', { work: 'x' }],
    ['section that is null', { work: null }],
    ['slash entry without value', { '/work/department': { id: '209' } }],
    ['slash entry that is a string', { '/work/department': '209' }],
  ])('returns undefined for %s', (_case, row) => {
    expect(readField(row as Record<string, unknown>, 'work.department')).toBeUndefined();
  });
});

describe('readEmployeeId', () => {
  test.each([
    ['numeric string', { id: '3332883884017713238' }, '3332883884017713238'],
    ['number', { id: 42 }, '42'],
    ['padded string', { id: '  42 ' }, '42'],
    ['slash-keyed entry', { '/root/id': { value: '42' } }, '42'],
    ['letters, digits, dash and underscore', { id: 'emp_42-a' }, 'emp_42-a'],
    ['64 characters', { id: 'a'.repeat(64) }, 'a'.repeat(64)],
  ])('accepts %s', (_case, row, expected) => {
    expect(readEmployeeId(row)).toBe(expected);
  });

  test.each([
    ['missing id', {}],
    ['empty string', { id: '' }],
    ['blank string', { id: '   ' }],
    ['65 characters', { id: 'a'.repeat(65) }],
    ['inner space', { id: '4 2' }],
    ['slash', { id: '4/2' }],
    ['object', { id: { value: '42' } }],
    ['null', { id: null }],
  ])('rejects %s', (_case, row) => {
    expect(readEmployeeId(row)).toBeNull();
  });
});

describe('readManagerId', () => {
  test('reads id from reportsTo object', () => {
    expect(readManagerId({ work: { reportsTo: { id: '77', email: 'boss@example.com' } } })).toBe('77');
  });

  test('reads bare id', () => {
    expect(readManagerId({ work: { reportsTo: '77' } })).toBe('77');
  });

  test('reads numeric id', () => {
    expect(readManagerId({ work: { reportsTo: { id: 77 } } })).toBe('77');
  });

  test('reads slash-keyed reportsTo', () => {
    expect(readManagerId({ '/work/reportsTo': { value: { id: '77' } } })).toBe('77');
  });

  test('trims id', () => {
    expect(readManagerId({ work: { reportsTo: { id: ' 77 ' } } })).toBe('77');
  });

  test.each([
    ['no reportsTo', { work: {} }],
    ['null reportsTo', { work: { reportsTo: null } }],
    ['reportsTo without id', { work: { reportsTo: { email: 'boss@example.com' } } }],
    ['blank id', { work: { reportsTo: { id: '  ' } } }],
  ])('returns null for %s', (_case, row) => {
    expect(readManagerId(row)).toBeNull();
  });
});

describe('readLifecycleStatus', () => {
  test.each([
    ['Employed', 'employed'],
    ['TERMINATED', 'terminated'],
    ['Garden Leave', 'garden leave'],
    ['garden_leave', 'garden leave'],
    ['PARENTAL_LEAVE', 'parental leave'],
    ['  hired  ', 'hired'],
  ])('reads %p as %p', (raw, expected) => {
    expect(readLifecycleStatus({ internal: { lifecycleStatus: raw } })).toBe(expected);
  });

  test('reads slash-keyed status', () => {
    expect(readLifecycleStatus({ '/internal/lifecycleStatus': { value: 'Terminated' } })).toBe('terminated');
  });

  test.each([
    ['missing field', { internal: {} }],
    ['missing section', {}],
    ['empty string', { internal: { lifecycleStatus: '' } }],
    ['null', { internal: { lifecycleStatus: null } }],
  ])('returns null for %s', (_case, row) => {
    expect(readLifecycleStatus(row)).toBeNull();
  });
});

describe('normalizeEmployee', () => {
  test('maps complete nested row', () => {
    const { employee } = normalizeEmployee(nestedRow(), '3332883884017713238');
    expect(employee).toEqual({
      id: '3332883884017713238',
      email: 'ana.silva@example.com',
      firstName: 'Ana',
      surname: 'Silva',
      displayName: 'Ana Silva',
      titleId: '101',
      departmentId: '202',
      siteId: '303',
      startDate: '2021-04-01',
      managerId: '3332883884017713001',
      lifecycleStatus: 'employed',
      terminationDate: null,
    });
  });

  test('complete row has no problems', () => {
    expect(problemCodes(nestedRow())).toEqual([]);
  });

  test('maps slash-keyed row like nested row', () => {
    const slashRow = {
      '/root/id': { value: '3332883884017713238' },
      '/root/email': { value: 'ana.silva@example.com' },
      '/root/firstName': { value: 'Ana' },
      '/root/surname': { value: 'Silva' },
      '/root/displayName': { value: 'Ana Silva' },
      '/work/title': { value: '101' },
      '/work/department': { value: '202' },
      '/work/site': { value: '303' },
      '/work/startDate': { value: '2021-04-01' },
      '/work/reportsTo': { value: { id: '3332883884017713001' } },
      '/internal/lifecycleStatus': { value: 'Employed' },
      '/internal/terminationDate': { value: null },
    };
    expect(normalizeEmployee(slashRow, '3332883884017713238')).toEqual(
      normalizeEmployee(nestedRow(), '3332883884017713238'),
    );
  });

  test('uses given employee id', () => {
    expect(normalizeEmployee(nestedRow(), 'other-id').employee.id).toBe('other-id');
  });

  test('lower-cases and trims email', () => {
    const { employee } = normalizeEmployee(nestedRow({ email: '  Ana.Silva@Example.COM ' }), '1');
    expect(employee.email).toBe('ana.silva@example.com');
  });

  test('trims names', () => {
    const { employee } = normalizeEmployee(nestedRow({ firstName: '\tAna ', surname: ' Silva\n' }), '1');
    expect(employee.firstName).toBe('Ana');
    expect(employee.surname).toBe('Silva');
  });

  test('NFC-normalizes decomposed names', () => {
    const decomposed = 'Jose\u0301';
    const { employee } = normalizeEmployee(nestedRow({ firstName: decomposed }), '1');
    expect(employee.firstName).toBe('Jos\u00e9');
  });

  test('keeps non-Latin names', () => {
    const { employee } = normalizeEmployee(nestedRow({ firstName: '美咲', surname: 'Иванова' }), '1');
    expect(employee.firstName).toBe('美咲');
    expect(employee.surname).toBe('Иванова');
  });

  test('turns blank fields into null', () => {
    const { employee } = normalizeEmployee(nestedRow({ displayName: '   ' }), '1');
    expect(employee.displayName).toBeNull();
  });

  test('turns numeric list ids into strings', () => {
    const { employee } = normalizeEmployee(nestedRow({ work: { department: 202, startDate: '2021-04-01' } }), '1');
    expect(employee.departmentId).toBe('202');
  });

  test('stores lifecycle status in lower case', () => {
    const { employee } = normalizeEmployee(nestedRow({ internal: { lifecycleStatus: 'Garden_Leave' } }), '1');
    expect(employee.lifecycleStatus).toBe('garden leave');
  });

  test.each([
    ['missing email', { email: undefined }, 'missing_email'],
    ['blank email', { email: '  ' }, 'missing_email'],
    ['email without at sign', { email: 'ana.example.com' }, 'invalid_email'],
    ['email without domain dot', { email: 'ana@example' }, 'invalid_email'],
    ['email with inner space', { email: 'ana silva@example.com' }, 'invalid_email'],
    ['email over 255 characters', { email: `${'a'.repeat(250)}@example.com` }, 'invalid_email'],
    ['missing first name', { firstName: undefined }, 'missing_name'],
    ['missing surname', { surname: '' }, 'missing_name'],
    ['first name over 255 characters', { firstName: 'A'.repeat(256) }, 'field_too_long'],
    ['surname over 255 characters', { surname: 'S'.repeat(256) }, 'field_too_long'],
    ['display name over 255 characters', { displayName: 'D'.repeat(256) }, 'field_too_long'],
    ['impossible start date', { work: { startDate: '2021-02-30' } }, 'invalid_start_date'],
    ['start date in display format', { work: { startDate: '01/04/2021' } }, 'invalid_start_date'],
    ['missing lifecycle status', { internal: { status: 'Active' } }, 'lifecycle_status_missing'],
  ])('reports %s', (_case, overrides, code) => {
    expect(problemCodes(nestedRow(overrides))).toEqual([code]);
  });

  test('accepts names of exactly 255 characters', () => {
    expect(problemCodes(nestedRow({ firstName: 'A'.repeat(255), surname: 'S'.repeat(255) }))).toEqual([]);
  });

  test('accepts email of exactly 255 characters', () => {
    expect(problemCodes(nestedRow({ email: `${'a'.repeat(243)}@example.com` }))).toEqual([]);
  });

  test('measures name length after NFC normalization', () => {
    const decomposed = 'e\u0301'.repeat(200);
    expect(problemCodes(nestedRow({ firstName: decomposed }))).toEqual([]);
  });

  test('accepts missing start date', () => {
    expect(problemCodes(nestedRow({ work: {} }))).toEqual([]);
  });

  test('reports every problem of broken record', () => {
    const row = { id: '1', work: { startDate: 'soon' } };
    expect(problemCodes(row)).toEqual([
      'missing_email',
      'missing_name',
      'invalid_start_date',
      'lifecycle_status_missing',
    ]);
  });

  test('marks record problems as skipped', () => {
    const { problems } = normalizeEmployee(nestedRow({ email: undefined }), '1');
    expect(problems[0]?.skipped).toBe(true);
  });

  test('tags problems with employee id', () => {
    const { problems } = normalizeEmployee(nestedRow({ email: undefined }), 'emp-9');
    expect(problems[0]?.employeeId).toBe('emp-9');
  });

  test('names missing part of name', () => {
    const { problems } = normalizeEmployee(nestedRow({ surname: undefined }), '1');
    expect(problems[0]?.message).toContain('surname');
  });

  test('names too long field', () => {
    const { problems } = normalizeEmployee(nestedRow({ displayName: 'D'.repeat(256) }), '1');
    expect(problems[0]?.message).toContain('displayName');
  });

  test('cuts long invalid email in message', () => {
    const email = `${'a'.repeat(300)}@example.com`;
    const { problems } = normalizeEmployee(nestedRow({ email }), '1');
    expect(problems[0]?.message).not.toContain(email);
  });
});

describe('isValidDate', () => {
  test.each(['2024-02-29', '2023-12-31', '2000-01-01', '1999-06-15'])('accepts %s', (text) => {
    expect(isValidDate(text)).toBe(true);
  });

  test.each([
    ['2023-02-29', 'Feb 29 outside leap year'],
    ['2024-04-31', 'day past end of month'],
    ['2024-13-01', 'month 13'],
    ['2024-00-10', 'month 0'],
    ['2024-01-00', 'day 0'],
    ['2024-1-05', 'one-digit month'],
    ['2024-01-05T00:00:00Z', 'timestamp'],
    ['05/01/2024', 'display format'],
    [' 2024-01-05', 'leading space'],
    ['', 'empty string'],
  ])('rejects %p (%s)', (text) => {
    expect(isValidDate(text)).toBe(false);
  });
});
