import type { Logger } from '@brine/core/log';
import type { ScheduleEntry } from '@brine/minion/schedule/entry';
import { Scheduler, type SchedulerDeps } from '@brine/minion/schedule/scheduler';

const log = { debug: jest.fn(), info: jest.fn(), warning: jest.fn(), error: jest.fn() } as unknown as Logger;

/** A scheduler over `schedule` whose runs last `runMs` (fake time), recording their starts and ends. */
function harness(schedule: Record<string, unknown>, runMs = 0, extra: Partial<SchedulerDeps> = {}) {
  const running = new Map<string, number>();
  const starts: Array<{ name: string; at: number }> = [];
  const ends: Array<{ name: string; at: number }> = [];
  const scheduler = new Scheduler({
    schedule: () => schedule,
    running: (name) => running.get(name) ?? 0,
    run: async (entry: ScheduleEntry) => {
      running.set(entry.name, (running.get(entry.name) ?? 0) + 1);
      starts.push({ name: entry.name, at: Date.now() });
      if (runMs) await new Promise((r) => setTimeout(r, runMs));
      running.set(entry.name, running.get(entry.name)! - 1);
      ends.push({ name: entry.name, at: Date.now() });
    },
    log,
    random: () => 0,
    ...extra,
  });
  return { scheduler, starts, ends };
}

beforeEach(() => {
  jest.useFakeTimers({ now: new Date(2026, 11, 4, 9, 30) });
});

afterEach(() => {
  jest.useRealTimers();
});

test('no schedule, or a disabled scheduler: no timer at all', () => {
  const { scheduler } = harness({});
  scheduler.start();
  expect(jest.getTimerCount()).toBe(0);
  const off = harness({ enabled: false, job: { function: 'test.ping', seconds: 1 } });
  off.scheduler.start();
  expect(jest.getTimerCount()).toBe(0);
});

test('one timer for many jobs, armed for the earliest fire time; each job fires on its interval', async () => {
  const { scheduler, starts } = harness({ a: { function: 'test.ping', seconds: 2 }, b: { function: 'test.ping', seconds: 3 } });
  scheduler.start();
  expect(jest.getTimerCount()).toBe(1);
  const t0 = Date.now();
  await jest.advanceTimersByTimeAsync(6000);
  expect(starts.map((s) => [s.name, s.at - t0])).toEqual([['a', 2000], ['b', 3000], ['a', 4000], ['a', 6000], ['b', 6000]]);
  expect(jest.getTimerCount()).toBe(1);
  scheduler.stop();
  expect(jest.getTimerCount()).toBe(0);
});

test('splay delays each fire time by the drawn whole seconds', async () => {
  const draws = [0.99, 0, 0.5];
  const { scheduler, starts } = harness({ a: { function: 'test.ping', seconds: 2, splay: 1 } }, 0, { random: () => draws.shift() ?? 0 });
  const t0 = Date.now();
  scheduler.start();
  await jest.advanceTimersByTimeAsync(8000);
  // Splays of 1 s (0.99), 0 s (0) and 1 s (0.5: floor(0.5 * 2)), each interval counted from the previous run.
  expect(starts.map((s) => s.at - t0)).toEqual([3000, 5000, 8000]);
});

test('maxrunning: a run that outlasts the interval is not doubled; maxrunning 2 allows two', async () => {
  const one = harness({ a: { function: 'test.sleep', seconds: 1 } }, 2500);
  one.scheduler.start();
  await jest.advanceTimersByTimeAsync(10000);
  for (let i = 1; i < one.starts.length; i++) expect(one.starts[i].at).toBeGreaterThanOrEqual(one.ends[i - 1].at);
  expect(one.starts.length).toBeGreaterThanOrEqual(3);
  one.scheduler.stop();
  const two = harness({ a: { function: 'test.sleep', seconds: 1, maxrunning: 2 } }, 2500);
  two.scheduler.start();
  await jest.advanceTimersByTimeAsync(3000);
  expect(two.starts.map((s) => s.at - two.starts[0].at)).toEqual([0, 1000]);
});

