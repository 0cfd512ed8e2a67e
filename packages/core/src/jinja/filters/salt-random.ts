/**
 * Salt 3006's random_sample and random_shuffle (salt/utils/data.py):
 * `random.Random(hash(seed)).sample(value, size)`, so an int seed gives
 * Python's exact order. Python's hash() of a str changes with every process
 * (PYTHONHASHSEED), so Salt's order for a str seed is only stable within one
 * run; here a str seed hashes to a fixed int (FNV-1a), stable across runs.
 */
import { PyError, Undefined, isDict, pyStr, typeName } from '../runtime/values';
import { defineFilter, p } from './define';
import { pyLen } from './iterate';
import { iterate } from '../runtime/iterate';
import { PyRandom } from './mersenne';
import { asIndex } from '../python/coerce';
import type { FilterFn } from './types';

/** Python's hash() of an int seed (hash(-1) is -2; bools are 0/1); a fixed FNV-1a hash for anything else. */
function seedHash(seed: unknown): number {
  if (typeof seed === 'boolean') return Number(seed);
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed === -1 ? -2 : seed;
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(pyStr(seed), 'utf8')) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/**
 * `random_sample(value, size, seed=None)`: `size` distinct items of a str,
 * list or tuple, in random order (Python's order for an int seed).
 * @throws PyError TypeError for a dict (`Population must be a sequence...`), ValueError when `size` exceeds it
 */
function sample(value: unknown, size: unknown, seed: unknown): unknown[] {
  if (value instanceof Undefined) value.fail();
  if (isDict(value) || !(typeof value === 'string' || Array.isArray(value))) {
    throw new PyError('TypeError', isDict(value) ? 'Population must be a sequence.  For dicts or sets, use sorted(d).' : `object of type '${typeName(value)}' has no len()`);
  }
  const population = iterate(value);
  const k = asIndex(size);
  if (seed === null || seed === undefined) {
    if (!(k >= 0 && k <= population.length)) throw new PyError('ValueError', 'Sample larger than population or is negative');
    const pool = [...population];
    return Array.from({ length: k }, (_x, i) => {
      const j = i + Math.floor(Math.random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
      return pool[i];
    });
  }
  return new PyRandom(seedHash(seed)).sample(population, k);
}

/** Salt's random filters, by name. */
export const SALT_RANDOM_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['random_sample', defineFilter('sample', [p('value'), p('size'), p('seed', null)], (_ctx, [value, size, seed]) => sample(value, size, seed))],
  ['random_shuffle', defineFilter('shuffle', [p('value'), p('seed', null)], (_ctx, [value, seed]) => sample(value, pyLen(value), seed))],
];
