/**
 * Jinja2 3.1's string filters (jinja2/filters.py): case, padding, replace,
 * trim, truncate, indent, format, escaping, urlencode, xmlattr, wordcount.
 * Each works on Python's str() of the value (Jinja's soft_str), so an
 * Undefined raises.
 */
import { splitlines } from '../../python';
import { percentFormat } from '../python/percent-format';
import { PyError, Undefined, isDict, pyStr, truthy, tuple, typeName } from '../runtime/values';
import { defineFilter, p } from './define';
import { htmlEscape, stripTags, urlQuote } from './html';
import { filterArgumentError, pyLen } from './iterate';
import { iterate } from '../runtime/iterate';
import { pyStrip } from '../../python';
import { capitalize } from '../python/chars';
import { replace as strReplace } from '../python/str-methods';
import { asIndex } from '../python/coerce';
import { wrap } from './textwrap';
import type { FilterFn } from './types';

/** A str filter with no arguments: `fname(s)` applied to str(value). */
function strFilter(fname: string, fn: (text: string) => unknown): FilterFn {
  return defineFilter(fname, [p('s')], (_ctx, [s]) => fn(pyStr(s)));
}

/**
 * `title`: each word (after `-`, whitespace or an opening bracket) as Jinja's do_title writes it,
 * `item[0].upper() + item[1:].lower()` (upper, not str.capitalize's titlecase: 'ǆa' gives 'Ǆa').
 */
