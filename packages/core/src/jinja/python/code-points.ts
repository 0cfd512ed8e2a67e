/**
 * Python indexes a str by code point, JavaScript by UTF-16 unit: these
 * convert between the two so `find()`, `count()`, `ljust()`... see the
 * lengths and offsets Python does (characters beyond U+FFFF count as one).
 * Strings without surrogates take a fast path where both are the same.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** The code points of `s`, as Python iterates and indexes a str. */
export function codePoints(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split('');
}

/** Python's `len()` of a str. */
export function strLen(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The UTF-16 offset of code point `index` (0..strLen) of `s`. */
export function unitOffset(s: string, index: number): number {
  if (!SURROGATE.test(s)) return index;
  let unit = 0;
  for (let i = 0; i < index && unit < s.length; i++) unit += (s.codePointAt(unit) as number) > 0xffff ? 2 : 1;
  return unit;
}

/** The code point index of UTF-16 offset `unit` of `s`. */
export function codePointIndex(s: string, unit: number): number {
  return SURROGATE.test(s) ? strLen(s.slice(0, unit)) : unit;
}

/** `s[start:end]` by code points, with non-negative bounds. */
export function cpSlice(s: string, start: number, end: number): string {
  return s.slice(unitOffset(s, start), unitOffset(s, end));
}
