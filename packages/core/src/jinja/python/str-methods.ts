/**
 * The methods of Python's str that templates call (`s.split()`,
 * `s.startswith()`, `s.replace()`, `s.format()`...), with CPython 3.11's
 * semantics and error messages. Lengths and offsets count code points.
 * `encode()` is left out: templates have no bytes type.
 */
import { PY_SPACE, pyStrip, splitlines } from '../../python';
import { PyError, Undefined, isDict, tuple, typeName, type Kwargs } from '../runtime/values';
import { ALL_CHARS_PREDICATES, capitalize, casefold, isIdentifier, isLower, isTitle, isUpper, swapcase, title } from './chars';
import { adjustIndices, asIndex, asSliceIndex } from './coerce';
import { iterate } from '../runtime/iterate';
import { codePointIndex, cpSlice, strLen } from './code-points';
import type { MethodDef, MethodTable } from './method-table';
import { strFormat, strFormatMap } from './str-format';

/** `v` when it is a str. @throws PyError TypeError `${message}, not int` (`not StrictUndefined` too, as CPython checks the type only) */
function str(v: unknown, message: string): string {
  if (typeof v === 'string') return v;
  throw new PyError('TypeError', `${message}, not ${typeName(v)}`);
}

/** Whether `ch` is Python whitespace. */
function isSpace(ch: string): boolean {
  return PY_SPACE.test(ch);
}

/** `s.split(None, maxsplit)`: runs of whitespace, none at either end; the remainder after `maxsplit` splits keeps its trailing whitespace. */
function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isSpace(s[i] as string)) i++;
    if (i >= s.length) return out;
    if (maxsplit >= 0 && out.length === maxsplit) return [...out, s.slice(i)];
    let j = i;
    while (j < s.length && !isSpace(s[j] as string)) j++;
    out.push(s.slice(i, j));
    i = j;
  }
}

/** `s.rsplit(None, maxsplit)`: as {@link splitWhitespace}, from the right. */
function rsplitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let j = s.length;
  for (;;) {
    while (j > 0 && isSpace(s[j - 1] as string)) j--;
    if (j <= 0) return out.reverse();
    if (maxsplit >= 0 && out.length === maxsplit) return [s.slice(0, j), ...out.reverse()];
    let i = j;
    while (i > 0 && !isSpace(s[i - 1] as string)) i--;
    out.push(s.slice(i, j));
    j = i;
  }
}

/** `s.split(sep, maxsplit)` for a non-empty `sep`. */
function splitOn(s: string, sep: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (maxsplit < 0 || out.length < maxsplit) {
    const j = s.indexOf(sep, i);
    if (j < 0) break;
    out.push(s.slice(i, j));
    i = j + sep.length;
  }
  out.push(s.slice(i));
  return out;
}

/** `s.rsplit(sep, maxsplit)` for a non-empty `sep`. */
function rsplitOn(s: string, sep: string, maxsplit: number): string[] {
  const out: string[] = [];
  let end = s.length;
  while ((maxsplit < 0 || out.length < maxsplit) && end >= sep.length) {
    const j = s.lastIndexOf(sep, end - sep.length);
    if (j < 0) break;
    out.push(s.slice(j + sep.length, end));
    end = j;
  }
  out.push(s.slice(0, end));
  return out.reverse();
}

/** The separator argument of split/rsplit: null for whitespace. @throws PyError ValueError `empty separator` */
function separator(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const sep = str(v, 'must be str or None');
  if (sep === '') throw new PyError('ValueError', 'empty separator');
  return sep;
}

/** split or rsplit. */
function splitter(right: boolean): MethodDef<string> {
  return {
    params: [{ name: 'sep', default: null }, { name: 'maxsplit', default: -1 }],
    style: 'keywords',
    call: (s, [sepArg, maxArg]) => {
      const sep = separator(sepArg);
      const maxsplit = asIndex(maxArg);
      if (sep === null) return right ? rsplitWhitespace(s, maxsplit) : splitWhitespace(s, maxsplit);
      return right ? rsplitOn(s, sep, maxsplit) : splitOn(s, sep, maxsplit);
    },
  };
}

/** strip, lstrip or rstrip: whitespace, or any of `chars`. */
function stripper(name: string, left: boolean, right: boolean): MethodDef<string> {
  return {
    params: [{ name: 'chars', default: null }],
    call: (s, [charsArg]) => {
      const chars = charsArg ?? null;
      if (chars !== null && typeof chars !== 'string') throw new PyError('TypeError', `${name} arg must be None or str`);
      return pyStrip(s, chars, left, right);
    },
  };
}

/** The window `s[start:end]` a find/count/startswith argument list selects, or null when it is shorter than `needed` code points. */
function window(s: string, startArg: unknown, endArg: unknown, needed: number): { text: string; start: number } | null {
  const [start, end] = adjustIndices(strLen(s), asSliceIndex(startArg), asSliceIndex(endArg));
  if (end - start < needed) return null;
  return { text: cpSlice(s, start, end), start };
}

