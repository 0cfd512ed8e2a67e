import { err, f } from './context';

describe("Salt's strftime / date_format (without timelib)", () => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    process.env.TZ = saved;
  });

  test.each<[unknown, unknown[], string]>([
    [1040814000, [], '2002-12-25'],
    ['1040814000', [], '2002-12-25'],
    [
      '1040814000.25',
      ['%Y-%m-%d %H:%M:%S.%f %a %A %b %B %j %U %W %V %G %u %w %I%p %e %y %C %D %T %c|%z|%Z|%q %%'],
      '2002-12-25 11:00:00.250000 Wed Wednesday Dec December 359 51 51 52 2002 3 3 11AM 25 02 20 12/25/02 11:00:00 Wed Dec 25 11:00:00 2002|||%q %',
    ],
    [1704067200, ['%j %U %W %V %G'], '001 00 01 01 2024'],
  ])('strftime(%p, %p)', (value, args, expected) => {
    expect(f('strftime', value, args)).toBe(expected);
  });

  test('None is now; date_format is the same filter', () => {
    expect(f('date_format', null, ['%Y'])).toBe(String(new Date().getUTCFullYear()));
  });

  test('a date text needs timelib, as in Salt packages', () => {
    expect(err(() => f('strftime', '2002/12/25'))).toBe('RuntimeError: Unable to parse 2002/12/25. Consider installing timelib');
  });
});
