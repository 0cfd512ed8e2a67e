import { consoleLogger } from '@brine/core/log';
import { EventBus } from '@brine/master/events/bus';
import { startPresenceEvents } from '@brine/master/events/presence-events';

test("presence events: present every round, change only when it changed (Salt's handle_presence)", async () => {
  jest.useFakeTimers({ doNotFake: ['performance'] });
  try {
    const bus = new EventBus(consoleLogger('quiet'));
    const { cursor } = await bus.poll(undefined);
    let now = ['m1', 'm2'];
    const stop = startPresenceEvents(bus, () => now, 1000);
    jest.advanceTimersByTime(1000);
    now = ['m2', 'm3'];
    jest.advanceTimersByTime(1000);
    stop();
    jest.advanceTimersByTime(5000);
    const { events } = await bus.poll(cursor);
    const shape = events.map(({ tag, data: { _stamp, ...d } }) => [tag, d]);
    expect(shape).toEqual([
      ['salt/presence/change', { new: ['m1', 'm2'], lost: [] }],
      ['salt/presence/present', { present: ['m1', 'm2'] }],
      ['salt/presence/present', { present: ['m1', 'm2'] }],
      ['salt/presence/change', { new: ['m3'], lost: ['m1'] }],
      ['salt/presence/present', { present: ['m2', 'm3'] }],
    ]);
  } finally {
    jest.useRealTimers();
  }
});

test('a loop_interval past what a timer holds (about 24.8 days) is not taken as 1 ms', async () => {
  let rounds = 0;
  const stop = startPresenceEvents(new EventBus(consoleLogger('quiet')), () => (rounds++, []), 40 * 86400 * 1000);
  await new Promise((r) => setTimeout(r, 100));
  stop();
  expect(rounds).toBe(1);
});