const RANGE_PARAMS = [{ name: 'sub' }, { name: 'start', default: null }, { name: 'end', default: null }];

/** find, rfind, index or rindex: the code point offset of `sub`, -1 (find) or ValueError `substring not found` (index). */
function finder(right: boolean, raise: boolean): MethodDef<string> {
  return {
    params: RANGE_PARAMS,
    style: 'tuple',
    call: (s, [subArg, start, end]) => {
      const sub = str(subArg, 'must be str');
      const w = window(s, start, end, strLen(sub));
      const at = w === null ? -1 : right ? w.text.lastIndexOf(sub) : w.text.indexOf(sub);
      if (w !== null && at >= 0) return w.start + codePointIndex(w.text, at);
      if (raise) throw new PyError('ValueError', 'substring not found');
      return -1;
    },
  };
}

/** startswith or endswith: `prefix` a str or a tuple of str. */
function affixTest(name: string, atEnd: boolean): MethodDef<string> {
  return {
    params: [{ name: 'prefix' }, { name: 'start', default: null }, { name: 'end', default: null }],
    style: 'tuple',
    call: (s, [affix, start, end]) => {
      const candidates = typeName(affix) === 'tuple' ? (affix as unknown[]) : [affix];
      return candidates.some((c) => {
        if (typeof c !== 'string') {
          const message = candidates === affix ? `tuple for ${name} must only contain str` : `${name} first arg must be str or a tuple of str`;
          throw new PyError('TypeError', `${message}, not ${typeName(c)}`);
        }
        const w = window(s, start, end, strLen(c));
        return w !== null && (atEnd ? w.text.endsWith(c) : w.text.startsWith(c));
      });
    },
  };
}

/** The fill character argument of ljust/rjust/center. */
function fillChar(v: unknown): string {
  if (typeof v !== 'string') throw new PyError('TypeError', `The fill character must be a unicode character, not ${typeName(v)}`);
  if (strLen(v) !== 1) throw new PyError('TypeError', 'The fill character must be exactly one character long');
  return v;
}

/** ljust, rjust or center: `s` padded to `width` code points, as CPython splits the margin. */
function justify(how: 'left' | 'right' | 'center'): MethodDef<string> {
  return {
    params: [{ name: 'width' }, { name: 'fillchar', default: ' ' }],
    call: (s, [widthArg, fillArg]) => {
      const width = asIndex(widthArg);
      const fill = fillChar(fillArg);
      const margin = width - strLen(s);
      if (margin <= 0) return s;
      const left = how === 'left' ? 0 : how === 'right' ? margin : Math.floor(margin / 2) + (margin & width & 1);
      return fill.repeat(left) + s + fill.repeat(margin - left);
    },
  };
}

/** partition or rpartition: a 3-tuple around the first (last) `sep`. */
function partitioner(right: boolean): MethodDef<string> {
  return {
    params: [{ name: 'sep' }],
    call: (s, [sepArg]) => {
      const sep = str(sepArg, 'must be str');
      if (sep === '') throw new PyError('ValueError', 'empty separator');
      const at = right ? s.lastIndexOf(sep) : s.indexOf(sep);
      if (at < 0) return right ? tuple(['', '', s]) : tuple([s, '', '']);
      return tuple([s.slice(0, at), sep, s.slice(at + sep.length)]);
    },
  };
}

/** removeprefix or removesuffix. */
function affixRemover(name: string, atEnd: boolean): MethodDef<string> {
  return {
    params: [{ name: 'affix' }],
    call: (s, [affixArg]) => {
      const affix = str(affixArg, `${name}() argument must be str`);
      if (affix === '') return s;
      if (atEnd) return s.endsWith(affix) ? s.slice(0, -affix.length) : s;
      return s.startsWith(affix) ? s.slice(affix.length) : s;
    },
  };
}

/** A method without arguments computing from the string alone. */
function unary(fn: (s: string) => unknown): MethodDef<string> {
  return { params: [], call: (s) => fn(s) };
}

/** Python's `s.replace(old, by, count)`: the first `count` occurrences (all when negative); an empty `old` inserts between code points. */
export function replace(s: string, old: string, by: string, count: number): string {
  if (old === '') {
    const chars = [...s];
    let out = '';
    for (let i = 0; i <= chars.length; i++) {
      if (count < 0 || i < count) out += by;
      out += chars[i] ?? '';
    }
    return out;
  }
  const parts = splitOn(s, old, count);
  return parts.join(by);
}

/** `s.count(sub)` within a window: non-overlapping occurrences; an empty `sub` counts every position. */
function countIn(text: string, sub: string): number {
  if (sub === '') return strLen(text) + 1;
  return splitOn(text, sub, -1).length - 1;
}

