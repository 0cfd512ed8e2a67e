import { chunkTag, isoTime, Stopwatch } from '@brine/core/state/result';

describe('state result helpers', () => {
  it('chunkTag is module_|-id_|-name_|-function', () => {
    expect(chunkTag({ state: 'file', __id__: 'web_index', name: '/srv/index.html', fun: 'managed' })).toBe('file_|-web_index_|-/srv/index.html_|-managed');
  });

  it.each<[number, string]>([
    [new Date(2024, 0, 1, 16, 22, 27, 639).getTime() + 0.481, '16:22:27.639481'],
    [new Date(2024, 0, 1, 9, 5, 3, 0).getTime() + 0.007, '09:05:03.000007'],
    [new Date(2024, 0, 1, 9, 5, 3, 0).getTime(), '09:05:03'],
  ])('isoTime(%d) is %s, as Python time.isoformat()', (ms, text) => {
    expect(isoTime(ms)).toBe(text);
  });

  it('a stopwatch gives a local start time and a duration in ms rounded to the microsecond', () => {
    const watch = new Stopwatch();
    const duration = watch.duration();
    expect(watch.start_time).toMatch(/^\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(duration).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(Math.round(duration * 1000))).toBe(true);
    expect(Math.abs(duration * 1000 - Math.round(duration * 1000))).toBeLessThan(1e-6);
  });
});
