/**
 * Jinja2 3.1's sequence filters (jinja2/filters.py): first, last, length,
 * list, join, reverse, batch, slice, random, items, dictsort, sort, groupby,
 * sum, attr. Jinja's generators (batch, slice, reverse, items) are lists here.
 */
import { binaryOp } from '../runtime/operators';
import { pyMethod } from '../python/methods';
import {
  HostObject,
  MISSING,
  Namespace,
  PyError,
  Undefined,
  isDict,
  namedTuple,
  pyCompare,
  pyEquals,
  pyStr,
  truthy,
  tuple,
  typeName,
} from '../runtime/values';
import { checkLength } from '../runtime/limits';
import { attrGetter, ignoreCase, multiAttrGetter } from './attrs';
import { defineFilter, p } from './define';
import { filterArgumentError, pyLen } from './iterate';
import { iterate } from '../runtime/iterate';
import { asIndex } from '../python/coerce';
import { pySorted } from '../python/sorted';
import type { FilterFn } from './types';

/** Jinja's Undefined for an aggregate of nothing: `environment.undefined(hint)`. */
function emptyUndefined(hint: string): Undefined {
  return new Undefined(null, MISSING, hint);
}

/** `first(seq)`: the first item, or an Undefined `No first item, sequence was empty.` */
const first = defineFilter(
  'sync_do_first',
  [p('seq')],
  (_ctx, [seq]) => {
    const items = iterate(seq);
    return items.length ? items[0] : emptyUndefined('No first item, sequence was empty.');
  },
  { passes: 'environment' },
);

/** `last(seq)`: the last item, or an Undefined `No last item, sequence was empty.` */
const last = defineFilter(
  'do_last',
  [p('seq')],
  (_ctx, [seq]) => {
    const items = iterate(seq);
    return items.length ? items[items.length - 1] : emptyUndefined('No last item, sequence was empty.');
  },
  { passes: 'environment' },
);

/** `length`/`count`: Python's len(). */
const length = defineFilter('len', [p('obj')], (_ctx, [obj]) => pyLen(obj));

/** `list(value)`: the items (a str's characters, a dict's keys). */
const list = defineFilter('sync_do_list', [p('value')], (_ctx, [value]) => iterate(value));

/** `join(value, d='', attribute=None)`: str() of each item (or its attribute) joined by str(d). */
const join = defineFilter('sync_do_join', [p('value'), p('d', ''), p('attribute', null)], (ctx, [value, d, attribute]) => {
  let items = iterate(value);
  if (attribute !== null) items = items.map(attrGetter(ctx, attribute));
  return items.map(pyStr).join(pyStr(d));
}, { passes: 'eval_ctx' });

/**
 * `reverse(value)`: a str reversed, the items of anything iterable in reverse.
 * @throws PyError FilterArgumentError `argument must be iterable`
 */
const reverse = defineFilter('do_reverse', [p('value')], (_ctx, [value]) => {
  if (typeof value === 'string') return [...value].reverse().join('');
  if (value instanceof Undefined) return value.fail();
  if (!Array.isArray(value) && !isDict(value)) throw filterArgumentError('argument must be iterable');
  return iterate(value).reverse();
});

/**
 * `batch(value, linecount, fill_with=None)`: lists of `linecount` items, the last padded with `fill_with` when given.
 * As Jinja, `linecount` is only compared (`len(tmp) == linecount`): a non-int never closes a batch, an Undefined
 * raises UndefinedError once there is an item.
 */
const batch = defineFilter('do_batch', [p('value'), p('linecount'), p('fill_with', null)], (_ctx, [value, linecount, fillWith]) => {
  const out: unknown[][] = [];
  let tmp: unknown[] = [];
  for (const item of iterate(value)) {
    if (pyEquals(tmp.length, linecount)) {
      out.push(tmp);
      tmp = [];
    }
    tmp.push(item);
  }
  if (tmp.length) {
    if (fillWith !== null && pyCompare(tmp.length, linecount) < 0) tmp.push(...Array<unknown>(asIndex(linecount) - tmp.length).fill(fillWith));
    out.push(tmp);
  }
  return out;
});

/** `slice(value, slices, fill_with=None)`: the items cut into `slices` columns, the short ones padded with `fill_with` when given. */
const slice = defineFilter('sync_do_slice', [p('value'), p('slices'), p('fill_with', null)], (_ctx, [value, slices, fillWith]) => {
  const seq = iterate(value);
  const n = asIndex(slices);
  if (n === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
  checkLength('list', n);
  const perSlice = Math.floor(seq.length / n);
  const withExtra = seq.length % n;
  const out: unknown[][] = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const start = offset + i * perSlice;
    if (i < withExtra) offset += 1;
    const tmp = seq.slice(start, offset + (i + 1) * perSlice);
    if (fillWith !== null && i >= withExtra) tmp.push(fillWith);
    out.push(tmp);
  }
  return out;
});

