import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import { MINION_EVENT_MAX_BYTES, MINION_EVENT_MAX_DEPTH } from '@brine/core/protocol/v1/constants';
import { EventBus } from '@brine/master/events/bus';
import { dataRefusal, MinionEventGuard, tagRefusal } from '@brine/master/events/minion-event-guard';
import { fireMinionEvent } from '@brine/master/events/minion-events';

test('a minion may fire its own tags and any outside salt/, never the master\'s or another minion\'s', () => {
  for (const tag of ['myco/build/success', 'salt', 'salt/minion/web1/custom', 'salt/minion/web1/start', 'salt/beacon/web1/inotify//etc', 'minion_start2', '2026']) {
    expect(tagRefusal('web1', tag)).toBeNull();
  }
  for (const tag of [
    'salt/minion/web2/start', // another minion's
    'salt/minion/web1x/start', // a prefix of the id is not the id
    'salt/minion/web1', // not under the id's own folder
    'salt/beacon/web2/x',
    'salt/job/20260101000000000000/ret/web2',
    'salt/job/20260101000000000000/new',
    'salt/run/20260101000000000000/new',
    'salt/auth',
    'salt/key',
    'salt/presence/present',
    'salt/',
    'minion_start',
    '20260101000000000000',
  ]) {
    expect(tagRefusal('web1', tag)).toMatch(/master alone fires/);
  }
});

test('a tag with control characters, empty or overlong is refused (it could forge a state.event line)', () => {
  expect(tagRefusal('web1', 'a\tb')).toMatch(/control characters/);
  expect(tagRefusal('web1', 'myco/x\nsalt/key\t{"act": "delete"}')).toMatch(/control characters/);
  for (const c of ['\u007f', '\u0085', '\u2028', '\u2029']) expect(tagRefusal('web1', `x${c}y`)).toMatch(/control characters/);
  expect(tagRefusal('web1', '')).toMatch(/1 to 512/);
  expect(tagRefusal('web1', 'x'.repeat(513))).toMatch(/1 to 512/);
  expect(tagRefusal('web1', 'x'.repeat(512))).toBeNull();
});

test('dataRefusal counts containers, walking without recursion, and refuses bytes and timestamps', () => {
  expect(dataRefusal(1, 0)).toBeNull();
  expect(dataRefusal({}, 0)).toMatch(/deeper than 0 levels/);
  expect(dataRefusal({ a: [1, { b: 2 }] }, 3)).toBeNull();
  expect(dataRefusal({ a: [1, { b: 2 }] }, 2)).toMatch(/deeper than 2 levels/);
  let deep: unknown = 1;
  for (let i = 0; i < 100000; i++) deep = [deep];
  expect(dataRefusal(deep, 64)).toMatch(/deeper than 64 levels/);
  expect(dataRefusal({ a: [new Uint8Array([1])] }, 64)).toMatch(/bytes or a timestamp/);
  expect(dataRefusal({ a: new Date(0) }, 64)).toMatch(/bytes or a timestamp/);
});

test('the guard refuses data over 1 MiB or nested too deep, in data or preload', () => {
  const guard = new MinionEventGuard();
  expect(() => guard.admit('web1', { tag: 'myco/big', data: 'x'.repeat(MINION_EVENT_MAX_BYTES) })).toThrow(SaltInvocationError);
  expect(() => guard.admit('web1', { tag: 'myco/big', data: {}, preload: { x: 'x'.repeat(MINION_EVENT_MAX_BYTES) } })).toThrow(/bytes of data, more than 1048576/);
  let deep: unknown = 1;
  for (let i = 0; i < MINION_EVENT_MAX_DEPTH; i++) deep = { a: deep };
  expect(() => guard.admit('web1', { tag: 'myco/deep', data: deep })).not.toThrow();
  expect(() => guard.admit('web1', { tag: 'myco/deep', data: [deep] })).toThrow(/nests deeper than 64 levels/);
  expect(() => guard.admit('web1', { tag: 'salt/key', data: {} })).toThrow(/Event "salt\/key" refused: the master alone fires/);
});

test('each minion has its own token bucket: a burst, then the rate, refilled with time', () => {
  let now = 0;
  const guard = new MinionEventGuard(10, 20, () => now);
  const fire = (id: string) => guard.admit(id, { tag: 'myco/t', data: {} });
  for (let i = 0; i < 20; i++) fire('web1');
  expect(() => fire('web1')).toThrow(CommandExecutionError);
  expect(() => fire('web1')).toThrow('Event refused: minion web1 fires more than 10 events a second (bursts of 20)');
  // Another minion is not held back by the first.
  fire('web2');
  now += 100; // 1 token back at 10/s
  fire('web1');
  expect(() => fire('web1')).toThrow(CommandExecutionError);
  now += 10000; // full again, never more than the burst
  for (let i = 0; i < 20; i++) fire('web1');
  expect(() => fire('web1')).toThrow(CommandExecutionError);
  // Refused events (bad tag) spend nothing.
  const fresh = new MinionEventGuard(10, 1, () => now);
  expect(() => fresh.admit('web3', { tag: 'salt/key', data: {} })).toThrow(SaltInvocationError);
  fresh.admit('web3', { tag: 'ok', data: {} });
});

test('buckets of minions that stopped firing are forgotten', () => {
  let now = 0;
  const guard = new MinionEventGuard(10, 20, () => now);
  for (let i = 0; i < 1023; i++) guard.admit(`m${i}`, { tag: 't', data: {} });
  now += 5000;
  guard.admit('last', { tag: 't', data: {} });
  expect((guard as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
});

describe('the event on the bus: Salt\'s shapes, with the id the master knows', () => {
  const fired = async (id: string, load: Parameters<typeof fireMinionEvent>[2]) => {
    const bus = new EventBus(consoleLogger('quiet'));
    const { cursor } = await bus.poll(undefined);
    fireMinionEvent(bus, id, load);
    return (await bus.poll(cursor)).events;
  };

  test("from a running minion: the load Salt's minion forwards, {id, cmd, pretag, data, tag}", async () => {
    const [e] = await fired('web1', { tag: 'my/tag', data: { a: 1 } });
    expect(e.tag).toBe('my/tag');
    expect(Object.keys(e.data)).toEqual(['id', 'cmd', 'pretag', 'data', 'tag', '_stamp']);
    expect(e.data).toMatchObject({ id: 'web1', cmd: '_minion_event', pretag: null, data: { a: 1 }, tag: 'my/tag' });
  });

  test("with a preload (salt-call): Salt's raw load, {id, tag, data, cmd} then the preload's other keys; id stays the sender's", async () => {
    const [e] = await fired('web1', { tag: 'my/tag', data: 'x', preload: { id: 'web2', cmd: 'forged', tag: 'salt/key', _stamp: 0, tok: 'x', extra: 1 } });
    expect(e.tag).toBe('my/tag');
    expect(Object.keys(e.data)).toEqual(['id', 'tag', 'data', 'cmd', 'extra', '_stamp']);
    expect(e.data).toMatchObject({ id: 'web1', tag: 'my/tag', data: 'x', cmd: '_minion_event', extra: 1 });
    expect(typeof e.data._stamp).toBe('string');
  });

  test('a preload key __proto__ is kept as data, not as the prototype', async () => {
    const preload = JSON.parse('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    const [e] = await fired('web1', { tag: 't', data: {}, preload });
    expect(Object.getPrototypeOf(e.data)).toBe(Object.prototype);
    expect(Object.hasOwn(e.data, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
