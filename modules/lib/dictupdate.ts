/**
 * Salt's `salt.utils.dictupdate`: the recursive dictionary update and the
 * merge strategies that slsutil, defaults and config.get share (and that
 * pillar merging names: smart, recurse, aggregate, overwrite, list, none).
 * Values are decoded data (JSON-like); lists and dicts are compared by value,
 * as Python's `in` and `==` compare them. Any key is a key, as in a Python
 * dict: `__proto__`, `constructor` and `prototype` are stored as own
 * properties (see setOwn), never reaching a prototype.
 */
import { isDeepStrictEqual } from 'node:util';
import { SaltInvocationError } from '@brine/core/errors';
import { setOwn } from '@brine/core/traverse';
import { isDict } from '@brine/core/python';

/** A decoded mapping. */
export type Dict = Record<string, unknown>;

/** The strategies `merge` knows, as Salt's. */
export const STRATEGIES = ['smart', 'recurse', 'aggregate', 'overwrite', 'list', 'none'] as const;

/** Python's `copy.deepcopy` of decoded data: lists and dicts are copied all the way down; other values are kept. */
export function deepcopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepcopy) as T;
  if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepcopy(v)])) as T;
  return value;
}

/**
 * Merge `upd` into `dest` recursively, in place, as Salt's `dictupdate.update`:
 * where both hold a dict under a key, the dicts are merged; where both hold a
 * list and `mergeLists`, `upd`'s items not already in `dest`'s list are
 * appended (duplicates are not added); otherwise `upd`'s value replaces
 * `dest`'s. With `recursiveUpdate` false, a plain top-level update.
 * @returns `dest`, changed
 * @throws SaltInvocationError "Cannot update using non-dict types in dictupdate.update()" when either is not a dict
 */
export function update(dest: unknown, upd: unknown, recursiveUpdate = true, mergeLists = false): Dict {
  if (!isDict(dest) || !isDict(upd)) throw new SaltInvocationError('Cannot update using non-dict types in dictupdate.update()');
  for (const [key, val] of Object.entries(upd)) {
    const old = Object.hasOwn(dest, key) ? dest[key] : undefined;
    if (recursiveUpdate && isDict(old) && isDict(val)) setOwn(dest, key, update(old, val, true, mergeLists));
    else if (recursiveUpdate && mergeLists && Array.isArray(old) && Array.isArray(val)) {
      const merged = deepcopy(old);
      for (const item of val) if (!merged.some((m) => isDeepStrictEqual(m, item))) merged.push(item);
      setOwn(dest, key, merged);
    } else setOwn(dest, key, val);
  }
  return dest;
}

/**
 * Salt's `merge_list`: every key of `a`, with `[a's value, b's value]` where `b` has the key too.
 * Keys only in `b` are left out, as Salt leaves them out.
 */
function mergeList(a: Dict, b: Dict): Dict {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Object.hasOwn(b, k) ? [v, b[k]] : v]));
}

/** Salt's `merge_recurse`: `update` on a deep copy of `a`. */
function mergeRecurse(a: Dict, b: Dict, mergeLists: boolean): Dict {
  return update(deepcopy(a), b, true, mergeLists);
}

/**
 * Merge `b` into `a` with a strategy, as Salt's `dictupdate.merge`:
 * - `recurse`: a deep copy of `a` updated recursively with `b` (`update`); lists are replaced, or merged with `mergeLists`;
 * - `overwrite`: every top-level key of `b` replaces `a`'s whole value, and `a` itself is changed so (as Salt);
 * - `aggregate`: yamlex's aggregation, which for data without yamlex's `!aggregate` tags (brine has no yamlex)
 *   is a top-level update of a copy of `a`;
 * - `list`: each key of `a`, its value paired `[a's, b's]` where `b` has the key (keys only in `b` are dropped, as Salt);
 * - `smart`: `aggregate` when the last renderer of `renderer` is yamlex, else `recurse`;
 * - `none`: `recurse` without merging lists.
 * An unknown strategy is reported through `warn` and treated as `recurse` (without merging lists), as Salt.
 * @throws SaltInvocationError when `a` or `b` is not a dict (for strategies that need dicts)
 */
export function merge(a: unknown, b: unknown, strategy = 'smart', renderer = 'yaml', mergeLists = false, warn?: (message: string) => void): Dict {
  if (!isDict(a) || !isDict(b)) throw new SaltInvocationError('Cannot update using non-dict types in dictupdate.update()');
  let s = strategy;
  if (s === 'smart') s = renderer.split('|').pop() === 'yamlex' || renderer.startsWith('yamlex_') ? 'aggregate' : 'recurse';
  switch (s) {
    case 'list':
      return mergeList(a, b);
    case 'recurse':
      return mergeRecurse(a, b, mergeLists);
    case 'aggregate':
      return update(deepcopy(a), deepcopy(b), false);
    case 'overwrite':
      for (const key of Object.keys(b)) if (Object.hasOwn(a, key)) setOwn(a, key, b[key]);
      return mergeRecurse(a, b, mergeLists);
    case 'none':
      return mergeRecurse(a, b, false);
    default:
      warn?.(`Unknown merging strategy '${strategy}', fallback to recurse`);
      return mergeRecurse(a, b, false);
  }
}
