import { ByteBudget } from '@brine/core/transport/byte-budget';

test('a burst up to the bucket is allowed, then only the refill rate', () => {
  let now = 0;
  const b = new ByteBudget({ burst: 1000, perSecond: 100, now: () => now });
  expect(b.spend(600)).toBe(true);
  expect(b.spend(400)).toBe(true);
  expect(b.spend(1)).toBe(false);
});

test('the bucket refills with time, never past its size', () => {
  let now = 0;
  const b = new ByteBudget({ burst: 1000, perSecond: 100, now: () => now });
  expect(b.spend(1000)).toBe(true);
  now = 2000;
  expect(b.spend(200)).toBe(true);
  expect(b.spend(1)).toBe(false);
  now = 1_000_000;
  expect(b.spend(1000)).toBe(true);
  expect(b.spend(1)).toBe(false);
});

test('take takes only what the bucket holds, and full says when it refilled', () => {
  let now = 0;
  const b = new ByteBudget({ burst: 2, perSecond: 1, now: () => now });
  expect(b.full).toBe(true);
  expect(b.take(1)).toBe(true);
  expect(b.take(1)).toBe(true);
  expect(b.take(1)).toBe(false);
  expect(b.full).toBe(false);
  now = 1000;
  expect(b.take(1)).toBe(true);
  now = 3000;
  expect(b.full).toBe(true);
});
