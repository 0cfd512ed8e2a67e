/**
 * Python's format-spec mini-language, parsed as CPython 3.11's
 * parse_internal_render_format_spec does:
 * `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
 */
import { PyError } from '../runtime/values';

/** A parsed format spec. */
export interface FormatSpec {
  readonly fill: string;
  /** `<`, `>`, `^`, `=`, or '' for the type's default */
  readonly align: string;
  /** `+`, `-`, ` `, or '' */
  readonly sign: string;
  /** `z`: negative zero shown as zero */
  readonly noNegativeZero: boolean;
  /** `#` */
  readonly alternate: boolean;
  readonly width: number | null;
  /** `,` or `_` or '' */
  readonly grouping: string;
  readonly precision: number | null;
  /** the presentation type; the type's default (`s` for str, `d` for int, '' for float) when none is given */
  readonly type: string;
}

const ALIGNS = '<>^=';

/** Digits at `pos` of `spec` as a number, and where they end. */
function readNumber(spec: string, pos: number): [number | null, number] {
  let end = pos;
  while (end < spec.length && spec[end]! >= '0' && spec[end]! <= '9') end++;
  if (end === pos) return [null, pos];
  const n = Number(spec.slice(pos, end));
  if (!Number.isSafeInteger(n)) throw new PyError('ValueError', 'Too many decimal digits in format string');
  return [n, end];
}

/** Types that accept a `,` or `_` separator; b, o, x and X accept only `_`. */
const GROUPED_TYPES = 'deEfFgG%';

/**
 * Parse `spec` for a value of Python type `typeName` (used in messages).
 * @param defaultAlign `>` for numbers, `<` for str: where the `0` flag pads
 * @param defaultType the type when the spec gives none: `s` for str, `d` for int, '' for float
 * @throws PyError ValueError with CPython's messages: `Invalid format specifier 'x' for object of type 'int'`,
 *   `Format specifier missing precision`, `Cannot specify ',' with 's'.`, `Cannot specify both ',' and '_'.`
 */
export function parseFormatSpec(spec: string, typeName: string, defaultAlign: '<' | '>', defaultType: string): FormatSpec {
  const chars = [...spec];
  const text = chars.join('');
  let fill = ' ';
  let align = '';
  let pos = 0;
  let fillGiven = false;
  if (chars.length >= 2 && ALIGNS.includes(chars[1] as string)) {
    fill = chars[0] as string;
    align = chars[1] as string;
    fillGiven = true;
    pos = (chars[0] as string).length + 1;
  } else if (chars.length >= 1 && ALIGNS.includes(chars[0] as string)) {
    align = chars[0] as string;
    pos = 1;
  }
  let sign = '';
  if ('+- '.includes(text[pos] ?? 'x')) sign = text[pos++] as string;
  const noNegativeZero = text[pos] === 'z';
  if (noNegativeZero) pos++;
  const alternate = text[pos] === '#';
  if (alternate) pos++;
  if (!fillGiven && text[pos] === '0') {
    fill = '0';
    if (align === '' && defaultAlign === '>') align = '=';
    pos++;
  }
  let width: number | null;
  [width, pos] = readNumber(text, pos);
  let grouping = '';
  if (text[pos] === ',' || text[pos] === '_') {
    grouping = text[pos++] as string;
    if (text[pos] === ',' || text[pos] === '_') throw new PyError('ValueError', "Cannot specify both ',' and '_'.");
  }
  let precision: number | null = null;
  if (text[pos] === '.') {
    [precision, pos] = readNumber(text, pos + 1);
    if (precision === null) throw new PyError('ValueError', 'Format specifier missing precision');
  }
  const rest = [...text.slice(pos)];
  if (rest.length > 1) throw new PyError('ValueError', `Invalid format specifier '${text}' for object of type '${typeName}'`);
  const type = rest[0] ?? defaultType;
  if (grouping && !(type === '' || GROUPED_TYPES.includes(type) || (grouping === '_' && 'boxX'.includes(type)))) {
    throw new PyError('ValueError', `Cannot specify '${grouping}' with '${type}'.`);
  }
  return { fill, align, sign, noNegativeZero, alternate, width, grouping, precision, type };
}
