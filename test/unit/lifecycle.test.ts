import { accountIntent, type AccountIntent } from '../../activities/sync/lifecycle';

const TODAY = '2025-03-10';

describe('accountIntent', () => {
  test.each<[string | null, string | null, AccountIntent]>([
    ['employed', '2020-01-01', 'active'],
    ['employed', null, 'active'],
    ['leave', '2020-01-01', 'active'],
    ['parental leave', '2020-01-01', 'active'],
    ['garden leave', '2020-01-01', 'active'],
    ['sabbatical', '2020-01-01', 'active'],
    ['terminated', '2020-01-01', 'leaver'],
    ['terminated', null, 'leaver'],
    ['hired', '2025-03-11', 'joiner'],
    ['hired', null, 'joiner'],
    ['hired', TODAY, 'active'],
    ['hired', '2025-03-09', 'active'],
    [null, '2020-01-01', 'unknown'],
    [null, null, 'unknown'],
  ])('status %p with start date %p is %p', (status, startDate, expected) => {
    expect(accountIntent(status, startDate, TODAY)).toBe(expected);
  });

  test('leaver wins over future start date', () => {
    expect(accountIntent('terminated', '2030-01-01', TODAY)).toBe('leaver');
  });
});
