/**
 * Python's numeric conversions as the filters call them: `int(x)`,
 * `int(text, base)`, `float(x)`, `round(x, n)`, with CPython's error messages.
 */
import { PyError, Undefined, typeName } from '../runtime/values';
import { pyStrRepr } from '../../python';
import { pyStrip } from '../../python';
import { formatValue } from '../python/format-value';

/** Python's float literal syntax for float(str): digits with single underscores between them, inf, nan. */
const FLOAT_TEXT = /^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)$/i;

/** Prefixes int() accepts for bases 16, 8 and 2. */
const PREFIX: Record<string, number> = { x: 16, o: 8, b: 2 };

/**
 * Python's `int(text, base)` on a str, or null where Python raises ValueError:
 * surrounding whitespace, a sign, the `0x`/`0o`/`0b` prefix matching `base`
 * (any of them for base 0), underscores between digits.
 */
export function parsePyInt(text: string, base = 10): number | null {
  if (!Number.isInteger(base) || (base !== 0 && (base < 2 || base > 36))) return null;
  let s = pyStrip(text, null);
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  const prefix = /^0([xob])/i.exec(s);
  const prefixBase = prefix ? PREFIX[(prefix[1] as string).toLowerCase()] : undefined;
  if (prefixBase !== undefined && (base === 0 || base === prefixBase)) {
    base = prefixBase;
    s = s.slice(2).replace(/^_/, '');
  } else if (base === 0) {
    if (/^0+(?:_?0)*$/.test(s)) return 0;
    if (s[0] === '0') return null;
    base = 10;
  }
  if (!/^[0-9a-z]+(?:_[0-9a-z]+)*$/i.test(s)) return null;
  let n = 0;
  for (const ch of s.replace(/_/g, '')) {
    const d = parseInt(ch, 36);
    if (d >= base) return null;
    n = n * base + d;
  }
  return sign * n;
}

/** Python's `float(text)` on a str, or null where Python raises ValueError. */
export function parsePyFloat(text: string): number | null {
  const s = pyStrip(text, null);
  if (!FLOAT_TEXT.test(s)) return null;
  const lower = s.toLowerCase().replace(/_/g, '');
  if (lower.endsWith('nan')) return NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(lower);
}

/**
 * Python's `float(value)`.
 * @throws UndefinedError for an Undefined
 * @throws PyError ValueError `could not convert string to float: 'x'`; TypeError
 *   `float() argument must be a string or a real number, not 'list'`
 */
export function toPyFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Undefined) return value.fail();
  if (typeof value === 'string') {
    const n = parsePyFloat(value);
    if (n === null) throw new PyError('ValueError', `could not convert string to float: ${pyStrRepr(value)}`);
    return n;
  }
  throw new PyError('TypeError', `float() argument must be a string or a real number, not '${typeName(value)}'`);
}

/**
 * Python's `int(value)` (and `int(value, base)` for a str).
 * @throws UndefinedError for an Undefined
 * @throws PyError ValueError `invalid literal for int() with base 10: 'x'`, `cannot convert float NaN to integer`;
 *   OverflowError `cannot convert float infinity to integer`; TypeError
 *   `int() argument must be a string, a bytes-like object or a real number, not 'NoneType'`
 */
export function toPyInt(value: unknown, base = 10): number {
  if (value instanceof Undefined) return value.fail();
  if (typeof value === 'string') {
    const n = parsePyInt(value, base);
    if (n === null) throw new PyError('ValueError', `invalid literal for int() with base ${base}: ${pyStrRepr(value)}`);
    return n;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(value)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
    return Math.trunc(value) || 0;
  }
  throw new PyError('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`);
}

/**
 * Python's `round(x, ndigits)` on a number: correctly rounded, exact ties to even
 * (`round(2.5) == 2`, `round(2.675, 2) == 2.67`, `round(1250, -2) == 1200`).
 */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x)) return x;
  if (ndigits >= 0) return Number(formatValue(x, `.${ndigits}f`));
  const m = 10 ** -ndigits;
  const q = x / m;
  const f = Math.floor(q);
  const diff = q - f;
  const r = diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  return r * m;
}
