import { SaltConfigurationError, SaltInvocationError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import type { SlotAnswer } from '@brine/core/protocol/v1/minion-requests';
import { configuredLimits, Governor, MAX_GROUPS, MAX_PER_MINION } from '@brine/master/governor';

const quiet = consoleLogger('quiet');

/** A governor on a clock the test moves (ms). */
function governor(limits: Record<string, number> = {}) {
  let t = 1_000_000;
  const g = new Governor(configuredLimits(limits), quiet, () => t);
  return { g, advance: (ms: number) => (t += ms) };
}

const ask = (run: string, extra: Partial<{ limit: number; lease: number; wait: number }> = {}) => ({
  group: 'state_apply',
  run,
  limit: 2,
  lease: 60,
  wait: 0,
  ...extra,
});

/** Whether `p` has settled after pending callbacks ran, and its value. */
async function peek(p: SlotAnswer | Promise<SlotAnswer>): Promise<SlotAnswer | undefined> {
  let v: SlotAnswer | undefined;
  void Promise.resolve(p).then((x) => (v = x));
  await new Promise((r) => setImmediate(r));
  return v;
}

afterEach(() => jest.useRealTimers());

test('grants up to the limit, then refuses at once with wait 0', async () => {
  const { g } = governor();
  expect(await g.acquire('m1', ask('j1'))).toEqual({ granted: true, limit: 2, holders: 1, waiting: 0 });
  expect(await g.acquire('m2', ask('j1'))).toEqual({ granted: true, limit: 2, holders: 2, waiting: 0 });
  expect(await g.acquire('m3', ask('j1'))).toEqual({ granted: false, limit: 2, holders: 2, waiting: 0 });
  // Another group has its own slots.
  expect((await g.acquire('m3', { ...ask('j1'), group: 'other' })).granted).toBe(true);
});

test("the master's concurrency_groups limit wins over the request's", async () => {
  const { g } = governor({ state_apply: 1 });
  expect((await g.acquire('m1', ask('j1', { limit: 5 }))).granted).toBe(true);
  expect(await g.acquire('m2', ask('j1', { limit: 5 }))).toMatchObject({ granted: false, limit: 1 });
});

test('a group without a limit from either side is refused; bad config limits are refused', () => {
  const { g } = governor();
  expect(() => g.acquire('m1', { group: 'g', run: 'j', lease: 10, wait: 0 })).toThrow(SaltInvocationError);
  expect(() => configuredLimits({ g: 0 })).toThrow(SaltConfigurationError);
  expect(() => configuredLimits({ g: '3' })).toThrow(SaltConfigurationError);
});

test('only the holder releases its slot: another minion, or another run, is refused', async () => {
  const { g } = governor();
  await g.acquire('m1', ask('j1'));
  expect(g.release('m2', { group: 'state_apply', run: 'j1' })).toBe(false);
  expect(g.release('m1', { group: 'state_apply', run: 'j2' })).toBe(false);
  expect(g.status().state_apply.holders.map((h) => h.minion)).toEqual(['m1']);
  expect(g.release('m1', { group: 'state_apply', run: 'j1' })).toBe(true);
  expect(g.status()).toEqual({});
  expect(g.release('m1', { group: 'state_apply', run: 'j1' })).toBe(false);
});

test('a slot never released expires with its lease; renewing (asking again) extends it', async () => {
  const { g, advance } = governor();
  await g.acquire('m1', ask('j1', { lease: 10 }));
  await g.acquire('m2', ask('j1', { lease: 10 }));
  advance(8000);
  // m1 renews: granted again, still one slot.
  expect(await g.acquire('m1', ask('j1', { lease: 10 }))).toMatchObject({ granted: true, holders: 2 });
  advance(4000);
  // m2's lease ended (12 s > 10 s), m1's did not (renewed 4 s ago).
  expect(g.status().state_apply.holders.map((h) => h.minion)).toEqual(['m1']);
  expect((await g.acquire('m3', ask('j1'))).granted).toBe(true);
  expect((await g.acquire('m4', ask('j1'))).granted).toBe(false);
});

test('waiters are granted first come, first served as slots free', async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate'] });
  const { g } = governor();
  await g.acquire('m1', ask('j1', { limit: 1 }));
  const w2 = g.acquire('m2', ask('j1', { limit: 1, wait: 20 }));
  const w3 = g.acquire('m3', ask('j1', { limit: 1, wait: 20 }));
  // A newcomer does not jump the queue even with wait 0.
  expect(await g.acquire('m4', ask('j1', { limit: 1 }))).toMatchObject({ granted: false, waiting: 2 });
  expect(g.status().state_apply.waiting).toEqual(['m2', 'm3']);
  g.release('m1', { group: 'state_apply', run: 'j1' });
  expect(await peek(w2)).toMatchObject({ granted: true, holders: 1 });
  expect(await peek(w3)).toBeUndefined();
  g.release('m2', { group: 'state_apply', run: 'j1' });
  expect(await peek(w3)).toMatchObject({ granted: true });
  g.close();
});

test("a waiter is granted when a vanished holder's lease ends, by the one timer", async () => {
  jest.useFakeTimers({ now: 1_000_000, doNotFake: ['setImmediate'] });
  const g = new Governor(new Map(), quiet);
  await g.acquire('gone', ask('j1', { limit: 1, lease: 5 }));
  const w = g.acquire('m2', ask('j1', { limit: 1, wait: 20 }));
  jest.advanceTimersByTime(4000);
  expect(await peek(w)).toBeUndefined();
  jest.advanceTimersByTime(1000);
  expect(await peek(w)).toMatchObject({ granted: true });
  g.close();
});

