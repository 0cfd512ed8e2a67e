/**
 * Python's `obj[name]` for a str key, as CPython evaluates it for a `%`
 * mapping (`'%(host)s' % d`) and `str.format_map(mapping)`: a dict's item
 * by Python's key equality, a host object's item, and Python's exceptions
 * for everything else.
 */
import { HostObject, PyError, Undefined, dictGet, isDict, pyRepr, typeName } from '../runtime/values';

const MISSING: unique symbol = Symbol('missing');

/**
 * `obj[name]`.
 * @throws PyError KeyError (the name's repr) for a missing key, TypeError
 *   `list indices must be integers or slices, not str`, `string indices must be integers, not 'str'`,
 *   `'int' object is not subscriptable`
 * @throws UndefinedError for an Undefined
 */
export function subscriptByName(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) return obj.fail();
  if (isDict(obj) || obj instanceof HostObject) {
    const value = isDict(obj) ? dictGet(obj, name, MISSING) : obj.getitem(name);
    if (value === MISSING || value instanceof Undefined) throw new PyError('KeyError', pyRepr(name));
    return value;
  }
  const type = typeName(obj);
  if (Array.isArray(obj)) throw new PyError('TypeError', `${type} indices must be integers or slices, not str`);
  if (typeof obj === 'string') throw new PyError('TypeError', "string indices must be integers, not 'str'");
  throw new PyError('TypeError', `'${type}' object is not subscriptable`);
}
