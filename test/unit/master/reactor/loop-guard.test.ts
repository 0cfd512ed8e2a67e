import { LoopGuard, LOOP_WINDOW_MS } from '@brine/master/reactor/loop-guard';

const ev = (tag: string, data: Record<string, unknown> = {}) => ({ tag, data });

test("Salt's rule: events of the reactor's own jobs and runs (user Reactor) are refused", () => {
  const guard = new LoopGuard(30);
  expect(guard.check(ev('salt/job/1/ret/m1', { id: 'm1', user: 'Reactor' }))?.reason).toBe("its job or run is the reactor's own (user Reactor)");
  expect(guard.check(ev('salt/job/2/ret/m1', { id: 'm1', user: 'root' }))).toBeUndefined();
});

test('events fired inside a reaction, even after its awaits, are refused; outside, they are not', async () => {
  const guard = new LoopGuard(30);
  const seen: unknown[] = [];
  await guard.acting(async () => {
    seen.push(guard.check(ev('salt/key', { id: 'a', act: 'accept' }))?.reason);
    await new Promise((r) => setTimeout(r, 1));
    seen.push(guard.check(ev('20261204000000000000', { minions: ['a'] }))?.reason);
  });
  seen.push(guard.check(ev('salt/key', { id: 'a', act: 'accept' })));
  expect(seen).toEqual(['a reaction fired it', 'a reaction fired it', undefined]);
});

test('an event read back from the log that a reaction fired, as recorded, is refused by rule 2 outside any reaction', () => {
  const guard = new LoopGuard(30);
  expect(guard.inReaction).toBe(false);
  expect(guard.check(ev('salt/key', { id: 'a', act: 'reject' }), true)?.reason).toBe('a reaction fired it');
  expect(guard.check(ev('salt/key', { id: 'a', act: 'reject' }), false)).toBeUndefined();
});

test('rate bound: past the limit per (tag, id) within a minute the tag is refused until the minute ends; other ids and tags are not', () => {
  let now = 1_000_000;
  const guard = new LoopGuard(3, () => now);
  const start = (id: string) => guard.check(ev(`salt/minion/${id}/custom`, { id }));
  expect([start('m1'), start('m1'), start('m1')]).toEqual([undefined, undefined, undefined]);
  expect(start('m1')).toEqual({ reason: 'more than 3 reactions to it from m1 within a minute (reactor_loop_limit): a reaction loop?', first: true });
  expect(start('m1')?.first).toBe(false);
  expect(start('m2')).toBeUndefined();
  expect(guard.check(ev('custom/no/id'))).toBeUndefined();
  now += LOOP_WINDOW_MS;
  expect(start('m1')).toBeUndefined();
});

test('a fleet burst (many ids, one tag) is not limited', () => {
  const guard = new LoopGuard(3);
  for (let i = 0; i < 1000; i++) expect(guard.check(ev('salt/auth', { id: `m${i}`, act: 'pend' }))).toBeUndefined();
});