/** `random(seq)`: one item at random, or an Undefined `No random item, sequence was empty.` */
const random = defineFilter(
  'do_random',
  [p('seq')],
  (_ctx, [seq]) => {
    const items = iterate(seq);
    return items.length ? items[Math.floor(Math.random() * items.length)] : emptyUndefined('No random item, sequence was empty.');
  },
  { passes: 'context' },
);

/** `items(value)`: a dict's `(key, value)` tuples; none for an Undefined. */
const items = defineFilter('do_items', [p('value')], (_ctx, [value]) => {
  if (value instanceof Undefined) return [];
  if (!isDict(value)) throw new PyError('TypeError', 'Can only get item pairs from a mapping.');
  return [...value].map((kv) => tuple(kv));
});

/**
 * `dictsort(value, case_sensitive=False, by='key', reverse=False)`: a dict's
 * `(key, value)` tuples sorted by key or value.
 * @throws PyError FilterArgumentError `You can only sort by either "key" or "value"`
 */
const dictsort = defineFilter(
  'do_dictsort',
  [p('value'), p('case_sensitive', false), p('by', 'key'), p('reverse', false)],
  (_ctx, [value, caseSensitive, by, rev]) => {
    if (by !== 'key' && by !== 'value') throw filterArgumentError('You can only sort by either "key" or "value"');
    if (value instanceof Undefined) return value.fail();
    if (!isDict(value)) throw new PyError('AttributeError', `'${typeName(value)}' object has no attribute 'items'`);
    const pos = by === 'key' ? 0 : 1;
    const key = (kv: unknown) => {
      const v = (kv as unknown[])[pos];
      return truthy(caseSensitive) ? v : ignoreCase(v);
    };
    return pySorted([...value].map((kv) => tuple(kv)), key, truthy(rev));
  },
);

/** `sort(value, reverse=False, case_sensitive=False, attribute=None)`: stable, `attribute` may be `"age,name"` or dotted. */
const sort = defineFilter(
  'sync_do_sort',
  [p('value'), p('reverse', false), p('case_sensitive', false), p('attribute', null)],
  (ctx, [value, rev, caseSensitive, attribute]) =>
    pySorted(iterate(value), multiAttrGetter(ctx, attribute, truthy(caseSensitive) ? undefined : ignoreCase), truthy(rev)),
  { passes: 'environment' },
);

/**
 * `groupby(value, attribute, default=None, case_sensitive=False)`: the items
 * sorted by `attribute` and grouped, as `(grouper, list)` named tuples; the
 * grouper is the first item's own value when grouping ignores case.
 */
const groupby = defineFilter(
  'sync_do_groupby',
  [p('value'), p('attribute'), p('default', null), p('case_sensitive', false)],
  (ctx, [value, attribute, fallback, caseSensitive]) => {
    const expr = attrGetter(ctx, attribute, truthy(caseSensitive) ? undefined : ignoreCase, fallback);
    const output = attrGetter(ctx, attribute, undefined, fallback);
    const groups: { key: unknown; list: unknown[] }[] = [];
    for (const item of pySorted(iterate(value), expr)) {
      const key = expr(item);
      const lastGroup = groups[groups.length - 1];
      if (lastGroup && pyEquals(lastGroup.key, key)) lastGroup.list.push(item);
      else groups.push({ key, list: [item] });
    }
    return groups.map((g) => namedTuple(['grouper', 'list'], [truthy(caseSensitive) ? g.key : output(g.list[0]), g.list]));
  },
  { passes: 'environment' },
);

/** `sum(iterable, attribute=None, start=0)`: Python's sum() of the items or their attribute. */
const sum = defineFilter('sync_do_sum', [p('iterable'), p('attribute', null), p('start', 0)], (ctx, [iterable, attribute, start]) => {
  if (typeof start === 'string') throw new PyError('TypeError', "sum() can't sum strings [use ''.join(seq) instead]");
  let values = iterate(iterable);
  if (attribute !== null) values = values.map(attrGetter(ctx, attribute));
  return values.reduce((acc, v) => binaryOp('add', acc, v), start);
}, { passes: 'environment' });

/**
 * `attr(obj, name)`: the attribute `name` only (never an item): a method of a
 * str, list or dict, a namespace's or host object's attribute; else an Undefined.
 */
const attr = defineFilter('do_attr', [p('obj'), p('name')], (ctx, [obj, name]) => {
  const key = pyStr(name);
  if (obj instanceof Namespace || obj instanceof HostObject) return ctx.getattr(obj, key);
  if (typeof obj === 'string' || Array.isArray(obj) || isDict(obj)) return pyMethod(obj, key) ?? new Undefined(key, obj);
  if (obj instanceof Undefined) return obj.fail();
  return new Undefined(key, obj);
}, { passes: 'environment' });

/** The sequence filters, by name. */
export const SEQUENCE_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['first', first],
  ['last', last],
  ['length', length],
  ['count', length],
  ['list', list],
  ['join', join],
  ['reverse', reverse],
  ['batch', batch],
  ['slice', slice],
  ['random', random],
  ['items', items],
  ['dictsort', dictsort],
  ['sort', sort],
  ['groupby', groupby],
  ['sum', sum],
  ['attr', attr],
];
