/**
 * Salt 3006's list filters (salt/utils/jinja.py), which replace Jinja's
 * `unique`, `min` and `max`: unique, min, max, avg, union, intersect,
 * difference, symmetric_difference; and the itertools functions Salt's
 * SerializerExtension registers (combinations, combinations_with_replacement,
 * compress, permutations, product, zip, zip_longest).
 * Python returns a set for hashable inputs (a str, a tuple) and iterators
 * for itertools; both are lists here, in first-seen order (so an itertools
 * result past the engine's list limit is a MemoryError, runtime/limits.ts).
 */
import { binaryOp, contains } from '../runtime/operators';
import { PyError, Undefined, pyCompare, truthy, tuple, typeName } from '../runtime/values';
import { MAX_ITEMS, checkLength } from '../runtime/limits';
import { defineFilter, p } from './define';
import { isHashable, pyLen } from './iterate';
import { iterate } from '../runtime/iterate';
import { toPyFloat, toPyInt } from './py-numbers';
import type { FilterFn } from './types';

/**
 * A list's items for Python's `x in list`: a str only equals a str, so strs are looked up in a Set and the rest
 * compared with `==` (Salt's loops compare everything, quadratic on long lists of strs).
 */
class Members {
  private readonly strs = new Set<string>();
  private readonly others: unknown[] = [];

  constructor(items: Iterable<unknown> = []) {
    for (const v of items) this.add(v);
  }

  add(v: unknown): void {
    if (typeof v === 'string') this.strs.add(v);
    else this.others.push(v);
  }

  has(v: unknown): boolean {
    return typeof v === 'string' ? this.strs.has(v) : contains(this.others, v);
  }
}

/** Python's `x in container` as a test, fast for a list's strs ({@link Members}). */
function memberTest(container: unknown): (x: unknown) => boolean {
  if (!Array.isArray(container)) return (x) => contains(container, x);
  const members = new Members(container);
  return (x) => members.has(x);
}

/** The items of `values` without repeats (Python's `==`), in first-seen order. */
function dedupe(values: unknown): unknown[] {
  const ret: unknown[] = [];
  const seen = new Members();
  for (const v of iterate(values)) {
    if (seen.has(v)) continue;
    seen.add(v);
    ret.push(v);
  }
  return ret;
}

/** Python's min()/max() of the items. */
function extreme(fname: 'min' | 'max', obj: unknown): unknown {
  const items = iterate(obj);
  if (!items.length) throw new PyError('ValueError', `${fname}() arg is an empty sequence`);
  return items.reduce((best, x) => {
    const c = pyCompare(x, best, fname === 'min' ? '<' : '>');
    return (fname === 'min' ? c < 0 : c > 0) ? x : best;
  });
}

/** A set operation of Salt's: both hashable (str, tuple) → set semantics; else over lists. */
function setOp(fname: string, op: (a: unknown, b: unknown) => unknown[]): FilterFn {
  return defineFilter(fname, [p('lst1'), p('lst2')], (_ctx, [a, b]) => {
    if (isHashable(a) && isHashable(b)) return op(dedupe(a), dedupe(b));
    return op(a, b);
  });
}

/** `union(lst1, lst2)`: `unique(lst1 + lst2)`. */
const union = (a: unknown, b: unknown) => dedupe(binaryOp('add', a, b));
/** `intersect(lst1, lst2)`: the items of lst1 in lst2, unique. */
const intersect = (a: unknown, b: unknown) => {
  const inB = memberTest(b);
  return dedupe(iterate(a).filter(inB));
};
/** `difference(lst1, lst2)`: the items of lst1 not in lst2, unique. */
const difference = (a: unknown, b: unknown) => {
  const inB = memberTest(b);
  return dedupe(iterate(a).filter((x) => !inB(x)));
};
/** `symmetric_difference(lst1, lst2)`: the union less the intersection. */
const symmetricDifference = (a: unknown, b: unknown) => {
  const inBoth = memberTest(intersect(a, b));
  return dedupe(union(a, b).filter((x) => !inBoth(x)));
};

/**
 * `avg(lst)`: `float(sum(lst) / len(lst))` for a list or dict; `float(lst)` for anything hashable.
 * @throws PyError ZeroDivisionError `division by zero` for an empty list
 */
const avg = defineFilter('lst_avg', [p('lst')], (_ctx, [lst]) => {
  if (lst instanceof Undefined || isHashable(lst)) return toPyFloat(lst);
  const total = iterate(lst).reduce((acc, v) => binaryOp('add', acc, v), 0);
  const n = pyLen(lst);
  if (n === 0) throw new PyError('ZeroDivisionError', 'division by zero');
  if (typeof total !== 'number') throw new PyError('TypeError', `unsupported operand type(s) for /: '${typeName(total)}' and 'int'`);
  return total / n;
});

/**
 * How many tuples itertools yields picking `r` of `n` items: permutations n!/(n-r)!, combinations C(n, r), with
 * replacement C(n+r-1, r); a float, so a huge count is a huge number, not an overflow.
 */