function title(text: string): string {
  return text
    .split(/([-\s({[<]+)/)
    .filter(Boolean)
    .map((w) => {
      const [first = '', ...rest] = [...w];
      return first.toUpperCase() + rest.join('').toLowerCase();
    })
    .join('');
}

/** Python's str.center(width): Python's split of the padding (the extra space left when both are odd). */
function center(text: string, width: number): string {
  const marg = width - [...text].length;
  if (marg <= 0) return text;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return ' '.repeat(left) + text + ' '.repeat(marg - left);
}

/**
 * `indent(s, width=4, first=False, blank=False)`, Jinja 3.1: lines after the
 * first indented by `width` spaces (or the str `width`); `first` indents the
 * first line too; `blank` indents empty lines too.
 */
const indent = defineFilter('do_indent', [p('s'), p('width', 4), p('first', false), p('blank', false)], (_ctx, [s, width, first, blank]) => {
  if (s instanceof Undefined) return s.fail();
  if (Array.isArray(s)) throw new PyError('AttributeError', `'${typeName(s)}' object has no attribute 'splitlines'`);
  if (typeof s !== 'string') throw new PyError('TypeError', `unsupported operand type(s) for +=: '${typeName(s)}' and 'str'`);
  if (typeof width === 'number' && !Number.isInteger(width)) throw new PyError('TypeError', "can't multiply sequence by non-int of type 'float'");
  const indention = typeof width === 'string' ? width : ' '.repeat(Math.max(0, asIndex(width)));
  const lines = splitlines(`${s}\n`);
  let rv: string;
  if (truthy(blank)) rv = lines.join(`\n${indention}`);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += `\n${lines.map((line) => (line ? indention + line : line)).join('\n')}`;
  }
  return truthy(first) ? indention + rv : rv;
});

/**
 * `truncate(s, length=255, killwords=False, end='...', leeway=None)`: leeway
 * defaults to Jinja's policy, 5; a cut drops the last partial word unless `killwords`.
 * @throws PyError AssertionError `expected length >= 3, got 2`
 */
const truncate = defineFilter(
  'do_truncate',
  [p('s'), p('length', 255), p('killwords', false), p('end', '...'), p('leeway', null)],
  (_ctx, [s, length, killwords, end, leeway]) => {
    const n = asIndex(length);
    const endText = pyStr(end);
    const margin = leeway === null ? 5 : asIndex(leeway);
    if (!(n >= [...endText].length)) throw new PyError('AssertionError', `expected length >= ${[...endText].length}, got ${n}`);
    if (!(margin >= 0)) throw new PyError('AssertionError', `expected leeway >= 0, got ${margin}`);
    if (pyLen(s) <= n + margin) return s;
    if (typeof s !== 'string') throw new PyError('TypeError', `can only concatenate ${typeName(s)} (not "str") to ${typeName(s)}`);
    const head = [...s].slice(0, Math.max(0, n - [...endText].length)).join('');
    if (truthy(killwords)) return head + endText;
    const cut = head.lastIndexOf(' ');
    return (cut < 0 ? head : head.slice(0, cut)) + endText;
  },
  { passes: 'env' },
);

/**
 * `format(value, *args, **kwargs)`: `value % args` (or `% kwargs`), Python's printf formatting.
 * @throws PyError FilterArgumentError when given both positional and keyword arguments
 */
const format = defineFilter(
  'do_format',
  [p('value')],
  (_ctx, [value], { varargs, varkw }) => {
    if (varargs.length && varkw.size) throw filterArgumentError("can't handle positional and keyword arguments at the same time");
    return percentFormat(pyStr(value), varkw.size ? new Map(varkw) : tuple(varargs));
  },
  { varargs: true, varkw: true },
);

/** `replace(s, old, new, count=None)`: Python's str.replace on str() of each. */
const replace = defineFilter('do_replace', [p('s'), p('old'), p('new'), p('count', null)], (_ctx, [s, old, repl, count]) =>
  strReplace(pyStr(s), pyStr(old), pyStr(repl), count === null ? -1 : asIndex(count)),
  { passes: 'eval_ctx' },
);

/** `trim(value, chars=None)`: Python's str.strip(chars). */
const trim = defineFilter('do_trim', [p('value'), p('chars', null)], (_ctx, [value, chars]) =>
  pyStrip(pyStr(value), chars === null ? null : pyStr(chars)),
);

/** `center(value, width=80)`. */
const centerFilter = defineFilter('do_center', [p('value'), p('width', 80)], (_ctx, [value, width]) => center(pyStr(value), asIndex(width)));

/**
 * `urlencode(value)`: a str (or any non-iterable) quoted for a URL path, `/`
 * kept; a dict or a list of pairs as a query string `k=v&k2=v2`.
 */
const urlencode = defineFilter('do_urlencode', [p('value')], (_ctx, [value]) => {
  if (typeof value === 'string' || (!isDict(value) && !Array.isArray(value) && !(value instanceof Undefined))) return urlQuote(pyStr(value), false);
  const pairs = isDict(value) ? [...value] : iterate(value).map((item) => iterate(item));
  return pairs
    .map((pair) => {
      if (pair.length !== 2) throw new PyError('ValueError', `${pair.length > 2 ? 'too many values to unpack' : 'not enough values to unpack'} (expected 2, got ${pair.length})`);
      return `${urlQuote(pyStr(pair[0]), true)}=${urlQuote(pyStr(pair[1]), true)}`;
    })
    .join('&');
});

/**
 * `xmlattr(d, autospace=True)`: `key="value"` pairs, escaped, None and
 * Undefined values left out, a leading space when any and `autospace`.
 */
const xmlattr = defineFilter('do_xmlattr', [p('d'), p('autospace', true)], (_ctx, [d, autospace]) => {
  if (d instanceof Undefined) return d.fail();
  if (!isDict(d)) throw new PyError('AttributeError', `'${typeName(d)}' object has no attribute 'items'`);
  const rv = [...d]
    .filter(([, v]) => v !== null && v !== undefined && !(v instanceof Undefined))
    .map(([k, v]) => `${htmlEscape(pyStr(k))}="${htmlEscape(pyStr(v))}"`)
    .join(' ');
  return truthy(autospace) && rv ? ` ${rv}` : rv;
}, { passes: 'eval_ctx' });

/**
 * `wordwrap(s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True)`:
 * each line of `s` wrapped by textwrap, joined by `wrapstring` (a newline).
 */
const wordwrap = defineFilter(
  'do_wordwrap',
  [p('s'), p('width', 79), p('break_long_words', true), p('wrapstring', null), p('break_on_hyphens', true)],
  (_ctx, [s, width, breakLongWords, wrapstring, breakOnHyphens]) => {
    if (s instanceof Undefined) return s.fail();
    if (typeof s !== 'string') throw new PyError('AttributeError', `'${typeName(s)}' object has no attribute 'splitlines'`);
    const sep = wrapstring === null ? '\n' : pyStr(wrapstring);
    const options = { breakLongWords: truthy(breakLongWords), breakOnHyphens: truthy(breakOnHyphens) };
    return splitlines(s)
      .map((line) => wrap(line, asIndex(width), options).join(sep))
      .join(sep);
  },
  { passes: 'environment' },
);

/** `wordcount(s)`: the number of `\w+` runs. */
function wordcount(text: string): number {
  return (text.match(/[\p{L}\p{N}\p{Mn}\p{Pc}]+/gu) ?? []).length;
}

/** The string filters, by name. */
export const STRING_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['capitalize', strFilter('do_capitalize', capitalize)],
  ['lower', strFilter('do_lower', (s) => s.toLowerCase())],
  ['upper', strFilter('do_upper', (s) => s.toUpperCase())],
  ['title', strFilter('do_title', title)],
  ['string', strFilter('soft_str', (s) => s)],
  ['safe', strFilter('do_mark_safe', (s) => s)],
  ['escape', strFilter('escape', htmlEscape)],
  ['e', strFilter('escape', htmlEscape)],
  ['forceescape', strFilter('do_forceescape', htmlEscape)],
  ['striptags', strFilter('do_striptags', stripTags)],
  ['wordcount', strFilter('do_wordcount', wordcount)],
  ['center', centerFilter],
  ['indent', indent],
  ['truncate', truncate],
  ['wordwrap', wordwrap],
  ['format', format],
  ['replace', replace],
  ['trim', trim],
  ['urlencode', urlencode],
  ['xmlattr', xmlattr],
];
