import { parseEntry, type ScheduleEntry } from '@brine/minion/schedule/entry';
import { firstDue, inRange, nextDue, nextWhen, skipReason, splayMs } from '@brine/minion/schedule/fire-time';
import { parseTimeText } from '@brine/modules/lib/schedule-time';

const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s).getTime();
const NOW = local(2026, 12, 4, 9, 30);

function entry(settings: Record<string, unknown>): ScheduleEntry {
  const e = parseEntry('job', { function: 'test.ping', ...settings });
  if (typeof e === 'string') throw new Error(e);
  return e;
}

test('an interval job fires one interval (seconds + minutes + hours + days) after the start, then after each run', () => {
  const e = entry({ seconds: 30, minutes: 1, hours: 1, days: 1 });
  const interval = (30 + 60 + 3600 + 86400) * 1000;
  expect(firstDue(e, NOW)).toBe(NOW + interval);
  expect(nextDue(e, NOW + 5)).toBe(NOW + 5 + interval);
});

test('run_on_start fires at once', () => {
  expect(firstDue(entry({ minutes: 30, run_on_start: true }), NOW)).toBe(NOW);
});

test('a cron job fires at the next match of its expression (5 fields, or 6 with seconds)', () => {
  expect(firstDue(entry({ cron: '*/15 * * * *' }), NOW)).toBe(local(2026, 12, 4, 9, 45));
  expect(firstDue(entry({ cron: '0 0 3 * * *' }), NOW)).toBe(local(2026, 12, 5, 3));
  expect(nextDue(entry({ cron: '30 9 * * *' }), NOW)).toBe(local(2026, 12, 5, 9, 30));
});

test('when: the next of its times; a time of day recurs daily, a past date never fires', () => {
  const times = ['5:00pm', '8am', '2026-12-04 12:00', '2020-01-01 00:00'].map((t) => parseTimeText(t, 'when'));
  expect(nextWhen(times, NOW)).toBe(local(2026, 12, 4, 12));
  expect(nextWhen(times, local(2026, 12, 4, 12))).toBe(local(2026, 12, 4, 17));
  expect(nextWhen(times, local(2026, 12, 4, 18))).toBe(local(2026, 12, 5, 8));
  expect(nextWhen([parseTimeText('2020-01-01', 'when')], NOW)).toBeUndefined();
  expect(firstDue(entry({ when: '5:00pm' }), NOW)).toBe(local(2026, 12, 4, 17));
});

test('once fires at its time if still to come, and never again', () => {
  const e = entry({ once: '2026-12-04T10:00:00' });
  expect(firstDue(e, NOW)).toBe(local(2026, 12, 4, 10));
  expect(nextDue(e, local(2026, 12, 4, 10))).toBeUndefined();
  expect(firstDue(entry({ once: '2026-12-01T10:00:00' }), NOW)).toBeUndefined();
});

test('splay draws whole seconds in [0, n] or [start, end]', () => {
  const e = entry({ seconds: 10, splay: 5 });
  expect(splayMs(e.splay, () => 0)).toBe(0);
  expect(splayMs(e.splay, () => 0.999)).toBe(5000);
  expect(splayMs(entry({ seconds: 10, splay: { start: 10, end: 15 } }).splay, () => 0)).toBe(10000);
  expect(splayMs(undefined, () => 0.5)).toBe(0);
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) seen.add(splayMs(e.splay));
  expect([...seen].sort((a, b) => a - b)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
});

test('range: inside only (outside with invert), times of day taken today, an end before the start spans midnight', () => {
  const r = entry({ seconds: 10, range: { start: '8am', end: '5pm' } }).range!;
  expect(inRange(r, NOW)).toBe(true);
  expect(inRange(r, local(2026, 12, 4, 18))).toBe(false);
  expect(inRange({ ...r, invert: true }, NOW)).toBe(false);
  const night = entry({ seconds: 10, range: { start: '10pm', end: '6am' } }).range!;
  expect(inRange(night, local(2026, 12, 4, 23))).toBe(true);
  expect(inRange(night, local(2026, 12, 4, 5))).toBe(true);
  expect(inRange(night, NOW)).toBe(false);
});

test("skip reasons, as Salt's _skip_reason", () => {
  expect(skipReason(entry({ seconds: 1 }), NOW)).toBeUndefined();
  expect(skipReason(entry({ seconds: 1, enabled: false }), NOW)).toBe('disabled');
  expect(skipReason(entry({ seconds: 1, until: '2026-12-04 09:00' }), NOW)).toBe('until_passed');
  expect(skipReason(entry({ seconds: 1, after: '2026-12-04 10:00' }), NOW)).toBe('after_not_passed');
  expect(skipReason(entry({ seconds: 1, range: { start: '10am', end: '11am' } }), NOW)).toBe('not_in_range');
  expect(skipReason(entry({ seconds: 1, range: { start: '9am', end: '11am', invert: true } }), NOW)).toBe('in_skip_range');
});
