/**
 * A float's text in Python's `e`, `f`, `g` and repr forms with a given
 * precision, rounded as CPython does: correctly, from the double's exact
 * binary value, halves to even (`'%.0f' % 2.5` is `2`, `'%.2f' % 1.005` is
 * `1.00`). JavaScript's toFixed/toExponential round exact halves up and
 * switch to exponents past 1e21, so the digits come from BigInt arithmetic.
 */
import { pyNumberRepr } from '../../python';

/** A non-negative finite value as `digits × 10^exp`, `digits` without leading zeros (`'0'` for zero). */
interface Decimal {
  readonly digits: string;
  readonly exp: number;
}

/** The exact decimal value of a finite double's magnitude. */
function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exp2 = (biased === 0 ? 1 : biased) - 1075;
  if (exp2 >= 0) return { digits: (mantissa << BigInt(exp2)).toString(), exp: 0 };
  return { digits: (mantissa * 5n ** BigInt(-exp2)).toString(), exp: exp2 };
}

/** `value × 10^shift` rounded to an integer, halves to even. */
function roundScaled(value: Decimal, shift: number): bigint {
  const e = value.exp + shift;
  if (e >= 0) return BigInt(value.digits) * 10n ** BigInt(e);
  const cut = -e;
  const kept = cut >= value.digits.length ? 0n : BigInt(value.digits.slice(0, -cut));
  const dropped = cut >= value.digits.length ? value.digits.padStart(cut, '0') : value.digits.slice(-cut);
  const half = '5'.padEnd(cut, '0');
  if (dropped > half || (dropped === half && kept % 2n === 1n)) return kept + 1n;
  return kept;
}

/** The decimal exponent of a Decimal's leading digit (0 for zero). */
function leadingExponent(value: Decimal): number {
  return value.digits === '0' ? 0 : value.digits.length - 1 + value.exp;
}

/**
 * A double's exact decimal value has at most 1074 digits after the point and
 * 767 significant digits; digits asked for beyond these are zeros, appended
 * as text rather than computed (`'%.999999999f' % 1` would otherwise scale by
 * 10^999999999).
 */
const EXACT_FRACTION_DIGITS = 1074;
const EXACT_SIGNIFICANT_DIGITS = 767;

/** `|x|` with `precision` digits after the point (`f`); `alternate` keeps the point when there are none. */
export function fixedText(x: number, precision: number, alternate = false): string {
  const exact = Math.min(precision, EXACT_FRACTION_DIGITS);
  const digits = roundScaled(exactDecimal(x), exact).toString().padStart(exact + 1, '0');
  const int = digits.slice(0, digits.length - exact);
  return precision > 0 || alternate ? `${int}.${digits.slice(int.length)}${'0'.repeat(precision - exact)}` : int;
}

/** `|x|` rounded to `precision + 1` significant digits: the digits and the exponent of the first. */
function significant(x: number, precision: number): { digits: string; exp: number } {
  const value = exactDecimal(x);
  const exact = Math.min(precision, EXACT_SIGNIFICANT_DIGITS);
  let exp = leadingExponent(value);
  let digits = roundScaled(value, exact - exp).toString();
  if (digits.length > exact + 1) {
    exp += 1;
    digits = digits.slice(0, exact + 1);
  }
  return { digits: digits.padEnd(precision + 1, '0'), exp };
}

/** Python's exponent suffix: `e+05`, `e-10`, `e+100`. */
function exponentText(exp: number, upper: boolean): string {
  return `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** `|x|` in exponent form with `precision` digits after the point (`e`/`E`). */
export function exponentialText(x: number, precision: number, alternate = false, upper = false): string {
  const { digits, exp } = significant(x, precision);
  const mantissa = precision > 0 || alternate ? `${digits[0]}.${digits.slice(1)}` : digits;
  return mantissa + exponentText(exp, upper);
}

/**
 * `|x|` in Python's general form (`g`/`G`) with `precision` significant
 * digits (0 counts as 1): fixed when -4 <= exponent < precision, else
 * exponent form; trailing zeros dropped unless `alternate`. With `addDotZero`
 * (format()'s default type with a precision) fixed results keep one digit
 * after the point and exponent form starts one exponent earlier.
 */
export function generalText(x: number, precision: number, alternate = false, upper = false, addDotZero = false): string {
  const p = Math.max(precision, 1);
  const { exp } = significant(x, p - 1);
  const useExponent = exp < -4 || exp >= (addDotZero ? p - 1 : p);
  let text = useExponent ? exponentialText(x, p - 1, alternate, upper) : fixedText(x, p - 1 - exp, alternate);
  if (!alternate) {
    const [mantissa, suffix = ''] = text.split(/(?=[eE])/);
    let m = mantissa as string;
    if (m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
    if (addDotZero && !useExponent && !m.includes('.')) m += '.0';
    text = m + suffix;
  }
  return text;
}

/** `|x|` as Python's repr() prints it (`1.5`, `1e-05`, `1e+16`). */
export function reprText(x: number): string {
  return pyNumberRepr(Math.abs(x));
}

/** `inf`/`nan` (upper-cased for `E`, `F`, `G`) for a non-finite value, else null. */
export function nonFiniteText(x: number, upper: boolean): string | null {
  if (Number.isFinite(x)) return null;
  const text = Number.isNaN(x) ? 'nan' : 'inf';
  return upper ? text.toUpperCase() : text;
}
