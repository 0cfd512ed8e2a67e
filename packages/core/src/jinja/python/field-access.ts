/**
 * `obj.attr` and `obj[key]` as CPython evaluates them inside `str.format()`
 * fields (`{0.name}`, `{0[key]}`) and for `%(key)s` mappings, on the value
 * model, with Python's exceptions.
 */
import { pyStrRepr } from '../../python';
import { HostObject, Namespace, PyError, Undefined, dictGet, isDict, pyRepr, typeName } from '../runtime/values';
import { cpSlice, pyLen } from './code-points';

/**
 * `obj.attr`: a namespace's or host object's attribute.
 * @throws PyError AttributeError `'dict' object has no attribute 'x'` for anything else
 * @throws UndefinedError for an Undefined
 */
export function getattr(obj: unknown, attr: string): unknown {
  if (obj instanceof Undefined) return obj.fail();
  if (obj instanceof Namespace && obj.attrs.has(attr)) return obj.attrs.get(attr);
  if (obj instanceof HostObject) {
    const value = obj.getattr(attr);
    if (!(value instanceof Undefined)) return value;
  }
  throw new PyError('AttributeError', `${pyStrRepr(typeName(obj))} object has no attribute ${pyStrRepr(attr)}`);
}

const MISSING: unique symbol = Symbol('missing');

/**
 * `obj[key]` for a str or int key: a dict's item (Python's key equality), a
 * list's, tuple's or str's element, a host object's item.
 * @throws PyError KeyError (the key's repr), IndexError `list index out of range`,
 *   TypeError `list indices must be integers or slices, not str`, `'int' object is not subscriptable`
 * @throws UndefinedError for an Undefined
 */
export function getitem(obj: unknown, key: string | number): unknown {
  if (obj instanceof Undefined) return obj.fail();
  if (isDict(obj)) {
    const value = dictGet(obj, key, MISSING);
    if (value === MISSING) throw new PyError('KeyError', pyRepr(key));
    return value;
  }
  const name = typeName(obj);
  if (Array.isArray(obj)) {
    if (typeof key === 'string') throw new PyError('TypeError', `${name} indices must be integers or slices, not str`);
    if (key >= obj.length) throw new PyError('IndexError', `${name} index out of range`);
    return obj[key];
  }
  if (typeof obj === 'string') {
    if (typeof key === 'string') throw new PyError('TypeError', "string indices must be integers, not 'str'");
    if (key >= pyLen(obj)) throw new PyError('IndexError', 'string index out of range');
    return cpSlice(obj, key, key + 1);
  }
  if (obj instanceof HostObject) {
    const value = obj.getitem(key);
    if (value instanceof Undefined) throw new PyError('KeyError', pyRepr(key));
    return value;
  }
  throw new PyError('TypeError', `'${name}' object is not subscriptable`);
}

