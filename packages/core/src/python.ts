/**
 * Python text semantics Salt's users see: Salt formats returns with Python's
 * number and str repr(), str.splitlines(), str.strip() and sorted(), so brine
 * reproduces those here, for the CLI's outputters, execution modules and the
 * Jinja engine (whose value model, jinja/runtime/values.ts, builds repr(),
 * str() and truth on them for any value).
 */

/**
 * True for a plain object (a Python dict): made by `{}` or Object.create(null),
 * not an array, not a class instance. Objects of another realm (a `vm`
 * context, structuredClone under jest) count: their prototype is that
 * realm's Object.prototype.
 */
export function isDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return true;
  return Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]';
}

/** Every line boundary Python's str.splitlines() knows. */
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/**
 * Python's `str.splitlines(keepends)`: lines without their breaks (with them
 * when `keepends`), and no final empty line for a trailing break. `''` gives
 * `[]`, `'\n'` gives `['']`.
 */
export function splitlines(text: string, keepends = false): string[] {
  const parts = text.split(keepends ? new RegExp(`(${LINE_BREAK.source})`) : LINE_BREAK);
  const lines: string[] = [];
  const step = keepends ? 2 : 1;
  for (let i = 0; i < parts.length; i += step) lines.push(parts[i] + (keepends ? parts[i + 1] ?? '' : ''));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The characters for which Python's `str.isspace()` is true (and that `str.split()` splits on), as a RegExp class body. */
export const PY_SPACE_CLASS = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** One Python whitespace character. */
export const PY_SPACE = new RegExp(`[${PY_SPACE_CLASS}]`);

/** A run of Python whitespace characters. */
export const PY_SPACES = new RegExp(`[${PY_SPACE_CLASS}]+`);

/**
 * Python's `text.strip(chars)` (or lstrip/rstrip with `right`/`left` false):
 * whitespace as Python defines it when `chars` is null, else any of its
 * characters (code points).
 */
export function pyStrip(text: string, chars: string | null = null, left = true, right = true): string {
  const set = chars === null ? null : new Set(chars);
  const strip = (ch: string): boolean => (set ? set.has(ch) : PY_SPACE.test(ch));
  const cps = [...text];
  let i = 0;
  let j = cps.length;
  while (left && i < j && strip(cps[i] as string)) i++;
  while (right && j > i && strip(cps[j - 1] as string)) j--;
  return cps.slice(i, j).join('');
}

/** Python's `str.rstrip()` with no argument. */
export function rstrip(text: string): string {
  return pyStrip(text, null, false, true);
}

/** Sort rank of a UTF-16 unit that puts surrogates (astral code points) after the rest of the BMP. */
function unitRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  return unit >= 0xd800 ? unit + 0x2000 : unit;
}

/**
 * Comparator ordering strings by Unicode code point, as Python's `sorted()`
 * on str (JavaScript's default sort compares UTF-16 units instead).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = unitRank(a.charCodeAt(i)) - unitRank(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * Python's repr() of a number. Safe integers and bigints print as Python ints
 * (`42`); other numbers as Python floats: shortest round-trip digits, `.0` on
 * integral values, exponent form (`1e-05`, `1e+16`) outside 1e-4 <= |x| < 1e16,
 * and `nan`, `inf`, `-inf`.
 */
export function pyNumberRepr(n: number | bigint): string {
  if (typeof n === 'bigint' || Number.isSafeInteger(n)) return String(n);
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed = String(n);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** Characters Python's `str.isprintable()` rejects: categories C* and Z* (space is handled before). */
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

/** Python's escape for a code point repr() will not print as is: `\xNN`, `\uNNNN` or `\UNNNNNNNN`. */
function hexEscape(codePoint: number): string {
  if (codePoint <= 0xff) return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  if (codePoint <= 0xffff) return `\\u${codePoint.toString(16).padStart(4, '0')}`;
  return `\\U${codePoint.toString(16).padStart(8, '0')}`;
}

const SHORT_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Python's repr() of a str: single quotes unless the text holds a `'` and no
 * `"`; backslash, the quote, `\t`, `\n`, `\r` escaped; other non-printable
 * characters as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
 */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (ch === quote) body += `\\${ch}`;
    else if (ch in SHORT_ESCAPES) body += SHORT_ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) body += hexEscape(cp);
    else if (cp < 0x7f || !NOT_PRINTABLE.test(ch)) body += ch;
    else body += hexEscape(cp);
  }
  return quote + body + quote;
}

