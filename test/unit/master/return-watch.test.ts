import { ReturnWatch } from '@brine/master/return-watch';

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

test('a held read wakes when a return of its job lands, not of another job', async () => {
  const w = new ReturnWatch();
  const a = w.next('j1', 60_000);
  const b = w.next('j2', 60_000);
  w.landed('j1');
  expect(await settled(a)).toBe(true);
  expect(await settled(b)).toBe(false);
  w.close();
  expect(await settled(b)).toBe(true);
});

test('a held read gives up after its wait', async () => {
  const w = new ReturnWatch();
  const t0 = Date.now();
  await w.next('j', 50);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
  // Its timer is gone: a later landing wakes only the reads held then.
  const later = w.next('j', 60_000);
  w.landed('j');
  expect(await settled(later)).toBe(true);
});

test('once closed, nothing is held', async () => {
  const w = new ReturnWatch();
  w.close();
  expect(await settled(w.next('j', 60_000))).toBe(true);
});
