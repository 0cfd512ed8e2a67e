/**
 * Salt 3006's data filters (salt/utils/data.py, salt/utils/jinja.py,
 * salt/utils/stringutils.py): traverse, to_bool, sequence, is_list, is_iter,
 * to_num, skip, exactly_n_true, exactly_one_true, substring_in_list,
 * compare_lists, compare_dicts, check_whitelist_blacklist, mysql_to_dict,
 * sorted_ignorecase, flatten, method_call.
 */
import { contains } from '../runtime/operators';
import { pyMethod } from '../python/methods';
import { PyError, PyFunction, Undefined, dictGet, dictHas, isDict, isTuple, pyEquals, pyRepr, pyStr, truthy, typeName } from '../runtime/values';
import { defineFilter, p } from './define';
import { exprMatch } from './fnmatch';
import { isHashable, pyLen } from './iterate';
import { iterate } from '../runtime/iterate';
import { parsePyFloat, parsePyInt, toPyFloat, toPyInt } from './py-numbers';
import { pySorted } from '../python/sorted';
import { pyStrip } from '../../python';
import type { FilterFn } from './types';

/** Python's `isinstance(x, list)`: a list, not a tuple. */
function isList(value: unknown): value is unknown[] {
  return Array.isArray(value) && !isTuple(value);
}

/** What PyYAML's safe_load makes of a plain scalar key (int, float, bool, null), as salt.utils.args.yamlify_arg. */
function yamlScalar(text: string): unknown {
  const t = text.trim();
  if (t === '' || t === '---' || t === '...' || /[\t\r\n]/.test(text)) return text;
  if (/^[-+]?(?:0|[1-9][0-9_]*)$/.test(t) && !/^[-+]?[0-9_]*_[0-9_]*$/.test(t)) return Number(t.replace(/_/g, ''));
  if (/^[-+]?0x[0-9a-fA-F_]+$/.test(t)) return parsePyInt(t.replace(/_/g, ''), 16);
  if (/^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$/.test(t) && /[0-9]/.test(t)) return Number(t.replace(/_/g, ''));
  if (/^(?:true|True|TRUE|yes|Yes|YES|on|On|ON)$/.test(t)) return true;
  if (/^(?:false|False|FALSE|no|No|NO|off|Off|OFF)$/.test(t)) return false;
  if (/^(?:~|null|Null|NULL)$/.test(t)) return null;
  return text;
}

/** A missing step while traversing. */
const MISS: unique symbol = Symbol('miss');

/** One step of traverse_dict_and_list into a list: an embedded dict's key, else a position. */
function stepList(ptr: unknown[], each: unknown): unknown {
  const idx = typeof each === 'number' ? each : typeof each === 'string' ? parsePyInt(each) : null;
  const key = idx === null ? each : idx;
  for (const embedded of ptr) if (isDict(embedded) && dictHas(embedded, key)) return dictGet(embedded, key, null);
  if (idx === null) return MISS;
  const at = idx < 0 ? ptr.length + idx : idx;
  return at >= 0 && at < ptr.length ? ptr[at] : MISS;
}

/** One step of traverse_dict_and_list into anything else: a dict key (retried as YAML would load it), else a miss. */
function stepOther(ptr: unknown, each: unknown): unknown {
  if (!isDict(ptr)) return MISS;
  if (dictHas(ptr, each)) return dictGet(ptr, each, null);
  const loaded = typeof each === 'string' ? yamlScalar(each) : each;
  if (loaded === each || !dictHas(ptr, loaded)) return MISS;
  return dictGet(ptr, loaded, null);
}

/**
 * `traverse(data, key, default=None, delimiter=':')`: salt.utils.data.traverse_dict_and_list.
 * Each part indexes a dict (a numeric-looking part also as the int key), or in
 * a list the first embedded dict holding it, else a position; `default` when
 * any step fails.
 */
const traverse = defineFilter('traverse_dict_and_list', [p('data'), p('key'), p('default', null), p('delimiter', ':')], (_ctx, [data, key, fallback, delimiter]) => {
  let parts: unknown[];
  if (typeof key === 'string') {
    const sep = pyStr(delimiter);
    if (sep === '') throw new PyError('ValueError', 'empty separator');
    parts = key.split(sep);
  } else if (typeof key === 'number') parts = [key];
  else parts = iterate(key);
  let ptr = data;
  for (const each of parts) {
    ptr = isList(ptr) ? stepList(ptr, each) : stepOther(ptr, each);
    if (ptr === MISS) return fallback;
  }
  return ptr;
});

/**
 * `to_bool(val)`: None is False; a bool as is; a str is True for yes/1/true
 * (any case); an int when > 0; a list or dict when not empty; anything else
 * (a float, a tuple, an Undefined) False.
 */
