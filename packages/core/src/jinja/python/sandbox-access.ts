/**
 * Jinja2's SandboxedEnvironment.getattr and getitem, which Salt renders
 * with, on the value model: `str.format()` fields (`{0.name}`, `{0[key]}`)
 * resolve through them. An attribute is a Python attribute first (a
 * str/dict/list/tuple method, a namespace's or host object's attribute),
 * then an item; an item is an item first, then (for a str key) an
 * attribute. What neither finds is an {@link Undefined} for that name,
 * which fails when used (StrictUndefined).
 *
 * Python's dunder attributes (`__class__`...), which Jinja refuses with a
 * SecurityError, do not exist here: they resolve as missing.
 *
 * Imports form a cycle (methods → str-methods → str-format → here →
 * methods), as str.format's fields may name methods; every use is at call
 * time, so module loading is unaffected.
 */
import { HostObject, Namespace, Undefined, dictGet, isDict } from '../runtime/values';
import { pyLen, cpSlice } from './code-points';
import { checkHashable } from './coerce';
import { pyMethod } from './methods';

const MISSING: unique symbol = Symbol('missing');

/** Python's `getattr(obj, name)` on the value model, or MISSING. */
function pythonAttribute(obj: unknown, name: string): unknown {
  const method = pyMethod(obj, name);
  if (method !== undefined) return method;
  if (obj instanceof Namespace) return obj.attrs.has(name) ? obj.attrs.get(name) : MISSING;
  if (obj instanceof HostObject) {
    const value = obj.getattr(name);
    return value instanceof Undefined ? MISSING : value;
  }
  return MISSING;
}

/** A sequence index as Python takes it (negative from the end), or MISSING when out of range or not an int. */
function sequenceIndex(length: number, key: unknown): number | typeof MISSING {
  if (typeof key !== 'number' && typeof key !== 'boolean') return MISSING;
  const i = Number(key);
  if (!Number.isInteger(i)) return MISSING;
  const at = i < 0 ? i + length : i;
  return at >= 0 && at < length ? at : MISSING;
}

/** Python's `obj[key]` on the value model, or MISSING where Python raises TypeError or LookupError. */
function pythonItem(obj: unknown, key: unknown): unknown {
  if (isDict(obj)) {
    try {
      checkHashable(key);
    } catch {
      return MISSING;
    }
    return dictGet(obj, key, MISSING);
  }
  if (Array.isArray(obj)) {
    const at = sequenceIndex(obj.length, key);
    return at === MISSING ? MISSING : obj[at];
  }
  if (typeof obj === 'string') {
    const at = sequenceIndex(pyLen(obj), key);
    return at === MISSING ? MISSING : cpSlice(obj, at, at + 1);
  }
  if (obj instanceof HostObject) {
    const value = obj.getitem(key);
    return value instanceof Undefined ? MISSING : value;
  }
  return MISSING;
}

/**
 * Jinja's sandboxed `obj.name`: the attribute, else the item, else an Undefined.
 * @throws UndefinedError when `obj` is an Undefined
 */
export function sandboxGetattr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) return obj.fail();
  const attribute = pythonAttribute(obj, name);
  if (attribute !== MISSING) return attribute;
  const item = pythonItem(obj, name);
  return item === MISSING ? new Undefined(name, obj) : item;
}

/**
 * Jinja's sandboxed `obj[key]`: the item, else for a str key the attribute, else an Undefined.
 * @throws UndefinedError when `obj` is an Undefined
 */
export function sandboxGetitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj.fail();
  const item = pythonItem(obj, key);
  if (item !== MISSING) return item;
  const attribute = typeof key === 'string' ? pythonAttribute(obj, key) : MISSING;
  return attribute === MISSING ? new Undefined(key, obj) : attribute;
}
