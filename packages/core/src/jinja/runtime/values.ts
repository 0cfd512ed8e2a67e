/**
 * The values a Jinja template works with, with Python's semantics, as Salt's
 * Jinja2 sees them. Every part of the engine (evaluator, methods, filters,
 * tests, Salt globals) uses this model and nothing else:
 *
 * | Python          | here                                                        |
 * |-----------------|-------------------------------------------------------------|
 * | str             | string                                                      |
 * | int             | number with an integral value (literals beyond 2**53 lose precision) |
 * | float           | number with a fractional part (an integral float prints as an int: documented gap) |
 * | bool            | boolean                                                     |
 * | None            | null (a JS undefined reaching the runtime is treated as None) |
 * | dict            | Map, insertion-ordered, any key (int keys stay ints)        |
 * | list            | Array                                                       |
 * | tuple           | {@link PyTuple} (an Array subclass)                         |
 * | callable        | {@link PyFunction} (never a bare JS function: the sandbox)  |
 * | namespace()     | {@link Namespace}                                           |
 * | Undefined       | {@link Undefined}: StrictUndefined, every use but `is defined`/`default` raises |
 *
 * Data enters the runtime through {@link fromData} (plain objects become
 * Maps) and leaves through {@link toData} (Maps become plain objects), so
 * execution modules and the YAML pass never see Maps.
 */
import { compareCodePoints, isDict as isPlainDict, pyNumberRepr, pyStrRepr } from '../../python';

/** A Python dict: insertion-ordered, keys of any type. */
export type PyDict = Map<unknown, unknown>;

/** Keyword arguments of a call, in the order given. */
export type Kwargs = Map<string, unknown>;

/** A Python tuple: an immutable-by-convention Array that prints as `('a', 'b')`. */
export class PyTuple extends Array<unknown> {
  /** Array methods (map, filter, slice) on a tuple give plain lists. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** A tuple of `items` (copied). */
export function tuple(items: Iterable<unknown>): PyTuple {
  const t = new PyTuple();
  for (const item of items) t.push(item);
  return t;
}

/**
 * A `collections.namedtuple` instance, such as the `(grouper, list)` pairs
 * Jinja's groupby gives: a tuple whose items are also attributes, named by
 * {@link NamedTuple.fields}, that prints as a plain tuple.
 */
export class NamedTuple extends PyTuple {
  /** The attribute name of each item, in order. */
  fields: readonly string[] = [];

  /** The item named `name`, or undefined when there is no such field. */
  field(name: string): unknown {
    const i = this.fields.indexOf(name);
    return i < 0 ? undefined : this[i];
  }
}

/** A {@link NamedTuple} of `items` whose attributes are `fields`. */
export function namedTuple(fields: readonly string[], items: Iterable<unknown>): NamedTuple {
  const t = new NamedTuple();
  for (const item of items) t.push(item);
  t.fields = fields;
  return t;
}

/**
 * A Python exception raised while rendering, with Python's class name
 * (`TypeError`, `ValueError`, `KeyError`, `AttributeError`, `IndexError`,
 * `ZeroDivisionError`, `UndefinedError`, `TemplateRuntimeError`,
 * `TemplateNotFound`...). The evaluator adds the template position.
 */
export class PyError extends Error {
  constructor(readonly pyType: string, message: string) {
    super(message);
  }
}

/** Jinja's `UndefinedError`: a StrictUndefined value was used. */
export class UndefinedError extends PyError {
  constructor(message: string) {
    super('UndefinedError', message);
  }
}

/**
 * Jinja2's StrictUndefined: the result of reading a missing variable,
 * attribute or key. Testing it with `is defined`/`is undefined`, giving it to
 * `default` or `is none`... is allowed; printing, iterating, comparing,
 * testing its truth or reading from it raises {@link UndefinedError} with
 * {@link Undefined.message}, Jinja's wording.
 */
export class Undefined {
  /**
   * @param name the missing variable, attribute or key
   * @param obj the object it was read from, or `MISSING` for a variable
   * @param hint a message that replaces the generated one
   */
  constructor(readonly name: unknown = null, readonly obj: unknown = MISSING, readonly hint: string | null = null) {}