/** `s.expandtabs(tabsize)`: tabs to the next multiple of `tabsize` columns; columns restart after `\n` and `\r`. */
function expandtabs(s: string, tabsize: number): string {
  let out = '';
  let column = 0;
  for (const ch of s) {
    if (ch === '\t') {
      if (tabsize > 0) {
        const n = tabsize - (column % tabsize);
        out += ' '.repeat(n);
        column += n;
      }
    } else {
      out += ch;
      column = ch === '\n' || ch === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

/** `s.zfill(width)`: zeros on the left, after a leading sign. */
function zfill(s: string, width: number): string {
  const fill = width - strLen(s);
  if (fill <= 0) return s;
  const sign = s[0] === '+' || s[0] === '-' ? (s[0] as string) : '';
  return sign + '0'.repeat(fill) + s.slice(sign.length);
}

/**
 * `s.format_map(mapping)` as Jinja's sandbox wraps it, with its messages.
 * @throws PyError TypeError `format_map() takes no keyword arguments`, `format_map() takes exactly one argument (2 given)`
 */
function formatMap(s: string, args: unknown[], kwargs: Kwargs): string {
  if (kwargs.size) throw new PyError('TypeError', 'format_map() takes no keyword arguments');
  if (args.length !== 1) throw new PyError('TypeError', `format_map() takes exactly one argument (${args.length} given)`);
  return strFormatMap(s, args[0]);
}

/** `sep.join(iterable)`. @throws PyError TypeError `sequence item 0: expected str instance, int found` */
function join(sep: string, iterable: unknown): string {
  if (!(typeof iterable === 'string' || Array.isArray(iterable) || isDict(iterable) || iterable instanceof Undefined)) {
    throw new PyError('TypeError', 'can only join an iterable');
  }
  const items = iterate(iterable);
  items.forEach((item, i) => {
    if (typeof item !== 'string') throw new PyError('TypeError', `sequence item ${i}: expected str instance, ${typeName(item)} found`);
  });
  return items.join(sep);
}

const entries: [string, MethodDef<string>][] = [
  ['split', splitter(false)],
  ['rsplit', splitter(true)],
  [
    'splitlines',
    { params: [{ name: 'keepends', default: false }], style: 'keywords', call: (s, [keep]) => splitlines(s, asIndex(keep) !== 0) },
  ],
  ['strip', stripper('strip', true, true)],
  ['lstrip', stripper('lstrip', true, false)],
  ['rstrip', stripper('rstrip', false, true)],
  ['startswith', affixTest('startswith', false)],
  ['endswith', affixTest('endswith', true)],
  ['find', finder(false, false)],
  ['rfind', finder(true, false)],
  ['index', finder(false, true)],
  ['rindex', finder(true, true)],
  [
    'count',
    {
      params: RANGE_PARAMS,
      style: 'tuple',
      call: (s, [subArg, start, end]) => {
        const sub = str(subArg, 'must be str');
        const w = window(s, start, end, strLen(sub));
        return w === null ? 0 : countIn(w.text, sub);
      },
    },
  ],
  [
    'replace',
    {
      params: [{ name: 'old' }, { name: 'new' }, { name: 'count', default: -1 }],
      call: (s, [old, by, count]) =>
        replace(s, str(old, 'replace() argument 1 must be str'), str(by, 'replace() argument 2 must be str'), asIndex(count)),
    },
  ],
  ['join', { params: [{ name: 'iterable' }], call: (s, [iterable]) => join(s, iterable) }],
  ['format', { params: [], style: 'keywords', rest: true, call: (s, _values, args, kwargs) => strFormat(s, args, kwargs) }],
  ['format_map', { params: [], style: 'keywords', rest: true, call: (s, _values, args, kwargs) => formatMap(s, args, kwargs) }],
  ['lower', unary((s) => s.toLowerCase())],
  ['upper', unary((s) => s.toUpperCase())],
  ['title', unary(title)],
  ['capitalize', unary(capitalize)],
  ['swapcase', unary(swapcase)],
  ['casefold', unary(casefold)],
  ['islower', unary(isLower)],
  ['isupper', unary(isUpper)],
  ['istitle', unary(isTitle)],
  ['isidentifier', unary(isIdentifier)],
  ...[...ALL_CHARS_PREDICATES].map(([name, test]): [string, MethodDef<string>] => [name, unary(test)]),
  ['zfill', { params: [{ name: 'width' }], call: (s, [width]) => zfill(s, asIndex(width)) }],
  ['ljust', justify('left')],
  ['rjust', justify('right')],
  ['center', justify('center')],
  ['partition', partitioner(false)],
  ['rpartition', partitioner(true)],
  [
    'expandtabs',
    { params: [{ name: 'tabsize', default: 8 }], style: 'keywords', call: (s, [tabsize]) => expandtabs(s, asIndex(tabsize)) },
  ],
  ['removeprefix', affixRemover('removeprefix', false)],
  ['removesuffix', affixRemover('removesuffix', true)],
];

/** str's methods by name. */
export const STR_METHODS: MethodTable<string> = new Map(entries);
