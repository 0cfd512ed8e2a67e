/**
 * Python 3.11's `pprint.pformat(value)` (width 80, indent 1, dicts sorted)
 * over template values: what Jinja's `pprint` and Salt's `python` filters
 * print. Containers that do not fit break one item per line under their
 * bracket; a str that does not fit is split into adjacent literals.
 */
import { pyCompare, pyRepr, typeName, isDict, isTuple, type PyDict } from '../runtime/values';
import { defineFilter, p } from './define';
import type { FilterFn } from './types';

/** pformat's line width. */
const WIDTH = 80;

/** pprint's _safe_key order: Python's `<`, else by type name (`<class 'int'>` before `<class 'str'>`). */
function safeCompare(a: unknown, b: unknown): number {
  try {
    return pyCompare(a, b);
  } catch {
    const ta = `<class '${typeName(a)}'>`;
    const tb = `<class '${typeName(b)}'>`;
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  }
}

/** A dict's items in pprint's order. */
function sortedItems(d: PyDict): [unknown, unknown][] {
  return [...d].sort((x, y) => safeCompare(x[0], y[0]));
}

/** pprint's _safe_repr: repr() with every dict's keys sorted. */
function safeRepr(v: unknown): string {
  if (isDict(v)) return `{${sortedItems(v).map(([k, x]) => `${safeRepr(k)}: ${safeRepr(x)}`).join(', ')}}`;
  if (isTuple(v)) return v.length === 1 ? `(${safeRepr(v[0])},)` : `(${v.map(safeRepr).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(safeRepr).join(', ')}]`;
  return pyRepr(v);
}

/** Length in code points. */
function len(s: string): number {
  return [...s].length;
}

/** Python's `str.splitlines(keepends=True)`. */
const LINES_WITH_ENDS = /[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])|[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+$/g;

/** pprint's _pprint_str: the str as adjacent literals, split at line breaks and then between words. */
function formatStr(s: string, indent: number, allowance: number, level: number): string {
  const keep = s.match(LINES_WITH_ENDS) ?? [];
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const maxWidth = WIDTH - indent;
  let maxWidth1 = maxWidth;
  const chunks: string[] = [];
  keep.forEach((line, i) => {
    const rep = pyRepr(line);
    if (i === keep.length - 1) maxWidth1 -= allowance;
    if (len(rep) <= maxWidth1) {
      chunks.push(rep);
      return;
    }
    const parts = line.match(/\S*\s*/g)?.filter((x, j, all) => j < all.length - 1 || x !== '') ?? [];
    let maxWidth2 = maxWidth;
    let current = '';
    parts.forEach((part, j) => {
      const candidate = current + part;
      if (j === parts.length - 1 && i === keep.length - 1) maxWidth2 -= allowance;
      if (len(pyRepr(candidate)) > maxWidth2) {
        if (current) chunks.push(pyRepr(current));
        current = part;
      } else current = candidate;
    });
    if (current) chunks.push(pyRepr(current));
  });
  if (chunks.length <= 1) return pyRepr(s);
  const body = chunks.join(`\n${' '.repeat(indent)}`);
  return level === 1 ? `(${body})` : body;
}

/** pprint's _format_items: one item per line, `indent` in from the bracket. */
function formatItems(items: unknown[], indent: number, allowance: number, level: number): string {
  indent += 1;
  return items.map((item, i) => format(item, indent, i === items.length - 1 ? allowance : 1, level)).join(`,\n${' '.repeat(indent)}`);
}

/** pprint's _format: the repr when it fits in the width left, else the type's breaking layout. */
function format(v: unknown, indent: number, allowance: number, level: number): string {
  const rep = safeRepr(v);
  if (len(rep) <= WIDTH - indent - allowance) return rep;
  level += 1;
  if (isDict(v)) {
    if (!v.size) return rep;
    const inner = indent + 1;
    const items = sortedItems(v);
    return `{${items
      .map(([k, x], i) => {
        const key = safeRepr(k);
        return `${key}: ${format(x, inner + len(key) + 2, i === items.length - 1 ? allowance + 1 : 1, level)}`;
      })
      .join(`,\n${' '.repeat(inner)}`)}}`;
  }
  if (isTuple(v)) {
    const end = v.length === 1 ? ',)' : ')';
    return `(${formatItems([...v], indent, allowance + end.length, level)}${end}`;
  }
  if (Array.isArray(v)) return `[${formatItems(v, indent, allowance + 1, level)}]`;
  if (typeof v === 'string' && v.length) return formatStr(v, indent, allowance, level);
  return rep;
}

/**
 * `pprint.pformat(value)`.
 * @throws UndefinedError for an Undefined anywhere inside (its repr raises)
 */
export function pformat(value: unknown): string {
  return format(value, 0, 0, 0);
}

/** Jinja's `pprint(value)` and Salt's `python(value)` (pformat, stripped), by name. */
export const PFORMAT_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['pprint', defineFilter('do_pprint', [p('value')], (_ctx, [value]) => pformat(value))],
  ['python', defineFilter('format_python', [p('value')], (_ctx, [value]) => pformat(value).trim())],
];
