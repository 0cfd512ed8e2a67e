/**
 * The methods of Python's dict that templates call (`d.get(k, default)`,
 * `d.items()`, `d.update()`, `d.setdefault()`, `d.pop()`...), with CPython
 * 3.11's semantics and messages, on the value model's Map dicts with
 * Python's key equality.
 *
 * `keys()`, `values()` and `items()` return lists (items as 2-tuples), not
 * live views: iterating, `in`, `length`, filters and comparisons behave the
 * same, but `{{ d.items() }}` prints `[('a', 1)]` where Python prints
 * `dict_items([('a', 1)])`. `dict.fromkeys` (a classmethod) is left out.
 */
import { PyError, dictGet, dictHas, dictSet, isDict, pyEquals, pyRepr, tuple, type Kwargs, type PyDict } from '../runtime/values';
import { checkHashable } from './coerce';
import { iterate } from '../runtime/iterate';
import type { MethodDef, MethodTable } from './method-table';

/** Marks an optional argument that was not given (`d.pop(k)` vs `d.pop(k, None)`). */
const NOT_GIVEN: unique symbol = Symbol('not given');

/**
 * `d.update(other, **kwargs)` (and `dict(other, **kwargs)` into a new Map): `other` a dict, or an iterable of
 * pairs (any 2-item iterables); then the keywords.
 * @param fname the name messages use: `update`, or `dict` for the constructor
 * @returns `d`
 * @throws PyError TypeError `update expected at most 1 argument, got 2`,
 *   `cannot convert dictionary update sequence element #0 to a sequence`, `unhashable type: 'list'`;
 *   ValueError `dictionary update sequence element #0 has length 3; 2 is required`
 */
export function dictUpdate(d: PyDict, others: unknown[], kwargs: Kwargs, fname = 'update'): PyDict {
  if (others.length > 1) throw new PyError('TypeError', `${fname} expected at most 1 argument, got ${others.length}`);
  const [other] = others;
  if (isDict(other)) {
    for (const [k, v] of other) dictSet(d, k, v);
  } else if (others.length) {
    iterate(other).forEach((item, i) => {
      if (!(typeof item === 'string' || Array.isArray(item) || isDict(item))) {
        throw new PyError('TypeError', `cannot convert dictionary update sequence element #${i} to a sequence`);
      }
      const pair = iterate(item);
      if (pair.length !== 2) {
        throw new PyError('ValueError', `dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
      }
      checkHashable(pair[0]);
      dictSet(d, pair[0], pair[1]);
    });
  }
  for (const [k, v] of kwargs) dictSet(d, k, v);
  return d;
}

/** `d.pop(key[, default])`. @throws PyError KeyError (the key's repr) when absent without a default */
function pop(d: PyDict, key: unknown, fallback: unknown): unknown {
  checkHashable(key);
  if (!dictHas(d, key)) {
    if (fallback === NOT_GIVEN) throw new PyError('KeyError', pyRepr(key));
    return fallback;
  }
  const value = dictGet(d, key, null);
  d.delete(d.has(key) ? key : [...d.keys()].find((k) => pyEquals(k, key)));
  return value;
}

const entries: [string, MethodDef<PyDict>][] = [
  [
    'get',
    {
      params: [{ name: 'key' }, { name: 'default', default: null }],
      call: (d, [key, fallback]) => {
        checkHashable(key);
        return dictGet(d, key, fallback);
      },
    },
  ],
  ['keys', { params: [], call: (d) => [...d.keys()] }],
  ['values', { params: [], call: (d) => [...d.values()] }],
  ['items', { params: [], call: (d) => [...d].map(tuple) }],
  ['update', { params: [], style: 'keywords', rest: true, call: (d, _values, others, kwargs) => (dictUpdate(d, others, kwargs), null) }],
  [
    'setdefault',
    {
      params: [{ name: 'key' }, { name: 'default', default: null }],
      call: (d, [key, fallback]) => {
        checkHashable(key);
        if (!dictHas(d, key)) dictSet(d, key, fallback);
        return dictGet(d, key, null);
      },
    },
  ],
  ['pop', { params: [{ name: 'key' }, { name: 'default', default: NOT_GIVEN }], call: (d, [key, fallback]) => pop(d, key, fallback) }],
  [
    'popitem',
    {
      params: [],
      call: (d) => {
        const last = [...d].pop();
        if (last === undefined) throw new PyError('KeyError', pyRepr('popitem(): dictionary is empty'));
        d.delete(last[0]);
        return tuple(last);
      },
    },
  ],
  ['copy', { params: [], call: (d) => new Map(d) }],
  ['clear', { params: [], call: (d) => (d.clear(), null) }],
];

/** dict's methods by name. */
export const DICT_METHODS: MethodTable<PyDict> = new Map(entries);
