/**
 * Python's `format(value, spec)`: the `__format__` of str, int, float and
 * bool with the format-spec mini-language (fill, align, sign, `z`, `#`,
 * `0`, width, `,`/`_` grouping, precision, types `s b c d o x X n e E f F g
 * G %`), and object's `__format__` for the rest (only an empty spec).
 * Follows CPython 3.11's formatter_unicode.c, messages included; `n` uses
 * the C locale (no grouping), as Salt runs.
 */
import { PyError, Undefined, pyStr, typeName } from '../runtime/values';
import { strLen } from './code-points';
import { exponentialText, fixedText, generalText, nonFiniteText, reprText } from './float-text';
import { parseFormatSpec, type FormatSpec } from './format-spec';
import { guardMemory } from './memory';

/** Digit groups of `digits` joined by `sep`, with zeros added in front (and grouped) until the result is `minWidth` long, as CPython's zero padding with grouping. */
function group(digits: string, size: number, sep: string, minWidth: number): string {
  const groups: string[] = [];
  let remaining = digits.length;
  let min = minWidth;
  for (;;) {
    const len = Math.min(size, Math.max(remaining, min, 1));
    const chars = Math.max(0, Math.min(remaining, len));
    groups.push('0'.repeat(Math.max(0, len - remaining)) + digits.slice(remaining - chars, remaining));
    remaining -= chars;
    min -= len;
    if (remaining <= 0 && min <= 0) break;
    min -= sep.length;
  }
  return groups.reverse().join(sep);
}

/** `text` padded to the spec's width with its fill, `leading` (sign, prefix) kept before the fill for `=`. */
function pad(leading: string, body: string, spec: FormatSpec, defaultAlign: string): string {
  const n = (spec.width ?? 0) - strLen(leading + body);
  if (n <= 0) return leading + body;
  const align = spec.align || defaultAlign;
  const fill = (k: number): string => spec.fill.repeat(k);
  if (align === '<') return leading + body + fill(n);
  if (align === '^') return fill(Math.floor(n / 2)) + leading + body + fill(n - Math.floor(n / 2));
  if (align === '=') return leading + fill(n) + body;
  return fill(n) + leading + body;
}

/**
 * A number laid out by the spec: sign, prefix (`0x`), `digits` grouped
 * (`groupSize` per group), then `rest` (`.5`, `e+05`, `%`).
 */
function layoutNumber(negative: boolean, prefix: string, digits: string, rest: string, spec: FormatSpec, groupSize: number): string {
  const sign = negative ? '-' : spec.sign === '+' || spec.sign === ' ' ? spec.sign : '';
  const leading = sign + prefix;
  let body = digits + rest;
  if (spec.grouping && digits) {
    const zeroFill = spec.fill === '0' && spec.align === '=' && spec.width !== null;
    const minWidth = zeroFill ? (spec.width as number) - leading.length - rest.length : 0;
    body = group(digits, groupSize, spec.grouping, minWidth) + rest;
  }
  return pad(leading, body, spec, '>');
}

/** `format()` of a str: types '' and `s`; precision truncates. */
function formatStr(s: string, spec: FormatSpec): string {
  if (spec.type !== 's') throw unknownCode(spec.type, 'str');
  if (spec.sign === ' ') throw new PyError('ValueError', 'Space not allowed in string format specifier');
  if (spec.sign) throw new PyError('ValueError', 'Sign not allowed in string format specifier');
  if (spec.noNegativeZero) throw new PyError('ValueError', 'Negative zero coercion (z) not allowed in string format specifier');
  if (spec.alternate) throw new PyError('ValueError', 'Alternate form (#) not allowed in string format specifier');
  if (spec.align === '=') throw new PyError('ValueError', "'=' alignment not allowed in string format specifier");
  const text = spec.precision === null ? s : [...s].slice(0, spec.precision).join('');
  return pad('', text, spec, '<');
}

/** CPython's `Unknown format code 'd' for object of type 'str'`. */
function unknownCode(type: string, name: string): PyError {
  return new PyError('ValueError', `Unknown format code '${type}' for object of type '${name}'`);
}

const FLOAT_TYPES = 'eEfFgGn%';
const BASES: Readonly<Record<string, [number, string]>> = { b: [2, '0b'], o: [8, '0o'], x: [16, '0x'], X: [16, '0X'], d: [10, ''], n: [10, ''] };

