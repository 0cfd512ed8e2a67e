/**
 * Jinja2 3.1's filters that apply another filter or test to each item
 * (jinja2/filters.py prepare_map, prepare_select_or_reject): map, select,
 * reject, selectattr, rejectattr. The results are lists (Jinja yields them
 * lazily; printing one shows a generator there).
 */
import { PyError, pyRepr, truthy, type Kwargs } from '../runtime/values';
import { attrGetter, type Getter } from './attrs';
import { defineFilter, p } from './define';
import { filterArgumentError } from './iterate';
import { iterate } from '../runtime/iterate';
import type { FilterContext, FilterFn } from './types';

/** Jinja's TemplateRuntimeError for an unknown filter or test name: `No filter named 'x'.` */
function noSuch(kind: 'filter' | 'test', name: unknown): PyError {
  return new PyError('TemplateRuntimeError', `No ${kind} named ${pyRepr(name)}.`);
}

/**
 * Jinja's prepare_map: with only `attribute=` (and `default=`) keyword
 * arguments, read that attribute; else the first argument names a filter
 * called with the rest.
 * @throws PyError FilterArgumentError `map requires a filter argument`, `Unexpected keyword argument 'x'`
 */
function prepareMap(ctx: FilterContext, args: unknown[], kwargs: Kwargs): Getter {
  if (!args.length && kwargs.has('attribute')) {
    const rest = new Map(kwargs);
    const attribute = rest.get('attribute');
    const fallback = rest.has('default') ? rest.get('default') : null;
    rest.delete('attribute');
    rest.delete('default');
    const [extra] = rest.keys();
    if (extra !== undefined) throw filterArgumentError(`Unexpected keyword argument ${pyRepr(extra)}`);
    return attrGetter(ctx, attribute, undefined, fallback);
  }
  if (!args.length) throw filterArgumentError('map requires a filter argument');
  const [name, ...rest] = args;
  const fn = typeof name === 'string' ? ctx.filter(name) : undefined;
  if (!fn) throw noSuch('filter', name);
  return (item) => fn(ctx, item, rest, kwargs);
}

/**
 * Jinja's prepare_select_or_reject: the item (or its attribute, for the
 * `*attr` forms) passed to the test named by the next argument, or its truth
 * when no test is named.
 */
function prepareSelect(ctx: FilterContext, args: unknown[], kwargs: Kwargs, lookupAttr: boolean): (item: unknown) => boolean {
  let transform: Getter = (x) => x;
  if (lookupAttr) {
    if (!args.length) throw filterArgumentError('Missing parameter for attribute name');
    transform = attrGetter(ctx, args[0]);
  }
  const off = lookupAttr ? 1 : 0;
  if (args.length <= off) return (item) => truthy(transform(item));
  const name = args[off];
  const test = typeof name === 'string' ? ctx.test(name) : undefined;
  if (!test) throw noSuch('test', name);
  const rest = args.slice(off + 1);
  return (item) => test(ctx, transform(item), rest, kwargs);
}

/** A select-like filter: keeps the items whose check is `keep`. */
function selectFilter(fname: string, lookupAttr: boolean, keep: boolean): FilterFn {
  return defineFilter(
    fname,
    [p('value')],
    (ctx, [value], { varargs, varkw }) => {
      if (!truthy(value)) return [];
      const check = prepareSelect(ctx, varargs, varkw, lookupAttr);
      return iterate(value).filter((item) => check(item) === keep);
    },
    { varargs: true, varkw: true, passes: 'context' },
  );
}

/**
 * `map(value, name, *args, **kwargs)` or `map(value, attribute=..., default=...)`;
 * a promise of the list when the named filter is async.
 */
const map = defineFilter(
  'sync_do_map',
  [p('value')],
  (ctx, [value], { varargs, varkw }) => {
    if (!truthy(value)) return [];
    const out = iterate(value).map(prepareMap(ctx, varargs, varkw));
    return out.some((x) => x instanceof Promise) ? Promise.all(out) : out;
  },
  { varargs: true, varkw: true, passes: 'context' },
);

/** The filters that apply other filters and tests, by name. */
export const APPLY_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['map', map],
  ['select', selectFilter('sync_do_select', false, true)],
  ['reject', selectFilter('sync_do_reject', false, false)],
  ['selectattr', selectFilter('sync_do_selectattr', true, true)],
  ['rejectattr', selectFilter('sync_do_rejectattr', true, false)],
];
