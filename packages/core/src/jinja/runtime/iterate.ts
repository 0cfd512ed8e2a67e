/**
 * Python's iteration protocol over template values (`for`, unpacking,
 * `*args`, `dict(pairs)`): the items a value yields.
 */
import { codePoints } from '../python/code-points';
import { HostObject, PyError, Undefined, isDict, typeName } from './values';

/** A host object a template may iterate (Salt's lazy maps); iterating any other host object is a TypeError. */
export interface IterableHost {
  /** The items `for x in obj` yields. */
  iterate(): unknown[];
}

/** A host object that answers `item in obj` (Salt's `'cmd.run' in salt`); `in` on any other host object is a TypeError. */
export interface ContainerHost {
  /** Whether `item in obj`. */
  contains(item: unknown): boolean;
}

/** True for a host object that declares {@link ContainerHost}. */
export function isContainerHost(v: unknown): v is HostObject & ContainerHost {
  return v instanceof HostObject && typeof (v as Partial<ContainerHost>).contains === 'function';
}

/** True for a host object that declares {@link IterableHost}. */
function isIterableHost(v: unknown): v is HostObject & IterableHost {
  return v instanceof HostObject && typeof (v as Partial<IterableHost>).iterate === 'function';
}

/**
 * The items `for x in v` yields, as a new array: a str's characters, a list's
 * or tuple's elements, a dict's keys (in order).
 * @throws UndefinedError for an Undefined
 * @throws PyError TypeError `'int' object is not iterable`
 */
export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return Array.from(v);
  if (typeof v === 'string') return codePoints(v);
  if (isDict(v)) return [...v.keys()];
  if (v instanceof Undefined) return v.fail();
  if (isIterableHost(v)) return v.iterate();
  throw new PyError('TypeError', `'${typeName(v)}' object is not iterable`);
}

/**
 * Python's `a, b = v`: exactly `count` items.
 * @throws PyError ValueError `too many values to unpack (expected 2)`, `not enough values to unpack (expected 2, got 1)`;
 *   TypeError `cannot unpack non-iterable int object`
 */
export function unpack(v: unknown, count: number): unknown[] {
  let items: unknown[];
  try {
    items = iterate(v);
  } catch (e) {
    if (e instanceof PyError && e.pyType === 'TypeError') throw new PyError('TypeError', `cannot unpack non-iterable ${typeName(v)} object`);
    throw e;
  }
  if (items.length > count) throw new PyError('ValueError', `too many values to unpack (expected ${count})`);
  if (items.length < count) throw new PyError('ValueError', `not enough values to unpack (expected ${count}, got ${items.length})`);
  return items;
}
