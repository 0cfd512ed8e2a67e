import { spawnTurn } from '@brine/modules/lib/spawn-turn';

test('callers take turns in order, a loop iteration apart (so the poll phase reads sockets between two)', async () => {
  const order: string[] = [];
  const callers = ['a', 'b', 'c'].map(async (name) => {
    await spawnTurn();
    order.push(name);
    // Queued now, it runs in the next iteration's check phase: before the next caller only if that one's
    // turn is in a later iteration than this one.
    setImmediate(() => order.push(`next iteration after ${name}`));
  });
  await Promise.all(callers);
  await new Promise((r) => setImmediate(r));
  expect(order).toEqual(['a', 'next iteration after a', 'b', 'next iteration after b', 'c', 'next iteration after c']);
});

test('a lone caller waits one turn only', async () => {
  const t0 = process.hrtime.bigint();
  await spawnTurn();
  expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(50);
});
