/**
 * How CPython's builtins accept their arguments: ints through `__index__`,
 * slice bounds that may be None, callables, hashable keys, with CPython's
 * TypeError messages when a value does not fit.
 */
import { PyError, PyFunction, PyTuple, Undefined, isDict, typeName, type Kwargs } from '../runtime/values';

/**
 * An int argument as `operator.index()` takes it: an int or a bool
 * (integral numbers beyond 2**53 are floats, as pyNumberRepr prints them).
 * @throws PyError TypeError `'str' object cannot be interpreted as an integer` (also for an Undefined,
 *   which has no `__index__`)
 */
export function asIndex(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Number.isSafeInteger(v)) return v as number;
  if (typeof v === 'bigint') return Number(v);
  const name = typeof v === 'number' ? 'float' : typeName(v);
  throw new PyError('TypeError', `'${name}' object cannot be interpreted as an integer`);
}

/**
 * A slice bound (`str.find(sub, start, end)`): an int, or null for None.
 * @throws PyError TypeError `slice indices must be integers or None or have an __index__ method`
 */
export function asSliceIndex(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || Number.isSafeInteger(v) || typeof v === 'bigint') return asIndex(v);
  throw new PyError('TypeError', 'slice indices must be integers or None or have an __index__ method');
}

/**
 * CPython's ADJUST_INDICES: `start`/`end` (null for the defaults) of a
 * sequence of `length` made non-negative and clipped to it (`start` may stay
 * beyond `end`).
 */
export function adjustIndices(length: number, start: number | null, end: number | null): [number, number] {
  let s = start ?? 0;
  let e = end ?? length;
  if (e > length) e = length;
  else if (e < 0) e = Math.max(e + length, 0);
  if (s < 0) s = Math.max(s + length, 0);
  return [s, e];
}

/**
 * Call `fn` as Python calls an object.
 * @throws PyError TypeError `'str' object is not callable` for anything but a PyFunction
 */
export function pyCall(fn: unknown, args: unknown[], kwargs: Kwargs = new Map()): unknown {
  if (fn instanceof PyFunction) return fn.call(args, kwargs);
  if (fn instanceof Undefined) return fn.fail();
  throw new PyError('TypeError', `'${typeName(fn)}' object is not callable`);
}

/**
 * The type Python names when `key` cannot be hashed: a list or dict, or one
 * inside a tuple (`(1, [2])` gives `list`); null for a hashable key.
 */
export function unhashableType(key: unknown): string | null {
  if (key instanceof PyTuple) {
    for (const item of key) {
      const inner = unhashableType(item);
      if (inner !== null) return inner;
    }
    return null;
  }
  return Array.isArray(key) || isDict(key) ? typeName(key) : null;
}

/**
 * Refuse what Python cannot hash as a dict key.
 * @throws PyError TypeError `unhashable type: 'list'`
 * @throws UndefinedError for an Undefined (StrictUndefined's `__hash__` raises)
 */
export function checkHashable(key: unknown): void {
  if (key instanceof Undefined) key.fail();
  const name = unhashableType(key);
  if (name !== null) throw new PyError('TypeError', `unhashable type: '${name}'`);
}