function pickCount(n: number, r: number, kind: 'permutations' | 'combinations' | 'replacement'): number {
  const m = kind === 'replacement' ? n + r - 1 : n;
  let count = 1;
  for (let i = 0; i < r && count <= MAX_ITEMS; i++) count = kind === 'permutations' ? count * (m - i) : (count * (m - i)) / (i + 1);
  return count;
}

/** itertools.combinations / combinations_with_replacement of `r` items, as tuples. */
function combinations(pool: unknown[], r: number, replace: boolean): unknown[] {
  checkLength('list', pickCount(pool.length, r, replace ? 'replacement' : 'combinations'));
  const out: unknown[] = [];
  const pick = (start: number, chosen: unknown[]) => {
    if (chosen.length === r) {
      out.push(tuple(chosen));
      return;
    }
    for (let i = start; i < pool.length; i++) pick(replace ? i : i + 1, [...chosen, pool[i]]);
  };
  if (r >= 0 && (replace ? pool.length > 0 || r === 0 : r <= pool.length)) pick(0, []);
  return out;
}

/** itertools.permutations of `r` items (all by default), as tuples. */
function permutations(pool: unknown[], r: number): unknown[] {
  checkLength('list', pickCount(pool.length, r, 'permutations'));
  const out: unknown[] = [];
  const pick = (used: boolean[], chosen: unknown[]) => {
    if (chosen.length === r) {
      out.push(tuple(chosen));
      return;
    }
    pool.forEach((x, i) => {
      if (used[i]) return;
      used[i] = true;
      pick(used, [...chosen, x]);
      used[i] = false;
    });
  };
  if (r >= 0 && r <= pool.length) pick([], []);
  return out;
}

/** itertools.product of the iterables, as tuples. */
function product(pools: unknown[][]): unknown[] {
  let out: unknown[][] = [[]];
  for (const pool of pools) {
    checkLength('list', out.length * pool.length);
    out = out.flatMap((prefix) => pool.map((x) => [...prefix, x]));
  }
  return out.map((t) => tuple(t));
}

/** A non-negative `r` argument, with itertools' messages. */
function rArg(r: unknown): number {
  const n = toPyInt(r);
  if (n < 0) throw new PyError('ValueError', 'r must be non-negative');
  return n;
}

/** Salt's list filters, by name. */
export const SALT_LIST_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['unique', defineFilter('unique', [p('values')], (_ctx, [values]) => dedupe(values))],
  ['min', defineFilter('lst_min', [p('obj')], (_ctx, [obj]) => extreme('min', obj))],
  ['max', defineFilter('lst_max', [p('obj')], (_ctx, [obj]) => extreme('max', obj))],
  ['avg', avg],
  ['union', setOp('union', union)],
  ['intersect', setOp('intersect', intersect)],
  ['difference', setOp('difference', difference)],
  ['symmetric_difference', setOp('symmetric_difference', symmetricDifference)],
  ['combinations', defineFilter('combinations', [p('iterable'), p('r')], (_ctx, [it, r]) => combinations(iterate(it), rArg(r), false))],
  [
    'combinations_with_replacement',
    defineFilter('combinations_with_replacement', [p('iterable'), p('r')], (_ctx, [it, r]) => combinations(iterate(it), rArg(r), true)),
  ],
  [
    'permutations',
    defineFilter('permutations', [p('iterable'), p('r', null)], (_ctx, [it, r]) => {
      const pool = iterate(it);
      return permutations(pool, r === null ? pool.length : rArg(r));
    }),
  ],
  [
    'compress',
    defineFilter('compress', [p('data'), p('selectors')], (_ctx, [data, selectors]) => {
      const sel = iterate(selectors);
      return iterate(data).filter((_x, i) => i < sel.length && truthy(sel[i]));
    }),
  ],
  [
    'product',
    defineFilter('product', [], (_ctx, _v, { varargs, varkw }) => {
      const repeat = varkw.has('repeat') ? toPyInt(varkw.get('repeat')) : 1;
      const pools = varargs.map(iterate);
      return product(Array.from({ length: Math.max(0, repeat) }, () => pools).flat());
    }, { varargs: true, varkw: true }),
  ],
  [
    'zip',
    defineFilter('zip', [], (_ctx, _v, { varargs }) => {
      const lists = varargs.map(iterate);
      const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
      return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => l[i])));
    }, { varargs: true }),
  ],
  [
    'zip_longest',
    defineFilter('zip_longest', [], (_ctx, _v, { varargs, varkw }) => {
      const fill = varkw.has('fillvalue') ? varkw.get('fillvalue') : null;
      const lists = varargs.map(iterate);
      const n = lists.length ? Math.max(...lists.map((l) => l.length)) : 0;
      return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => (i < l.length ? l[i] : fill))));
    }, { varargs: true, varkw: true }),
  ],
];