  /** Jinja's message: `'x' is undefined`, `'dict object' has no attribute 'x'`, `list object has no element 3`. */
  message(): string {
    if (this.hint !== null) return this.hint;
    if (this.obj === MISSING) return `${pyRepr(this.name)} is undefined`;
    const what = objectTypeRepr(this.obj);
    if (typeof this.name !== 'string') return `${what} has no element ${pyRepr(this.name)}`;
    return `${pyStrRepr(what)} has no attribute ${pyStrRepr(this.name)}`;
  }

  /** Raise the {@link UndefinedError} this value stands for. */
  fail(): never {
    throw new UndefinedError(this.message());
  }
}

/** Jinja's `object_type_repr`: `None` for None, else `<type> object` (`dict object`, `jinja2.utils.Namespace object`). */
function objectTypeRepr(obj: unknown): string {
  if (obj === null || obj === undefined) return 'None';
  return `${obj instanceof Namespace ? 'jinja2.utils.Namespace' : typeName(obj)} object`;
}

/** Marks an {@link Undefined} read from the context rather than from an object. */
export const MISSING: unique symbol = Symbol('missing');

/** A Python callable: a global function, a bound method, a macro, `caller`. */
export class PyFunction {
  /**
   * @param name the name error messages use (`range`, `dict.update`, a macro's name)
   * @param call the implementation; it receives the evaluated positional and keyword arguments
   */
  constructor(
    readonly name: string,
    readonly call: (args: unknown[], kwargs: Kwargs) => unknown,
  ) {}
}

/**
 * An object the host application gives templates (Salt's `salt` function
 * map, `loop`): the only kind of object whose attributes a template may
 * read, and only through these methods. Each returns an {@link Undefined}
 * for what it does not have.
 */
export abstract class HostObject {
  /** The type name error messages use (`'LoopContext object' has no attribute 'x'`). */
  abstract readonly typeName: string;
  /** `obj.name`. */
  abstract getattr(name: string): unknown;
  /** `obj[key]`; by default the same as {@link getattr} for a string key. */
  getitem(key: unknown): unknown {
    return typeof key === 'string' ? this.getattr(key) : new Undefined(key, this);
  }
  /** Python's repr(), what `{{ obj }}` prints. */
  repr(): string {
    return `<${this.typeName} object>`;
  }
}

/** Jinja's `namespace()`: attributes that `{% set ns.x = ... %}` may assign across scopes. */
export class Namespace {
  readonly attrs = new Map<string, unknown>();
}

/** True for a dict. */
export function isDict(v: unknown): v is PyDict {
  return v instanceof Map;
}

/** True for a tuple. */
export function isTuple(v: unknown): v is PyTuple {
  return v instanceof PyTuple;
}

/** True for a list or a tuple. */
export function isSequence(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** True for an int (booleans are not, although Python's bool subclasses int). */
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** True for an int or a float (not a bool). */
export function isNumber(v: unknown): v is number {
  return typeof v === 'number';
}

/**
 * Python's type name of a value, as error messages print it: `str`, `int`,
 * `float`, `bool`, `NoneType`, `dict`, `list`, `tuple`, `function`,
 * `Namespace`, `Undefined`... Jinja writes `'dict object'` from it.
 */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    default:
  }
  if (v instanceof Map) return 'dict';
  if (v instanceof PyTuple) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyFunction) return 'function';
  if (v instanceof Namespace) return 'Namespace';
  if (v instanceof Undefined) return 'StrictUndefined';
  if (v instanceof HostObject) return v.typeName;
  return 'object';
}

