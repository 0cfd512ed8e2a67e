/**
 * Jinja2's attribute and item lookup (`Environment.getattr` and
 * `Environment.getitem`) on template values, and Python's subscripts and
 * slices. This is the sandbox: a template reaches nothing but dict items,
 * sequence elements, the Python methods of str/list/tuple/dict
 * (../python/methods), Namespace attributes, macro attributes and what a
 * HostObject chooses to expose. No JS property is ever read, so
 * `constructor`, `__proto__`, `prototype` or `__class__` are just missing
 * attributes (an Undefined).
 */
import { pyMethod } from '../python/methods';
import { codePoints } from '../python/code-points';
import { Macro } from './macro';
import { unhashableType } from '../python/coerce';
import { HostObject, Namespace, PyError, PyTuple, Undefined, dictGet, dictHas, isDict, pyRepr, tuple, typeName } from './values';

/** A Python slice's parts; null where absent. */
export interface SliceArgs {
  readonly start: unknown;
  readonly stop: unknown;
  readonly step: unknown;
}

/**
 * Python's attribute of `obj`, or undefined when it has none. Names starting
 * with `_` are never attributes of a str/list/tuple/dict (no dunder reaches
 * a template); a Namespace's attributes are data in a Map, whatever their name.
 */
function attribute(obj: unknown, name: string): unknown {
  if (obj instanceof Namespace) return obj.attrs.has(name) ? obj.attrs.get(name) : undefined;
  if (name.startsWith('_')) return undefined;
  if (typeof obj === 'string' || Array.isArray(obj) || isDict(obj)) return pyMethod(obj, name);
  return undefined;
}

/** The last str indexed (up to {@link CACHED_STR} characters) and its code points. */
let lastStr: string | undefined;
let lastPoints: readonly string[] = [];
const CACHED_STR = 2 ** 20;

/** The code points of `s`; a loop indexing one str (`s[i]` for each i) splits it once, not at every index. */
function strPoints(s: string): readonly string[] {
  if (s === lastStr) return lastPoints;
  const points = codePoints(s);
  if (s.length <= CACHED_STR) [lastStr, lastPoints] = [s, points];
  return points;
}

/** A normalized int index for a sequence, or null when `key` is not an int (bools are ints). */
function intIndex(key: unknown): number | null {
  if (typeof key === 'boolean') return key ? 1 : 0;
  return typeof key === 'number' && Number.isInteger(key) ? key : null;
}

/** Python's `obj[key]` for a sequence, dict or str; NOT_FOUND where Python raises a LookupError or TypeError. */
function item(obj: unknown, key: unknown): unknown {
  if (isDict(obj)) {
    if (unhashableType(key) !== null || !dictHas(obj, key)) return NOT_FOUND;
    return dictGet(obj, key, null);
  }
  if (Array.isArray(obj) || typeof obj === 'string') {
    const i = intIndex(key);
    if (i === null) return NOT_FOUND;
    const seq = typeof obj === 'string' ? strPoints(obj) : obj;
    const at = i < 0 ? seq.length + i : i;
    return at >= 0 && at < seq.length ? seq[at] : NOT_FOUND;
  }
  if (obj instanceof HostObject) {
    const v = obj.getitem(key);
    return v instanceof Undefined ? NOT_FOUND : v;
  }
  return NOT_FOUND;
}

const NOT_FOUND: unique symbol = Symbol('not found');

/**
 * Jinja's `x.name`: the attribute (a str/dict/list method, a Namespace
 * attribute...), else the item `x['name']`, else an Undefined naming both.
 * @throws UndefinedError when `obj` is an Undefined (StrictUndefined)
 */
export function getattr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) return obj.fail();
  if (obj instanceof HostObject || obj instanceof Macro) return obj.getattr(name);
  const attr = attribute(obj, name);
  if (attr !== undefined) return attr;
  const found = item(obj, name);
  return found === NOT_FOUND ? new Undefined(name, obj) : found;
}

/**
 * Jinja's `x[key]`: the item (negative indexes count from the end), else,
 * for a string key, the attribute, else an Undefined
 * (`'dict object' has no attribute 'x'`, `list object has no element 3`).
 * @throws UndefinedError when `obj` or `key` is an Undefined
 */
export function getitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj.fail();
  if (key instanceof Undefined) return key.fail();
  if (obj instanceof HostObject) return obj.getitem(key);
  const found = item(obj, key);
  if (found !== NOT_FOUND) return found;
  if (typeof key === 'string') {
    const attr = attribute(obj, key);
    if (attr !== undefined) return attr;
  }
  return new Undefined(key, obj);
}

/** A slice bound as Python's `__index__` allows: an int, a bool or None. */
function sliceIndex(v: unknown): number | null {
  if (v instanceof Undefined) return v.fail();
  if (v === null || v === undefined) return null;
  const i = intIndex(v);
  if (i === null) throw new PyError('TypeError', 'slice indices must be integers or None or have an __index__ method');
  return i;
}

/**
 * Python's `seq[start:stop:step]` on a str, list or tuple (the result has
 * the same type); an Undefined for other values, as Jinja's getitem gives.
 * @throws PyError ValueError `slice step cannot be zero`; TypeError for non-int bounds
 * @throws UndefinedError when `obj` or a bound is an Undefined
 */
export function getslice(obj: unknown, slice: SliceArgs): unknown {
  if (obj instanceof Undefined) return obj.fail();
  const start = sliceIndex(slice.start);
  const stop = sliceIndex(slice.stop);
  const step = sliceIndex(slice.step) ?? 1;
  if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero');
  if (typeof obj !== 'string' && !Array.isArray(obj)) {
    const repr = `slice(${[slice.start, slice.stop, slice.step].map((v) => pyRepr(v ?? null)).join(', ')})`;
    return new Undefined(null, obj, `${obj === null ? 'None' : `${typeName(obj)} object`} has no element ${repr}`);
  }
  const seq = typeof obj === 'string' ? strPoints(obj) : obj;
  const len = seq.length;
  const clamp = (i: number | null, dflt: number, lo: number, hi: number): number => {
    if (i === null) return dflt;
    const j = i < 0 ? i + len : i;
    return Math.min(Math.max(j, lo), hi);
  };
  const out: unknown[] = [];
  if (step > 0) {
    const from = clamp(start, 0, 0, len);
    const to = clamp(stop, len, 0, len);
    for (let i = from; i < to; i += step) out.push(seq[i]);
  } else {
    const from = clamp(start, len - 1, -1, len - 1);
    const to = clamp(stop, -1, -1, len - 1);
    for (let i = from; i > to; i += step) out.push(seq[i]);
  }
  if (typeof obj === 'string') return out.join('');
  return obj instanceof PyTuple ? tuple(out) : out;
}
