/**
 * A small FilterContext for the filter and test tables (the evaluator's own
 * is built elsewhere): filters and tests from the registries, getattr/getitem
 * reading Map items, tuple and list indexes, named tuple fields and
 * namespace attributes, an Undefined otherwise.
 */
import { FILTERS } from '@brine/core/jinja/filters/index';
import type { FilterContext } from '@brine/core/jinja/filters/types';
import { TESTS } from '@brine/core/jinja/tests/index';
import { Namespace, NamedTuple, Undefined, dictGet, dictHas, fromData, pyRepr } from '@brine/core/jinja/runtime/values';

/** The item `key` of `obj`, or NOT when it has none. */
function item(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj.fail();
  if (obj instanceof Map && dictHas(obj, key)) return dictGet(obj, key, null);
  if (Array.isArray(obj) && typeof key === 'number' && Number.isInteger(key)) {
    const i = key < 0 ? obj.length + key : key;
    if (i >= 0 && i < obj.length) return obj[i];
  }
  if (obj instanceof NamedTuple && typeof key === 'string' && obj.fields.includes(key)) return obj.field(key);
  if (obj instanceof Namespace && typeof key === 'string' && obj.attrs.has(key)) return obj.attrs.get(key);
  return new Undefined(key, obj);
}

/** The context the tables use. */
export const ctx: FilterContext = {
  filter: (name) => FILTERS.get(name),
  test: (name) => TESTS.get(name),
  getattr: item,
  getitem: item,
};

/** Apply filter `name` to `value` (plain data is converted with fromData). */
export function f(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): unknown {
  const fn = FILTERS.get(name);
  if (!fn) throw new Error(`no filter ${name}`);
  return fn(ctx, fromData(value), args.map(fromData), new Map(Object.entries(kwargs).map(([k, v]) => [k, fromData(v)])));
}

/** Python's repr() of filter `name`'s result: what the tables compare. */
export function r(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): string {
  return pyRepr(f(name, value, args, kwargs));
}

/** Apply test `name` to `value`. */
export function t(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): boolean {
  const fn = TESTS.get(name);
  if (!fn) throw new Error(`no test ${name}`);
  return fn(ctx, fromData(value), args.map(fromData), new Map(Object.entries(kwargs).map(([k, v]) => [k, fromData(v)])));
}

/** The `Type: message` of what `fn` throws, for the error tables. */
export function err(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    const pe = e as { pyType?: string; message: string };
    return `${pe.pyType ?? 'JS'}: ${pe.message}`;
  }
  return 'no error';
}