const toBool = defineFilter('to_bool', [p('val')], (_ctx, [val]) => {
  if (val === null || val === undefined) return false;
  if (typeof val === 'boolean') return val;
  if (typeof val === 'string') return ['yes', '1', 'true'].includes(val.toLowerCase());
  if (typeof val === 'number' && Number.isInteger(val)) return val > 0;
  if (!isHashable(val)) return pyLen(val) > 0;
  return false;
});

/** `sequence(data)`: a list, tuple or dict as is; anything else wrapped in a list. */
const sequence = defineFilter('ensure_sequence_filter', [p('data')], (_ctx, [data]) => (Array.isArray(data) || isDict(data) ? data : [data]));

/**
 * `to_num(text)` (alias `str_to_num`): Python's int(), else float(), else the
 * value unchanged (a float becomes an int: Salt tries int() first).
 * @throws PyError TypeError for None and other values int() refuses with TypeError
 */
const toNum = defineFilter('to_num', [p('text')], (_ctx, [text]) => {
  try {
    return toPyInt(text);
  } catch (e) {
    if (!(e instanceof PyError) || e.pyType !== 'ValueError') throw e;
  }
  try {
    return toPyFloat(text);
  } catch (e) {
    if (!(e instanceof PyError) || e.pyType !== 'ValueError') throw e;
    return text;
  }
});

/** `exactly_n_true(iterable, amount=1)`: exactly `amount` items are true. */
const exactlyN = defineFilter('exactly_n', [p('iterable'), p('amount', 1)], (_ctx, [iterable, amount]) => exactlyNTrue(iterable, amount));

/** salt.utils.data.exactly_n, as its iterator consumption decides it. */
function exactlyNTrue(iterable: unknown, amount: unknown): boolean {
  const n = toPyInt(amount);
  return iterate(iterable).filter((x) => truthy(x)).length === n;
}

/** `compare_lists(old, new)`: `{'new': [added], 'old': [removed]}`, each key only when not empty. */
const compareLists = defineFilter('compare_lists', [p('old', null), p('new', null)], (_ctx, [old, neu]) => {
  const ret = new Map<unknown, unknown>();
  const added = iterate(neu).filter((item) => !contains(old, item));
  const removed = iterate(old).filter((item) => !contains(neu, item));
  if (added.length) ret.set('new', added);
  if (removed.length) ret.set('old', removed);
  return ret;
});

/**
 * `compare_dicts(old, new)`: for each changed key `{'old': ..., 'new': ...}`
 * ('' for a side without the key). Python iterates a set of the keys; here
 * new's keys come first, then old's.
 */
const compareDicts = defineFilter('compare_dicts', [p('old', null), p('new', null)], (_ctx, [old, neu]) => {
  const oldD = isDict(old) ? old : new Map<unknown, unknown>();
  const newD = isDict(neu) ? neu : new Map<unknown, unknown>();
  const ret = new Map<unknown, unknown>();
  const keys = [...newD.keys()];
  for (const k of oldD.keys()) if (!dictHas(newD, k)) keys.push(k);
  for (const key of keys) {
    if (!dictHas(oldD, key)) ret.set(key, new Map([['old', ''], ['new', dictGet(newD, key, null)]]));
    else if (!dictHas(newD, key)) ret.set(key, new Map([['new', ''], ['old', dictGet(oldD, key, null)]]));
    else if (!pyEquals(dictGet(newD, key, null), dictGet(oldD, key, null))) ret.set(key, new Map([['old', dictGet(oldD, key, null)], ['new', dictGet(newD, key, null)]]));
  }
  return ret;
});

/** A whitelist/blacklist argument as a list: a str becomes a one-item list. */
function listArg(value: unknown, which: string): string[] {
  if (!truthy(value)) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) && !isDict(value)) throw new PyError('TypeError', `Expecting iterable ${which}, but got ${typeName(value)} (${pyStr(value)})`);
  return iterate(value).map(pyStr);
}

/**
 * `check_whitelist_blacklist(value, whitelist=None, blacklist=None)`: each
 * entry a glob or a full regex (salt.utils.stringutils.expr_match); a
 * blacklist match refuses, a whitelist (when given) must match.
 */
const checkWhitelistBlacklist = defineFilter('check_whitelist_blacklist', [p('value'), p('whitelist', null), p('blacklist', null)], (_ctx, [value, whitelist, blacklist]) => {
  const black = listArg(blacklist, 'blacklist');
  const white = listArg(whitelist, 'whitelist');
  const matches = (exprs: string[]) => typeof value === 'string' && exprs.some((e) => exprMatch(value, e));
  if (black.length && !white.length) return !matches(black);
  if (white.length && !black.length) return matches(white);
  if (black.length && white.length) return !matches(black) && matches(white);
  return true;
});

/**
 * `mysql_to_dict(data, key)`: MySQL's table output (lines) as a dict of rows
 * keyed by the column `key`; cells through to_num.
 */
