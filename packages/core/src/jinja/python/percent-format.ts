/**
 * Python's printf-style string formatting: `'%s:%d' % (host, port)`, as
 * CPython 3.11's PyUnicode_Format: `%[(key)][flags][width][.precision][hlL]type`
 * with flags `-+ #0`, `*` widths and precisions, types `s r a d i u o x X e
 * E f F g G c %`, and CPython's messages.
 */
import { PyError, Undefined, isSequence, isTuple, pyRepr, pyStr, typeName } from '../runtime/values';
import { asciiRepr } from './ascii';
import { codePointIndex } from './code-points';
import { subscriptByName } from './subscript';
import { guardMemory } from './memory';
import { exponentialText, fixedText, generalText, nonFiniteText } from './float-text';

/** Where conversions take their values from, as CPython's argidx/arglen. */
class Arguments {
  private index: number;
  private length: number;
  /** the mapping `%(key)s` reads, when the right operand is one (a dict, or a list as CPython's mapping check allows) */
  readonly mapping: unknown;

  constructor(private values: unknown) {
    const isMapping = !isTuple(values) && (values instanceof Map || isSequence(values));
    this.mapping = isMapping ? values : null;
    this.length = isTuple(values) ? values.length : -1;
    this.index = isTuple(values) ? 0 : -2;
  }

  /** The next value. @throws PyError TypeError `not enough arguments for format string` */
  next(): unknown {
    if (this.index >= this.length) throw new PyError('TypeError', 'not enough arguments for format string');
    const i = this.index++;
    return this.length < 0 ? this.values : (this.values as unknown[])[i];
  }

  /** Switch to `mapping[key]` as the single value for the conversion that follows. */
  useKey(key: string): void {
    this.values = subscriptByName(this.mapping, key);
    this.length = -1;
    this.index = -2;
  }

  /** True when values were left unused (a mapping never leaves any). */
  leftOver(): boolean {
    return this.index < this.length && this.mapping === null;
  }
}

/** One conversion specifier as parsed. */
interface Conversion {
  leftAlign: boolean;
  sign: string;
  alternate: boolean;
  zero: boolean;
  width: number;
  precision: number | null;
  type: string;
}

/** A `*` width or precision. @throws PyError TypeError `* wants int` */
function starArg(args: Arguments): number {
  const v = args.next();
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Number.isSafeInteger(v)) return v as number;
  throw new PyError('TypeError', '* wants int');
}

/** CPython's message for a conversion type it does not know (`?` for a non-printable one), `index` in code points. */
function unsupported(type: string, index: number): PyError {
  const cp = type.codePointAt(0) as number;
  const shown = cp >= 32 && cp <= 126 ? type : '?';
  return new PyError('ValueError', `unsupported format character '${shown}' (0x${cp.toString(16)}) at index ${index}`);
}

/**
 * An integer for `%d`/`%x`...: ints and bools as they are, floats (integral
 * numbers beyond 2**53 included, as pyNumberRepr prints them) truncated for
 * `%d %i %u` only; an Undefined fails through its `__int__` for those
 * and is refused (no `__index__`) for `%o %x %X`.
 */
function integerArg(v: unknown, type: string): bigint {
  if (v instanceof Undefined && 'diu'.includes(type)) return v.fail();
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return BigInt(v);
    if ('diu'.includes(type)) {
      if (Number.isNaN(v)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
      if (!Number.isFinite(v)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
      return BigInt(Math.trunc(v));
    }
  }
  const required = 'diu'.includes(type) ? 'a real number' : 'an integer';
  const name = typeof v === 'number' ? 'float' : typeName(v);
  throw new PyError('TypeError', `%${type} format: ${required} is required, not ${name}`);
}

/** A number for `%e %f %g` (-0 is the int 0). @throws PyError TypeError `must be real number, not str` */
function floatArg(v: unknown): number {
  if (v instanceof Undefined) return v.fail();
  if (typeof v === 'boolean') return v ? 1 : 0;
  // -0 + 0 is +0: the value model's -0 is the int 0
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) + 0;
  throw new PyError('TypeError', `must be real number, not ${typeName(v)}`);
}

/** `%c`: an int as its character, or a one-character str. */
function charArg(v: unknown): string {
  if (typeof v === 'string' && [...v].length === 1) return v;
  if (typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v))) {
    const cp = Number(v);
    if (cp < 0 || cp > 0x10ffff) throw new PyError('OverflowError', '%c arg not in range(0x110000)');
    return String.fromCodePoint(cp);
  }
  throw new PyError('TypeError', '%c requires int or char');
}

/** The magnitude's text of a numeric conversion, and whether it is negative. */
function numberText(v: unknown, c: Conversion): [string, boolean] {
  if ('diuoxX'.includes(c.type)) {
    const n = integerArg(v, c.type);
    const radix = c.type === 'o' ? 8 : 'xX'.includes(c.type) ? 16 : 10;
    let digits = (n < 0n ? -n : n).toString(radix).padStart(c.precision ?? 0, '0');
    if (c.type === 'X') digits = digits.toUpperCase();
    return [digits, n < 0n];
  }
  const x = floatArg(v);
  const upper = 'EFG'.includes(c.type);
  const precision = c.precision ?? 6;
  const text =
    nonFiniteText(x, upper) ??
    ('eE'.includes(c.type)
      ? exponentialText(x, precision, c.alternate, upper)
      : 'fF'.includes(c.type)
        ? fixedText(x, precision, c.alternate)
        : generalText(x, precision, c.alternate, upper));
  return [text, !Number.isNaN(x) && (x < 0 || Object.is(x, -0))];
}

