/**
 * Python's iteration protocol and len() over template values, as the
 * filters need them: what `for x in value` yields, what `len(value)` is, and
 * CPython's messages when a value has neither.
 */
import { HostObject, Namespace, PyError, PyFunction, PyTuple, Undefined, typeName } from '../runtime/values';

/**
 * `list(value)`: the characters of a str (code points), the items of a list
 * or tuple, the keys of a dict.
 * @throws UndefinedError for an Undefined (StrictUndefined refuses iteration)
 * @throws PyError TypeError `'int' object is not iterable` for anything else
 */
export function iterate(value: unknown): unknown[] {
  if (typeof value === 'string') return [...value];
  if (Array.isArray(value)) return [...value];
  if (value instanceof Map) return [...value.keys()];
  if (value instanceof Undefined) return value.fail();
  throw new PyError('TypeError', `'${typeName(value)}' object is not iterable`);
}

/** True when Python could iterate `value` (an Undefined raises, as StrictUndefined's `__iter__`). */
export function isIterable(value: unknown): boolean {
  if (value instanceof Undefined) value.fail();
  return typeof value === 'string' || Array.isArray(value) || value instanceof Map;
}

/**
 * Python's `len(value)`: code points of a str, items of a list, tuple or dict.
 * @throws UndefinedError for an Undefined
 * @throws PyError TypeError `object of type 'int' has no len()`
 */
export function pyLen(value: unknown): number {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size;
  if (value instanceof Undefined) return value.fail();
  throw new PyError('TypeError', `object of type '${typeName(value)}' has no len()`);
}

/** True for a value Python can hash (str, numbers, bools, None, tuples, functions, Undefined): Salt's `isinstance(x, Hashable)`. */
export function isHashable(value: unknown): boolean {
  if (value instanceof Map || value instanceof Namespace || value instanceof HostObject) return false;
  if (Array.isArray(value)) return value instanceof PyTuple;
  return value === null || value === undefined || typeof value !== 'object' || value instanceof PyFunction || value instanceof Undefined;
}

/**
 * Jinja's FilterArgumentError, raised for filter arguments Jinja refuses
 * (`map requires a filter argument`...).
 */
export function filterArgumentError(message: string): PyError {
  return new PyError('FilterArgumentError', message);
}