/**
 * Python's `repr()` of template values or plain data: `None`, `True`,
 * `'text'`, `[1, 'a']`, `('a',)`, `{'k': 1, 2: None}` (a Map or a plain
 * object, in insertion order); numbers as {@link pyNumberRepr}.
 * @throws UndefinedError for an {@link Undefined}
 */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return pyStrRepr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return pyNumberRepr(v);
  if (v instanceof Undefined) return v.fail();
  if (v instanceof PyTuple) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (isPlainDict(v)) return `{${Object.entries(v).map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (v instanceof PyFunction) return `<function ${v.name}>`;
  if (v instanceof Namespace) return `<Namespace ${pyRepr(new Map(v.attrs))}>`;
  if (v instanceof HostObject) return v.repr();
  return '<object>';
}

/**
 * Python's `str()`, what `{{ x }}` prints: a string as it is, anything else
 * as {@link pyRepr}.
 * @throws UndefinedError for an {@link Undefined}
 */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/**
 * Python's truth value of template values or plain data: None, False, 0,
 * 0.0, '', empty list, tuple and dict (a Map or a plain object) are false.
 * @throws UndefinedError for an {@link Undefined} (StrictUndefined)
 */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (v instanceof Undefined) return v.fail();
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (isPlainDict(v)) return Object.keys(v).length > 0;
  if (typeof v === 'object') return true;
  return Boolean(v);
}

/** A number for Python's numeric tower: bool is 0/1, int and float are numbers; anything else is null. */
function numeric(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/**
 * Python's `==`: numbers and bools by value (`1 == 1.0 == True`), strings by
 * content, lists and tuples element-wise (a list never equals a tuple), dicts
 * by their items in any order, None only to None; otherwise identity.
 * @throws UndefinedError for an {@link Undefined} operand (StrictUndefined)
 */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a instanceof Undefined) return a.fail();
  if (b instanceof Undefined) return b.fail();
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== null || nb !== null) return na !== null && nb !== null && na === nb;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a instanceof PyTuple !== b instanceof PyTuple || a.length !== b.length) return false;
    return a.every((x, i) => pyEquals(x, b[i]));
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, x] of a) {
      const key = dictKey(b, k);
      if (key === NOT_FOUND || !pyEquals(x, b.get(key))) return false;
    }
    return true;
  }
  return false;
}

const NOT_FOUND: unique symbol = Symbol('not found');

/**
 * The key of `d` equal to `k` in Python's sense (so `d[1]` finds a key
 * `1.0` or `True`), or NOT_FOUND. Exact matches are found without a scan.
 */
function dictKey(d: PyDict, k: unknown): unknown {
  if (d.has(k)) return k;
  const n = numeric(k);
  if (n === null) return NOT_FOUND;
  for (const key of d.keys()) if (numeric(key) === n) return key;
  return NOT_FOUND;
}

/** `d[k]` with Python's key equality, or `fallback` when absent. */
export function dictGet(d: PyDict, k: unknown, fallback: unknown): unknown {
  const key = dictKey(d, k);
  return key === NOT_FOUND ? fallback : d.get(key);
}

/** `k in d` with Python's key equality. */
export function dictHas(d: PyDict, k: unknown): boolean {
  return dictKey(d, k) !== NOT_FOUND;
}

/** `d[k] = v` with Python's key equality: an existing equal key keeps its place and its original form. */
export function dictSet(d: PyDict, k: unknown, v: unknown): void {
  const key = dictKey(d, k);
  d.set(key === NOT_FOUND ? k : key, v);
}

/**
 * Python's ordering (`<`): numbers and bools by value, strings by code
 * point, lists and tuples lexicographically; a negative, zero or positive
 * result as a comparator.
 * @throws PyError TypeError `'<' not supported between instances of 'str' and 'int'` for other pairs
 * @throws UndefinedError for an {@link Undefined} operand
 */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  if (a instanceof Undefined) return a.fail();
  if (b instanceof Undefined) return b.fail();
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== null && nb !== null) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (Array.isArray(a) && Array.isArray(b) && a instanceof PyTuple === b instanceof PyTuple) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  throw new PyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/**
 * Data from outside the template (grains, pillar, opts, execution function
 * returns, loaded YAML/JSON) as template values: plain objects become
 * {@link PyDict}s (deeply, in key order), arrays are copied, `undefined`
 * becomes None. Maps and template values pass through.
 */
export function fromData(v: unknown): unknown {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v instanceof PyTuple ? v : v.map(fromData);
  if (isPlainDict(v)) {
    const d: PyDict = new Map();
    for (const [k, x] of Object.entries(v)) d.set(k, fromData(x));
    return d;
  }
  return v;
}

/**
 * Template values as data for execution modules and the YAML pass: dicts
 * become plain objects (keys as Python's `str()`, set as own properties so
 * `__proto__` is only ever a key), tuples become arrays, Namespaces become
 * objects of their attributes. Other values pass through.
 * @throws UndefinedError for an {@link Undefined} anywhere inside
 * @throws PyError TypeError for a function
 */
export function toData(v: unknown): unknown {
  if (v instanceof Undefined) return v.fail();
  if (v instanceof PyFunction) throw new PyError('TypeError', `a function (${v.name}) cannot be used as data`);
  if (Array.isArray(v)) return Array.from(v, toData);
  if (v instanceof Map || v instanceof Namespace) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v instanceof Map ? v : v.attrs) {
      Object.defineProperty(out, pyStr(k), { value: toData(x), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}