/** One conversion's output, padded to its width. */
function convert(v: unknown, c: Conversion, index: number): string {
  let text: string;
  switch (c.type) {
    case 's':
    case 'r':
    case 'a': {
      const s = c.type === 's' ? pyStr(v) : c.type === 'r' ? pyRepr(v) : asciiRepr(v);
      text = c.precision === null ? s : [...s].slice(0, c.precision).join('');
      break;
    }
    case 'c':
      text = charArg(v);
      break;
    default: {
      if (!'diuoxXeEfFgG'.includes(c.type)) throw unsupported(c.type, index);
      const [digits, negative] = numberText(v, c);
      const sign = negative ? '-' : c.sign;
      const prefix = c.alternate && 'oxX'.includes(c.type) ? `0${c.type}` : '';
      const pad = c.width - sign.length - prefix.length - digits.length;
      if (pad > 0 && c.zero && !c.leftAlign) return sign + prefix + '0'.repeat(pad) + digits;
      text = sign + prefix + digits;
    }
  }
  const pad = c.width - [...text].length;
  if (pad <= 0) return text;
  return c.leftAlign ? text + ' '.repeat(pad) : ' '.repeat(pad) + text;
}

/** Digits at `pos`: the number and where they end. */
function readDigits(format: string, pos: number): [number, number] {
  let end = pos;
  while (end < format.length && format[end]! >= '0' && format[end]! <= '9') end++;
  return [Number(format.slice(pos, end)), end];
}

/**
 * Parse the specifier after the `%` at `pos - 1`, taking `*` values and a
 * `(key)` mapping value from `args`.
 * @returns the conversion and the offset of its type character
 */
function parseConversion(format: string, start: number, args: Arguments): [Conversion, number] {
  const incomplete = (): PyError => new PyError('ValueError', 'incomplete format');
  let pos = start;
  if (format[pos] === '(') {
    if (args.mapping === null) throw new PyError('TypeError', 'format requires a mapping');
    let depth = 1;
    let end = pos + 1;
    for (; end < format.length && depth > 0; end++) {
      if (format[end] === ')') depth--;
      else if (format[end] === '(') depth++;
    }
    if (depth > 0) throw new PyError('ValueError', 'incomplete format key');
    args.useKey(format.slice(pos + 1, end - 1));
    pos = end;
  }
  const c: Conversion = { leftAlign: false, sign: '', alternate: false, zero: false, width: -1, precision: null, type: '' };
  for (; pos < format.length && '-+ #0'.includes(format[pos] as string); pos++) {
    const flag = format[pos];
    if (flag === '-') c.leftAlign = true;
    else if (flag === '+') c.sign = '+';
    else if (flag === ' ') c.sign = c.sign || ' ';
    else if (flag === '#') c.alternate = true;
    else c.zero = true;
  }
  if (format[pos] === '*') {
    c.width = starArg(args);
    if (c.width < 0) [c.leftAlign, c.width] = [true, -c.width];
    pos++;
  } else {
    [c.width, pos] = readDigits(format, pos);
  }
  if (format[pos] === '.') {
    pos++;
    if (format[pos] === '*') {
      c.precision = Math.max(starArg(args), 0);
      pos++;
    } else {
      [c.precision, pos] = readDigits(format, pos);
    }
  }
  if ('hlL'.includes(format[pos] ?? '-')) pos++;
  if (pos >= format.length) throw incomplete();
  c.type = String.fromCodePoint(format.codePointAt(pos) as number);
  return [c, pos];
}

/**
 * `format % values`, as CPython's str.__mod__: a tuple supplies positional
 * conversions, a dict supplies `%(name)s` conversions, anything else is one value.
 * @throws PyError TypeError `not enough arguments for format string`,
 *   `not all arguments converted during string formatting`, `%d format: a real number is required, not str`,
 *   `must be real number, not str`, `format requires a mapping`, `* wants int`, `%c requires int or char`;
 *   ValueError `incomplete format`, `unsupported format character 'q' (0x71) at index 1`; KeyError for a missing key;
 *   MemoryError for a result too large
 * @throws UndefinedError for an Undefined value that is converted
 */
export function percentFormat(format: string, values: unknown): string {
  return guardMemory(() => render(format, values));
}

/** {@link percentFormat}'s work. */
function render(format: string, values: unknown): string {
  const args = new Arguments(values);
  let out = '';
  let i = 0;
  while (i < format.length) {
    const next = format.indexOf('%', i);
    if (next < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, next);
    if (next + 1 >= format.length) throw new PyError('ValueError', 'incomplete format');
    if (format[next + 1] === '%') {
      out += '%';
      i = next + 2;
      continue;
    }
    const [conversion, at] = parseConversion(format, next + 1, args);
    out += convert(args.next(), conversion, codePointIndex(format, at));
    i = at + conversion.type.length;
  }
  if (args.leftOver()) throw new PyError('TypeError', 'not all arguments converted during string formatting');
  return out;
}
