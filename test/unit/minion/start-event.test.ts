import { asctime } from '@brine/minion/start-event';

test("asctime is Python's time.asctime(): the day of month padded with a space", () => {
  expect(asctime(new Date(2026, 11, 1, 7, 10, 29))).toBe('Tue Dec  1 07:10:29 2026');
  expect(asctime(new Date(2026, 0, 15, 23, 5, 9))).toBe('Thu Jan 15 23:05:09 2026');
});
