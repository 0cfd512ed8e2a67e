/**
 * Salt 3006's text filters (salt/utils/jinja.py, salt/utils/stringutils.py,
 * salt/utils/path.py): quote, path_join, to_snake_case, to_camelcase,
 * is_hex, contains_whitespace, human_to_bytes, random_str.
 */
import { randomBytes } from 'node:crypto';
import { PyError, Undefined, pyRepr, pyStr, truthy, typeName } from '../runtime/values';
import { defineFilter, p } from './define';
import { parsePyFloat, parsePyInt, toPyInt } from './py-numbers';
import { PY_SPACES, pyStrip } from '../../python';
import { capitalize, isLower, isUpper } from '../python/chars';
import type { FilterFn } from './types';

/** A str argument, with salt.utils.stringutils.to_str's TypeError otherwise. */
function needStr(value: unknown): string {
  if (value instanceof Undefined) return value.fail();
  if (typeof value !== 'string') throw new PyError('TypeError', `expected str, bytes, or bytearray not <class '${typeName(value)}'>`);
  return value;
}

/** Python's shlex.quote (pipes.quote): `''` for empty, as is when safe, else single-quoted. */
export function shellQuote(text: string): string {
  if (!text) return "''";
  if (!/[^\w@%+=:,./-]/.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** Python's posixpath.normpath. */
export function normpath(path: string): string {
  if (path === '') return '.';
  const initial = path.startsWith('//') && !path.startsWith('///') ? 2 : path.startsWith('/') ? 1 : 0;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (!initial && !parts.length) || parts[parts.length - 1] === '..') parts.push(part);
    else if (parts.length) parts.pop();
  }
  const joined = '/'.repeat(initial) + parts.join('/');
  return joined || '.';
}

/**
 * `path_join(*parts, use_posixpath=False)`: salt.utils.path.join on POSIX:
 * each part normalized, the later ones' leading slashes dropped, joined and
 * normalized again; '' for no parts.
 * @throws PyError SaltInvocationError for other keyword arguments
 */
const pathJoin = defineFilter(
  'join',
  [],
  (_ctx, _v, { varargs, varkw }) => {
    const invalid = [...varkw].filter(([k]) => k !== 'use_posixpath' && !k.startsWith('__'));
    if (invalid.length) {
      throw new PyError('SaltInvocationError', `The following keyword arguments are not valid: ${invalid.map(([k, v]) => `${k}=${pyStr(v)}`).join(', ')}`);
    }
    const parts = varargs.map((part) => normpath(needStr(part)));
    const root = parts.shift();
    if (root === undefined) return '';
    let path = root;
    for (const part of parts.map((x) => x.replace(/^\/+/, ''))) path = path === '' || path.endsWith('/') ? path + part : `${path}/${part}`;
    return normpath(path);
  },
  { varargs: true, varkw: true },
);

/** `to_snake_case(camel_input)`: `camelCaseHTTPServer` → `camel_case_http_server`. */
const toSnakeCase = defineFilter('camel_to_snake_case', [p('camel_input')], (_ctx, [input]) => {
  const chars = [...needStr(input)];
  if (!chars.length) throw new PyError('IndexError', 'string index out of range');
  let res = (chars[0] as string).toLowerCase();
  for (let i = 1; i < chars.length; i++) {
    const letter = chars[i] as string;
    if (isUpper(letter) && (isLower(chars[i - 1] as string) || (i !== chars.length - 1 && isLower(chars[i + 1] as string)))) res += '_';
    res += letter.toLowerCase();
  }
  return res;
});

/** `to_camelcase(snake_input, uppercamel=False)`: `snake_case_text` → `snakeCaseText` (`SnakeCaseText`). */
const toCamelCase = defineFilter('snake_to_camel_case', [p('snake_input'), p('uppercamel', false)], (_ctx, [input, upper]) => {
  const words = needStr(input).split('_');
  const first = truthy(upper) ? capitalize(words[0] as string) : (words[0] as string);
  return first + words.slice(1).map(capitalize).join('');
});

/** The unit letters human_to_bytes knows, in order of power. */
const UNITS = 'bkmgtpezy';

/**
 * `human_to_bytes(size, default_unit='B', handle_metric=False)`: `'2 KiB'`,
 * `'1M'` → bytes (powers of 1024; of 1000 for `kb`, `mb`... when
 * `handle_metric`); 0 for what it cannot read.
 */
const humanToBytes = defineFilter('human_to_bytes', [p('size'), p('default_unit', 'B'), p('handle_metric', false)], (_ctx, [size, defaultUnit, metric]) => {
  const m = /^([0-9.]*)\s*([\s\S]*)$/.exec(pyStrip(pyStr(size), null)) as RegExpExecArray;
  const text = m[1] as string;
  const unit = ((m[2] as string).toLowerCase() || pyStr(defaultUnit).toLowerCase());
  const value = parsePyInt(text) ?? parsePyFloat(text);
  if (value === null) return 0;
  let dec = false;
  if (/^[kmgtpezy]b$/.test(unit)) dec = truthy(metric);
  else if (!/^(?:b|[kmgtpezy](?:ib)?)$/.test(unit)) return 0;
  const power = UNITS.indexOf(unit[0] as string);
  return toPyInt(value * (dec ? 10 ** (power * 3) : 2 ** (power * 10)));
});

/** `is_hex(value)`: int(value, 16) succeeds. */
const isHex = defineFilter('is_hex', [p('value')], (_ctx, [value]) => typeof value === 'string' && parsePyInt(value, 16) !== null);

/** `contains_whitespace(text)`: any character is whitespace. */
const containsWhitespace = defineFilter('contains_whitespace', [p('text')], (_ctx, [text]) => {
  if (typeof text !== 'string') throw new PyError('TypeError', `'${typeName(text)}' object is not iterable`);
  return PY_SPACES.test(text);
});

/** `random_str(size=32)`: the first `size` characters of the base64 of `size` random bytes. */
const randomStr = defineFilter('random', [p('size', 32)], (_ctx, [size]) => {
  const n = toPyInt(size);
  if (n < 0) throw new PyError('ValueError', `negative argument not allowed: ${pyRepr(n)}`);
  return randomBytes(n).toString('base64').slice(0, n);
});

/** Salt's text filters, by name. */
export const SALT_STRING_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['quote', defineFilter('quote', [p('txt')], (_ctx, [txt]) => {
    if (typeof txt !== 'string') {
      if (!truthy(txt)) return "''";
      throw new PyError('TypeError', `expected string or bytes-like object, got '${typeName(txt)}'`);
    }
    return shellQuote(txt);
  })],
  ['path_join', pathJoin],
  ['to_snake_case', toSnakeCase],
  ['to_camelcase', toCamelCase],
  ['human_to_bytes', humanToBytes],
  ['is_hex', isHex],
  ['contains_whitespace', containsWhitespace],
  ['random_str', randomStr],
];
