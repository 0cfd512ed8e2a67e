import { TagQueues } from '@brine/master/reactor/queue';

/** A queue whose items finish when the test says so, recording starts. */
function harness(workers: number, hwm: number) {
  const started: string[] = [];
  const dropped: string[] = [];
  const finish = new Map<string, () => void>();
  const q = new TagQueues<string>(
    workers,
    hwm,
    (item) => {
      started.push(item);
      return new Promise<void>((resolve) => finish.set(item, resolve));
    },
    (item) => dropped.push(item),
    () => undefined,
  );
  const done = async (item: string) => {
    finish.get(item)!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { q, started, dropped, done };
}

test('one tag runs its items one at a time, in order; other tags run at once', async () => {
  const { q, started, done } = harness(10, 100);
  q.push('a', 'a1');
  q.push('a', 'a2');
  q.push('b', 'b1');
  expect(started).toEqual(['a1', 'b1']);
  await done('a1');
  expect(started).toEqual(['a1', 'b1', 'a2']);
});

test('at most `workers` tags run together; the next ready tag starts when one ends', async () => {
  const { q, started, done } = harness(2, 100);
  for (const t of ['a', 'b', 'c']) q.push(t, `${t}1`);
  expect(started).toEqual(['a1', 'b1']);
  await done('b1');
  expect(started).toEqual(['a1', 'b1', 'c1']);
});

test('past hwm waiting items, the oldest waiting one is dropped (running ones are not waiting)', async () => {
  const { q, started, dropped, done } = harness(1, 2);
  q.push('a', 'a1');
  q.push('a', 'a2');
  q.push('b', 'b1');
  q.push('a', 'a3');
  expect(started).toEqual(['a1']);
  expect(dropped).toEqual(['a2']);
  expect(q.size).toBe(2);
  await done('a1');
  expect(started).toEqual(['a1', 'b1']);
  await done('b1');
  expect(started).toEqual(['a1', 'b1', 'a3']);
});

test('an item that throws does not stop its tag; drain drops the waiting and waits for the running', async () => {
  const errors: unknown[] = [];
  const ran: string[] = [];
  const q = new TagQueues<string>(1, 10, async (i) => {
    ran.push(i);
    if (i === 'x1') throw new Error('boom');
  }, () => undefined, (_i, err) => errors.push(err));
  q.push('x', 'x1');
  q.push('x', 'x2');
  await q.drain();
  expect(ran).toEqual(['x1']);
  expect(errors).toHaveLength(1);
  q.push('x', 'x3');
  await q.drain();
  expect(ran).toEqual(['x1', 'x3']);
});
