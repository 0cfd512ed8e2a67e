/**
 * Jinja2 3.1's number filters (jinja2/filters.py): abs, int, float, round,
 * filesizeformat.
 */
import { PyError, Undefined, isNumber, typeName, truthy } from '../runtime/values';
import { defineFilter, p } from './define';
import { filterArgumentError } from './iterate';
import { pyRound, toPyFloat, toPyInt } from './py-numbers';
import { formatValue } from '../python/format-value';
import { asIndex } from '../python/coerce';
import type { FilterFn } from './types';

/** A number, or Python's TypeError for an operation on another type. */
function needNumber(value: unknown, message: (type: string) => string): number {
  if (value instanceof Undefined) return value.fail();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (!isNumber(value)) throw new PyError('TypeError', message(typeName(value)));
  return value;
}

/** True for the errors Jinja's int/float filters catch (TypeError, ValueError). */
function isConversionError(e: unknown): boolean {
  return e instanceof PyError && (e.pyType === 'TypeError' || e.pyType === 'ValueError');
}

/** `abs(x)`: TypeError `bad operand type for abs(): 'str'` for a non-number. */
const abs = defineFilter('abs', [p('x')], (_ctx, [x]) => Math.abs(needNumber(x, (t) => `bad operand type for abs(): '${t}'`)));

/**
 * `int(value, default=0, base=10)`: a str parsed with `base` (`'0x1A'|int(base=16)`
 * is 26), else truncated through float (`'3.5'|int` is 3); `default` when both
 * fail. An Undefined raises; an infinite float raises OverflowError, as in Jinja.
 */
const int = defineFilter('do_int', [p('value'), p('default', 0), p('base', 10)], (_ctx, [value, fallback, base]) => {
  try {
    return typeof value === 'string' ? toPyInt(value, base as number) : toPyInt(value);
  } catch (e) {
    if (!isConversionError(e)) throw e;
    try {
      return toPyInt(toPyFloat(value));
    } catch (e2) {
      if (!isConversionError(e2)) throw e2;
      return fallback;
    }
  }
});

/** `float(value, default=0.0)`: Python's float(), or `default` on TypeError/ValueError. */
const float = defineFilter('do_float', [p('value'), p('default', 0.0)], (_ctx, [value, fallback]) => {
  try {
    return toPyFloat(value);
  } catch (e) {
    if (!isConversionError(e)) throw e;
    return fallback;
  }
});

/**
 * `round(value, precision=0, method='common')`: 'common' is Python's round()
 * (ties to even on the exact binary value), 'ceil'/'floor' scale by 10**precision.
 * @throws PyError FilterArgumentError `method must be common, ceil or floor`
 */
const round = defineFilter('do_round', [p('value'), p('precision', 0), p('method', 'common')], (_ctx, [value, precision, method]) => {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') throw filterArgumentError('method must be common, ceil or floor');
  if (method === 'common') return pyRound(needNumber(value, (t) => `type ${t} doesn't define __round__ method`), asIndex(precision));
  const digits = needNumber(precision, (t) => `unsupported operand type(s) for ** or pow(): 'int' and '${t}'`);
  const scaled = needNumber(value, (t) => `must be real number, not ${t}`) * 10 ** digits;
  return (method === 'ceil' ? Math.ceil(scaled) : Math.floor(scaled)) / 10 ** digits;
});

/** The unit prefixes of filesizeformat, decimal then binary. */
const DECIMAL = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/**
 * `filesizeformat(value, binary=False)`: `1 Byte`, `12 Bytes`, `1.5 kB`
 * (powers of 1000, or 1024 with KiB... when `binary`); the value goes through float().
 */
const filesizeformat = defineFilter('do_filesizeformat', [p('value'), p('binary', false)], (_ctx, [value, binary]) => {
  const bytes = toPyFloat(value);
  const base = truthy(binary) ? 1024 : 1000;
  const prefixes = truthy(binary) ? BINARY : DECIMAL;
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${toPyInt(bytes)} Bytes`;
  let i = 0;
  while (i < prefixes.length - 1 && bytes >= base ** (i + 2)) i++;
  return `${formatValue((base * bytes) / base ** (i + 2), '.1f')} ${prefixes[i]}`;
});

/** The number filters, by name. */
export const NUMBER_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['abs', abs],
  ['int', int],
  ['float', float],
  ['round', round],
  ['filesizeformat', filesizeformat],
];