const mysqlToDict = defineFilter('mysql_to_dict', [p('data'), p('key')], (_ctx, [data, key]) => {
  const ret = new Map<unknown, unknown>();
  let headers: string[] = [''];
  for (const line of iterate(data)) {
    if (!truthy(line)) continue;
    const text = pyStr(line);
    if (text.startsWith('+')) continue;
    const comps = text.split('|').map((c) => pyStrip(c, null));
    if (headers.length > 1) {
      const row = new Map<unknown, unknown>();
      for (let field = 1; field < headers.length - 1; field++) row.set(headers[field], numOrText(comps[field] ?? ''));
      if (!dictHas(row, key)) throw new PyError('KeyError', pyRepr(key));
      ret.set(dictGet(row, key, null), row);
    } else headers = comps;
  }
  return ret;
});

/** salt.utils.stringutils.to_num on a str: int, else float, else the str. */
function numOrText(text: string): unknown {
  return parsePyInt(text) ?? parsePyFloat(text) ?? text;
}

/**
 * `flatten(data, levels=None, preserve_nulls=False)`: nested lists (and
 * dicts' keys) spliced in, `levels` deep when given; None, 'None' and 'null'
 * dropped unless `preserve_nulls`.
 */
const flatten = defineFilter('flatten', [p('data'), p('levels', null), p('preserve_nulls', false)], (_ctx, [data, levels, preserveNulls]) =>
  flattenList(data, levels === null ? null : toPyInt(levels), truthy(preserveNulls)),
);

/** salt.utils.data.flatten's recursion. */
function flattenList(data: unknown, levels: number | null, preserveNulls: boolean): unknown[] {
  const ret: unknown[] = [];
  for (const element of iterate(data)) {
    if (!preserveNulls && (element === null || element === 'None' || element === 'null')) continue;
    const nested = Array.isArray(element) || isDict(element);
    if (nested && levels === null) ret.push(...flattenList(element, null, preserveNulls));
    else if (nested && levels !== null && levels >= 1) ret.push(...flattenList(element, levels - 1, preserveNulls));
    else ret.push(element);
  }
  return ret;
}

/** `sorted_ignorecase(to_sort)`: sorted by each str's lower case. */
const sortedIgnorecase = defineFilter('sorted_ignorecase', [p('to_sort')], (_ctx, [toSort]) =>
  pySorted(iterate(toSort), (x) => {
    if (typeof x !== 'string') throw new PyError('AttributeError', `'${typeName(x)}' object has no attribute 'lower'`);
    return x.toLowerCase();
  }),
);

/** `substring_in_list(string_to_search_for, list_to_search)`: any item contains the str. */
const substringInList = defineFilter('substr_in_list', [p('string_to_search_for'), p('list_to_search')], (_ctx, [needle, haystack]) =>
  iterate(haystack).some((s) => contains(s, needle)),
);

/** `is_iter(thing)`: iterable and not a str. */
const isIter = defineFilter('is_iter', [p('thing'), p('ignore', null)], (_ctx, [thing]) => {
  if (thing instanceof Undefined) return thing.fail();
  return typeof thing !== 'string' && (Array.isArray(thing) || isDict(thing));
});

/**
 * `method_call(obj, f_name, *f_args, **f_kwargs)`: call the method `f_name`
 * of `obj` (a str, list or dict method, or a callable attribute of a
 * namespace or host object); None when there is no such attribute.
 */
const methodCall = defineFilter(
  'method_call',
  [p('obj'), p('f_name')],
  (ctx, [obj, name], { varargs, varkw }) => {
    const key = pyStr(name);
    const method = typeof obj === 'string' || Array.isArray(obj) || isDict(obj) ? pyMethod(obj, key) : ctx.getattr(obj, key);
    if (method === undefined || method instanceof Undefined) return null;
    if (!(method instanceof PyFunction)) throw new PyError('TypeError', `'${typeName(method)}' object is not callable`);
    return method.call(varargs, varkw);
  },
  { varargs: true, varkw: true },
);

/** Salt's data filters, by name. */
export const SALT_DATA_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['traverse', traverse],
  ['to_bool', toBool],
  ['sequence', sequence],
  ['is_list', defineFilter('is_list', [p('value')], (_ctx, [value]) => isList(value))],
  ['is_iter', isIter],
  ['to_num', toNum],
  ['str_to_num', toNum],
  ['skip', defineFilter('skip_filter', [p('data')], () => '')],
  ['exactly_n_true', exactlyN],
  ['exactly_one_true', defineFilter('exactly_one', [p('iterable')], (_ctx, [iterable]) => exactlyNTrue(iterable, 1))],
  ['compare_lists', compareLists],
  ['compare_dicts', compareDicts],
  ['check_whitelist_blacklist', checkWhitelistBlacklist],
  ['mysql_to_dict', mysqlToDict],
  ['flatten', flatten],
  ['sorted_ignorecase', sortedIgnorecase],
  ['substring_in_list', substringInList],
  ['method_call', methodCall],
];
