import { err, f, r } from './context';

const range = (n: number) => Array.from({ length: n }, (_x, i) => i);

describe("Salt's random_sample and random_shuffle (CPython's Mersenne Twister)", () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['random_shuffle', range(10), [], { seed: 42 }, '[1, 0, 4, 9, 6, 5, 8, 2, 3, 7]'],
    ['random_sample', 'abcdef', [3], { seed: 12345 }, "['d', 'a', 'c']"],
    ['random_sample', range(100), [8, 7], {}, '[41, 19, 50, 83, 6, 9, 68, 12]'],
    ['random_sample', [1, 2, 3], [3, 0], {}, '[2, 3, 1]'],
    ['random_sample', [1, 2, 3], [3, -1], {}, '[1, 3, 2]'],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test('a large int seed uses all its 32-bit words', () => {
    expect((f('random_shuffle', range(60), [2 ** 40 + 5]) as number[]).slice(0, 5)).toEqual([32, 33, 17, 42, 1]);
  });

  test('without a seed the items are a permutation; a str seed is stable', () => {
    expect((f('random_shuffle', range(20)) as number[]).sort((a, b) => a - b)).toEqual(range(20));
    expect(f('random_shuffle', range(20), ['minion1'])).toEqual(f('random_shuffle', range(20), ['minion1']));
  });

  test.each<[string, () => unknown, string]>([
    ['a sample larger than the population', () => r('random_sample', [1], [2], { seed: 1 }), 'ValueError: Sample larger than population or is negative'],
    ['a dict', () => r('random_shuffle', { a: 1 }, [1]), 'TypeError: Population must be a sequence.  For dicts or sets, use sorted(d).'],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});