/** `format()` of an int (a bool with a non-empty spec too; -0 is the int 0); float types convert it to float. */
function formatInt(n: number | bigint, spec: FormatSpec, name: string): string {
  // -0 + 0 is +0: the value model's -0 is the int 0
  if (spec.type !== 'n' && FLOAT_TYPES.includes(spec.type)) return formatFloat(Number(n) + 0, spec, name);
  const base = BASES[spec.type];
  if (base === undefined && spec.type !== 'c') throw unknownCode(spec.type, name);
  if (spec.precision !== null) throw new PyError('ValueError', 'Precision not allowed in integer format specifier');
  if (spec.noNegativeZero) throw new PyError('ValueError', 'Negative zero coercion (z) not allowed in integer format specifier');
  const big = typeof n === 'bigint' ? n : BigInt(n);
  if (spec.type === 'c') {
    if (spec.sign) throw new PyError('ValueError', "Sign not allowed with integer format specifier 'c'");
    if (spec.alternate) throw new PyError('ValueError', "Alternate form (#) not allowed with integer format specifier 'c'");
    if (big < 0n || big > 0x10ffffn) throw new PyError('OverflowError', '%c arg not in range(0x110000)');
    return pad('', String.fromCodePoint(Number(big)), spec, '>');
  }
  const [radix, prefix] = base as [number, string];
  let digits = (big < 0n ? -big : big).toString(radix);
  if (spec.type === 'X') digits = digits.toUpperCase();
  return layoutNumber(big < 0n, spec.alternate ? prefix : '', digits, '', spec, radix === 10 ? 3 : 4);
}

/** `format()` of a float. */
function formatFloat(x: number, spec: FormatSpec, name: string): string {
  if (spec.type !== '' && !FLOAT_TYPES.includes(spec.type)) throw unknownCode(spec.type, name);
  const upper = 'EFG'.includes(spec.type) && spec.type !== '';
  const value = spec.type === '%' ? x * 100 : x;
  let negative = value < 0 || Object.is(value, -0);
  const precision = spec.precision ?? 6;
  let text = nonFiniteText(value, upper);
  if (text === null) {
    switch (spec.type) {
      case '':
        text = spec.precision === null ? reprText(value) : generalText(value, precision, spec.alternate, false, true);
        break;
      case 'e':
      case 'E':
        text = exponentialText(value, precision, spec.alternate, upper);
        break;
      case 'f':
      case 'F':
      case '%':
        text = fixedText(value, precision, spec.alternate);
        break;
      default:
        text = generalText(value, precision, spec.alternate, upper);
    }
    if (spec.noNegativeZero && !/[1-9]/.test(text)) negative = false;
  } else if (Number.isNaN(value)) {
    negative = false;
  }
  const digits = /^[0-9]*/.exec(text)![0];
  return layoutNumber(negative, '', digits, text.slice(digits.length) + (spec.type === '%' ? '%' : ''), spec, 3);
}

/**
 * Python's `format(value, spec)`. Integral numbers beyond 2**53 format as
 * floats, as pyNumberRepr prints them.
 * @throws PyError ValueError for a spec the type refuses (`Unknown format code 'd' for object of type 'str'`,
 *   `Precision not allowed in integer format specifier`...), TypeError
 *   `unsupported format string passed to list.__format__` for a non-empty spec on other types,
 *   MemoryError for a result too large
 * @throws UndefinedError for an Undefined with an empty spec (str() of it); with a spec, object's
 *   `__format__` refuses it first (TypeError)
 */
export function formatValue(value: unknown, spec: string): string {
  return guardMemory(() => formatWith(value, spec));
}

/** {@link formatValue}'s work. */
function formatWith(value: unknown, spec: string): string {
  if (value instanceof Undefined && spec === '') return value.fail();
  const name = typeof value === 'number' && !Number.isSafeInteger(value) ? 'float' : typeName(value);
  if (typeof value === 'string') return spec === '' ? value : formatStr(value, parseFormatSpec(spec, name, '<', 's'));
  if (spec === '') return pyStr(value);
  if (typeof value === 'boolean') return formatInt(value ? 1 : 0, parseFormatSpec(spec, name, '>', 'd'), name);
  if (typeof value === 'bigint' || Number.isSafeInteger(value)) {
    return formatInt(value as number | bigint, parseFormatSpec(spec, name, '>', 'd'), name);
  }
  if (typeof value === 'number') return formatFloat(value, parseFormatSpec(spec, name, '>', ''), name);
  throw new PyError('TypeError', `unsupported format string passed to ${name}.__format__`);
}
