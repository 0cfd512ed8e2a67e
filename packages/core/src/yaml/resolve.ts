/**
 * PyYAML 6.0's implicit resolver (yaml/resolver.py, YAML 1.1): which type a
 * plain scalar's text stands for. Salt's loader and dumper both use it: the
 * loader to type plain scalars, the dumper to decide whether a string must
 * be quoted so that it reads back as a string.
 */

/** The tags PyYAML's Resolver assigns to plain scalars, by their short name. */
export type ImplicitTag = 'bool' | 'float' | 'int' | 'merge' | 'null' | 'timestamp' | 'value' | 'str';

/** PyYAML's resolvers in the order it tries them (bool, float, int, merge, null, timestamp, value). */
const RESOLVERS: ReadonlyArray<readonly [ImplicitTag, RegExp]> = [
  ['bool', /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/],
  [
    'float',
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  ],
  ['int', /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/],
  ['merge', /^(?:<<)$/],
  ['null', /^(?:~|null|Null|NULL|)$/],
  [
    'timestamp',
    /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)$/,
  ],
  ['value', /^(?:=)$/],
];

/**
 * The tag PyYAML resolves a plain scalar to: `yes`/`On`/`FALSE` are bools
 * (`y` and `n` are not), `0x1F`/`0644`/`1_000`/`1:30` ints, `1.5`/`1.`/
 * `.5`/`1.0e+3`/`.inf` floats (`1e3` is a str: YAML 1.1 wants a dot and a
 * signed exponent), `~`/`null`/empty null, `2001-12-14` a timestamp, `<<`
 * the merge key, `=` the value key; anything else a str.
 */
export function resolvePlain(text: string): ImplicitTag {
  for (const [tag, re] of RESOLVERS) if (re.test(text)) return tag;
  return 'str';
}

/**
 * The value of an int scalar as Salt's loader constructs it: Salt's
 * construct_scalar first strips the leading zeros of a decimal-looking value
 * (`0644` is 644, not octal 420; `00` is 0; `0b`/`0x` are kept), then
 * PyYAML's construct_yaml_int drops `_`, reads the sign and the base
 * (`0b` binary, `0x` hex, a leading `0` octal, which only a signed value
 * such as `-0644` still has), or sexagesimal `1:30` (90).
 * @returns null when the text is no int (for an explicit `!!int` tag)
 */
export function constructInt(text: string): number | null {
  let value = text;
  if (value !== '0' && value.startsWith('0') && !value.startsWith('0b') && !value.startsWith('0x')) {
    value = value.replace(/^0+/, '') || '0';
  }
  value = value.replace(/_/g, '');
  const sign = value.startsWith('-') ? -1 : 1;
  if (value.startsWith('-') || value.startsWith('+')) value = value.slice(1);
  let n: number;
  if (value === '0') n = 0;
  else if (value.startsWith('0b')) n = parseDigits(value.slice(2), 2);
  else if (value.startsWith('0x')) n = parseDigits(value.slice(2), 16);
  else if (value.startsWith('0')) n = parseDigits(value, 8);
  else if (value.includes(':')) n = sexagesimal(value.split(':').map((p) => parseDigits(p, 10)));
  else n = parseDigits(value, 10);
  return Number.isNaN(n) ? null : sign * n + 0;
}

/** `digits` in `base` (all of them valid), or NaN. */
function parseDigits(digits: string, base: number): number {
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base as 2 | 8 | 10 | 16];
  return valid.test(digits) ? parseInt(digits, base) : NaN;
}

/** Base-60 parts (most significant first) as one number. */
function sexagesimal(parts: number[]): number {
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/**
 * The value of a float scalar as PyYAML's construct_yaml_float: `_`
 * dropped, case ignored, `.inf`/`-.inf`/`.nan`, sexagesimal `1:30.5`.
 * @returns null when the text is no float (for an explicit `!!float` tag)
 */
export function constructFloat(text: string): number | null {
  let value = text.replace(/_/g, '').toLowerCase();
  const sign = value.startsWith('-') ? -1 : 1;
  if (value.startsWith('-') || value.startsWith('+')) value = value.slice(1);
  if (value === '.inf') return sign * Infinity;
  if (value === '.nan') return NaN;
  if (value.includes(':')) {
    const parts = value.split(':').map(pyFloat);
    return parts.some(Number.isNaN) ? null : sign * sexagesimal(parts);
  }
  const n = pyFloat(value);
  return Number.isNaN(n) ? null : sign * n;
}

/** Python's float() of a plain decimal literal (`1.`, `.5`, `1e+3`), NaN otherwise. */
function pyFloat(text: string): number {
  return /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?$/.test(text) ? Number(text) : NaN;
}