test('a wait that ends ungranted is answered and leaves the queue; asking again keeps the place', async () => {
  jest.useFakeTimers({ now: 1_000_000, doNotFake: ['setImmediate'] });
  const g = new Governor(new Map(), quiet);
  await g.acquire('m1', ask('j1', { limit: 1, lease: 600 }));
  const first = g.acquire('m2', ask('j1', { limit: 1, wait: 3 }));
  const later = g.acquire('m3', ask('j1', { limit: 1, wait: 20 }));
  // m2 asks again while still queued: the first request is answered, the new one keeps m2 ahead of m3.
  const again = g.acquire('m2', ask('j1', { limit: 1, wait: 20 }));
  expect(await peek(first)).toMatchObject({ granted: false });
  expect(g.status().state_apply.waiting).toEqual(['m2', 'm3']);
  jest.advanceTimersByTime(20_000);
  expect(await peek(again)).toMatchObject({ granted: false });
  expect(await peek(later)).toMatchObject({ granted: false });
  expect(g.status().state_apply.waiting).toEqual([]);
  g.close();
});

test('a waiter can release its place; close answers every waiter', async () => {
  const { g } = governor();
  await g.acquire('m1', ask('j1', { limit: 1 }));
  const w2 = g.acquire('m2', ask('j1', { limit: 1, wait: 20 }));
  const w3 = g.acquire('m3', ask('j1', { limit: 1, wait: 20 }));
  expect(g.release('m2', { group: 'state_apply', run: 'j1' })).toBe(true);
  expect(await peek(w2)).toMatchObject({ granted: false });
  g.close();
  expect(await peek(w3)).toMatchObject({ granted: false });
  // Closed: no request waits any more.
  expect(await peek(g.acquire('m4', ask('j1', { limit: 1, wait: 20 })))).toMatchObject({ granted: false });
});

test('one minion may hold slots for two runs; each counts', async () => {
  const { g } = governor();
  await g.acquire('m1', ask('j1'));
  await g.acquire('m1', ask('j2'));
  expect((await g.acquire('m2', ask('j1'))).granted).toBe(false);
});

test('the number of groups is bounded; an emptied group is forgotten', async () => {
  const { g } = governor();
  for (let i = 0; i < MAX_GROUPS; i++) await g.acquire(`m${i}`, { ...ask('j'), group: `g${i}` });
  expect(() => g.acquire('m', { ...ask('j'), group: 'one-more' })).toThrow(/Too many concurrency groups/);
  g.release('m0', { group: 'g0', run: 'j' });
  expect((await g.acquire('m', { ...ask('j'), group: 'one-more' })).granted).toBe(true);
});

test('one minion holds and waits for at most MAX_PER_MINION slots; released ones count no more', async () => {
  const { g } = governor();
  for (let i = 0; i < MAX_PER_MINION; i++) expect((await g.acquire('greedy', { ...ask(`r${i}`), group: `g${i}` })).granted).toBe(true);
  expect(() => g.acquire('greedy', { ...ask('more'), group: 'gx' })).toThrow(/holds or waits for 64 concurrency slots already/);
  // The refused request left no group behind.
  expect(Object.keys(g.status())).not.toContain('gx');
  // Renewing one it holds is still allowed; another minion is not affected.
  expect((await g.acquire('greedy', { ...ask('r0'), group: 'g0' })).granted).toBe(true);
  expect((await g.acquire('other', { ...ask('r'), group: 'gx' })).granted).toBe(true);
  g.release('greedy', { group: 'g0', run: 'r0' });
  expect((await g.acquire('greedy', { ...ask('more'), group: 'gy' })).granted).toBe(true);
});

test('waiting counts toward MAX_PER_MINION until the wait ends, is granted, or is released', async () => {
  jest.useFakeTimers({ now: 1_000_000, doNotFake: ['setImmediate'] });
  const g = new Governor(new Map(), quiet);
  const waits: Array<SlotAnswer | Promise<SlotAnswer>> = [];
  for (let i = 0; i < MAX_PER_MINION; i++) {
    await g.acquire(`holder${i}`, { ...ask('h', { limit: 1, lease: 5 }), group: `g${i}` });
    waits.push(g.acquire('greedy', { ...ask('w', { limit: 1, wait: 20 }), group: `g${i}` }));
  }
  expect(() => g.acquire('greedy', { ...ask('x', { limit: 1 }), group: 'other' })).toThrow(/64 concurrency slots/);
  // The holders' leases (5 s) end: every wait is granted.
  jest.advanceTimersByTime(5000);
  for (const w of waits) expect(await peek(w)).toMatchObject({ granted: true });
  // Held now: release them all; the minion is back to zero.
  for (let i = 0; i < MAX_PER_MINION; i++) expect(g.release('greedy', { group: `g${i}`, run: 'w' })).toBe(true);
  expect(g.status()).toEqual({});
  // Waits that end ungranted give their count back too.
  await g.acquire('holder', { ...ask('h', { limit: 1, lease: 600 }), group: 'busy' });
  const ended = [];
  for (let i = 0; i < MAX_PER_MINION; i++) ended.push(g.acquire('greedy', { ...ask(`w${i}`, { limit: 1, wait: 3 }), group: 'busy' }));
  jest.advanceTimersByTime(3000);
  for (const w of ended) expect(await peek(w)).toMatchObject({ granted: false });
  expect((await g.acquire('greedy', { ...ask('x', { limit: 1 }), group: 'other' })).granted).toBe(true);
  g.close();
});

test('a group named __proto__ shows in governor.status like any other (a minion cannot hide its slots from it)', async () => {
  const { g } = governor();
  expect((await g.acquire('m1', { ...ask('j1'), group: '__proto__' })).granted).toBe(true);
  expect(Object.keys(g.status())).toEqual(['__proto__']);
  expect(g.status()['__proto__'].holders.map((h) => h.minion)).toEqual(['m1']);
});
