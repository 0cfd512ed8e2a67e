/**
 * What the filters ask of a value besides iterating it (runtime/iterate.ts):
 * whether it is iterable, `len(value)`, whether it is Hashable, and Jinja's
 * FilterArgumentError.
 */
import { strLen } from '../python/code-points';
import { HostObject, Namespace, PyError, PyFunction, PyTuple, Undefined, typeName } from '../runtime/values';

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
  if (typeof value === 'string') return strLen(value);
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
