import { SaltInvocationError } from '@brine/core/errors';
import { onDay, parseTimeText } from '@brine/modules/lib/schedule-time';

const local = (...a: [number, number, number, number?, number?, number?]) => new Date(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0).getTime();

test.each([
  ['5:00pm', 17 * 3600],
  ['5pm', 17 * 3600],
  ['5:30:15 PM', 17 * 3600 + 30 * 60 + 15],
  ['12:00am', 0],
  ['12:15pm', 12 * 3600 + 15 * 60],
  ['17:00', 17 * 3600],
  ['06:05:09', 6 * 3600 + 5 * 60 + 9],
])('%s is a time of day', (text, seconds) => {
  expect(parseTimeText(text, 'when')).toEqual({ kind: 'daily', seconds });
});

test.each([
  ['2026-12-04', local(2026, 12, 4)],
  ['2026-12-04 17:00', local(2026, 12, 4, 17)],
  ['2026-12-04T17:00:30', local(2026, 12, 4, 17, 0, 30)],
  ['12/04/2026 5:00pm', local(2026, 12, 4, 17)],
  ['2026-12-04T17:00:00Z', Date.UTC(2026, 11, 4, 17)],
  ['2026-12-04T17:00:00+01:00', Date.UTC(2026, 11, 4, 16)],
])('%s is an instant', (text, ms) => {
  expect(parseTimeText(text, 'once')).toEqual({ kind: 'instant', ms });
});

test.each(['tomorrow', '25:00', '13pm', '2026-02-30', '', 'noon-ish'])('%j is refused with a SaltInvocationError', (text) => {
  expect(() => parseTimeText(text, 'when')).toThrow(SaltInvocationError);
});

test('a time of day falls on the given day; an instant stays', () => {
  const now = local(2026, 12, 4, 9, 30);
  expect(onDay({ kind: 'daily', seconds: 17 * 3600 }, now)).toBe(local(2026, 12, 4, 17));
  expect(onDay({ kind: 'instant', ms: 5 }, now)).toBe(5);
});