test('beforeRun may skip a run, and its release is called once the run ended', async () => {
  const released: number[] = [];
  let allow = false;
  const { scheduler, starts } = harness({ a: { function: 'test.ping', seconds: 1 } }, 300, {
    beforeRun: async () => (allow ? () => void released.push(Date.now()) : 'skip'),
  });
  const t0 = Date.now();
  scheduler.start();
  await jest.advanceTimersByTimeAsync(1000);
  expect(starts).toEqual([]);
  allow = true;
  await jest.advanceTimersByTimeAsync(1500);
  expect(starts.map((s) => s.at - t0)).toEqual([2000]);
  expect(released.map((at) => at - t0)).toEqual([2300]);
});

test('a run waiting in beforeRun counts for maxrunning', async () => {
  let calls = 0;
  const { scheduler } = harness({ a: { function: 'test.ping', seconds: 1 } }, 0, {
    beforeRun: () => {
      calls++;
      return new Promise(() => undefined);
    },
  });
  scheduler.start();
  await jest.advanceTimersByTimeAsync(5000);
  expect(calls).toBe(1);
});

test('replan keeps the fire time of unchanged jobs, plans changed ones afresh and drops removed ones', async () => {
  const schedule: Record<string, unknown> = { a: { function: 'test.ping', seconds: 10 }, b: { function: 'test.ping', seconds: 10 } };
  const { scheduler } = harness(schedule);
  const t0 = Date.now();
  scheduler.start();
  await jest.advanceTimersByTimeAsync(4000);
  schedule.b = { function: 'test.ping', seconds: 20 };
  schedule.c = { function: 'test.ping', cron: '0 10 * * *' };
  delete schedule.a;
  scheduler.replan();
  expect(scheduler.nextFireTime('a')).toBeUndefined();
  expect(scheduler.nextFireTime('b')! - t0).toBe(24000);
  expect(scheduler.nextFireTime('c')).toBe(new Date(2026, 11, 4, 10).getTime());
  schedule.c = { function: 'test.ping', cron: '0 10 * * *' };
  scheduler.replan();
  expect(scheduler.nextFireTime('b')! - t0).toBe(24000);
});

test('a disabled job and a job outside its range do not run, and still move on to their next fire time', async () => {
  const { scheduler, starts } = harness({
    off: { function: 'test.ping', seconds: 1, enabled: false },
    later: { function: 'test.ping', seconds: 1, range: { start: '10am', end: '11am' } },
  });
  scheduler.start();
  await jest.advanceTimersByTimeAsync(3000);
  expect(starts).toEqual([]);
  expect(scheduler.nextFireTime('off')! - Date.now()).toBeLessThanOrEqual(1000);
});

test('an invalid job is logged and skipped; runNow runs a valid one at once', async () => {
  const { scheduler, starts } = harness({ bad: { function: 'test.ping' }, good: { function: 'test.ping', hours: 1 } });
  scheduler.start();
  expect(log.error).toHaveBeenCalledWith('Scheduled job skipped: Job bad: No interval, cron, when or once: the job never runs');
  expect(scheduler.runNow('bad')).toBe(false);
  expect(scheduler.runNow('good')).toBe(true);
  await jest.advanceTimersByTimeAsync(0);
  expect(starts.map((s) => s.name)).toEqual(['good']);
});

test('an interval under a second (seconds: 0.001) fires at most once a second, as Salt whose loop ticks each second', async () => {
  const { scheduler, starts } = harness({ tiny: { function: 'test.ping', seconds: 0.001 } });
  scheduler.start();
  await jest.advanceTimersByTimeAsync(3000);
  expect(starts.length).toBeLessThanOrEqual(3);
  expect(starts.length).toBeGreaterThanOrEqual(2);
  scheduler.stop();
});
