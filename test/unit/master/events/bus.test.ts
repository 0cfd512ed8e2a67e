import { consoleLogger } from '@brine/core/log';
import { EventBus, eventStamp, MAX_BATCH } from '@brine/master/events/bus';

const quiet = consoleLogger('quiet');

test("_stamp is Python's utcnow().isoformat(): UTC, microseconds, no zone", () => {
  expect(eventStamp(Date.UTC(2026, 11, 1, 7, 10, 29, 210) * 1000 + 422)).toBe('2026-12-01T07:10:29.210422');
  expect(eventStamp(Date.UTC(2026, 0, 2, 3, 4, 5) * 1000)).toBe('2026-01-02T03:04:05.000000');
  expect(eventStamp()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
});

test('with no subscriber an event is counted, never built nor kept', async () => {
  const bus = new EventBus(quiet);
  let built = 0;
  bus.fire('t1', () => ({ n: ++built }));
  expect(built).toBe(0);
  const { cursor } = await bus.poll(undefined);
  expect(cursor).toBe(1);
  expect(await bus.poll(0)).toEqual({ events: [], cursor: 1, missed: 1 });
});

test('a subscriber reads events after its cursor, in order, with _stamp added last', async () => {
  const bus = new EventBus(quiet);
  const { cursor } = await bus.poll(undefined);
  bus.fire('a', () => ({ x: 1 }));
  bus.fire('b', () => ({ y: 2 }));
  const page = await bus.poll(cursor);
  expect(page.events.map((e) => e.tag)).toEqual(['a', 'b']);
  expect(Object.keys(page.events[0].data)).toEqual(['x', '_stamp']);
  expect(page.missed).toBe(0);
  expect(await bus.poll(page.cursor)).toEqual({ events: [], cursor: page.cursor, missed: 0 });
});

test('a held poll wakes when an event is fired; close answers it', async () => {
  const bus = new EventBus(quiet);
  const { cursor } = await bus.poll(undefined);
  const held = bus.poll(cursor, 60_000);
  bus.fire('now', () => ({}));
  expect((await held).events.map((e) => e.tag)).toEqual(['now']);
  const last = bus.poll(cursor + 1, 60_000);
  bus.close();
  expect(await last).toEqual({ events: [], cursor: cursor + 1, missed: 0 });
});

test('a subscriber that stops reading is bounded: the oldest events are dropped for it and counted', async () => {
  const bus = new EventBus(quiet, undefined, 5);
  const { cursor } = await bus.poll(undefined);
  for (let i = 0; i < 12; i++) bus.fire(`e${i}`, () => ({}));
  const page = await bus.poll(cursor);
  expect(page).toMatchObject({ cursor: 12, missed: 7 });
  expect(page.events.map((e) => e.tag)).toEqual(['e7', 'e8', 'e9', 'e10', 'e11']);
});

test('one reply carries at most MAX_BATCH events; a cursor ahead of the bus (a restarted master) reads what is kept', async () => {
  const bus = new EventBus(quiet);
  await bus.poll(undefined);
  for (let i = 0; i < MAX_BATCH + 3; i++) bus.fire(`e${i}`, () => ({}));
  const first = await bus.poll(0);
  expect(first.events).toHaveLength(MAX_BATCH);
  expect((await bus.poll(first.cursor)).events.map((e) => e.tag)).toEqual([`e${MAX_BATCH}`, `e${MAX_BATCH + 1}`, `e${MAX_BATCH + 2}`]);
  expect(await bus.poll(99999)).toMatchObject({ cursor: MAX_BATCH, missed: 0 });
});

test('an event whose data cannot be built is dropped alone, and the fire does not throw', async () => {
  const bus = new EventBus(quiet);
  const { cursor } = await bus.poll(undefined);
  bus.fire('bad', () => {
    throw new Error('no job');
  });
  bus.fire('good', () => ({}));
  expect(await bus.poll(cursor)).toMatchObject({ events: [{ tag: 'good' }], missed: 0 });
});

test('a listener gets the events it wants, built and stamped, even with no subscriber; others stay unbuilt', () => {
  const bus = new EventBus(quiet);
  const got: string[] = [];
  let built = 0;
  const stop = bus.listen((tag) => tag.startsWith('salt/'), (e, seq) => got.push(`${seq} ${e.tag} ${typeof e.data._stamp}`));
  bus.fire('salt/auth', () => ({ n: ++built }));
  bus.fire('other', () => ({ n: ++built }));
  bus.fire('salt/key', () => ({ n: ++built }));
  // With the sequence numbers subscribers see, which the reactor saves its position by.
  expect(got).toEqual(['0 salt/auth string', '2 salt/key string']);
  expect(bus.sequence).toBe(3);
  expect(built).toBe(2);
  stop();
  bus.fire('salt/auth', () => ({ n: ++built }));
  expect(got).toHaveLength(2);
});

test('a listener that throws is logged; subscribers still get the event', async () => {
  const bus = new EventBus(quiet);
  const { cursor } = await bus.poll(undefined);
  bus.listen(() => true, () => {
    throw new Error('boom');
  });
  bus.fire('t', () => ({}));
  expect((await bus.poll(cursor)).events.map((e) => e.tag)).toEqual(['t']);
});
