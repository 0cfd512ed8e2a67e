/**
 * Python's `str.format()` and `str.format_map()` as Salt's Jinja2 runs them:
 * its SandboxedEnvironment routes both through a SandboxedFormatter, that is
 * Python's `string.Formatter` (CPython 3.11's Lib/string.py) whose field
 * lookups use the sandbox's getattr/getitem. So: CPython's parser (`{{`/`}}`
 * escapes, `{field!conversion:spec}`, nested specs one level deep, its
 * messages), string.Formatter's numbering (`{}` automatic, all-digit names
 * manual; mixing raises `cannot switch from manual field specification to
 * automatic field numbering` either way) and lookups (`args[i]` raising
 * `tuple index out of range`, `kwargs[name]` raising KeyError), then
 * `.attr` and `[key]` through Jinja (a missing one is an Undefined, which
 * fails when formatted), conversions `!s !r !a` and the format-spec
 * mini-language.
 */
import { PyError, pyRepr, pyStr, type Kwargs } from '../runtime/values';
import { asciiRepr } from './ascii';
import { ALL_CHARS_PREDICATES } from './chars';
import { formatValue } from './format-value';
import { guardMemory } from './memory';
import { getattr, getitem } from '../runtime/access';
import { subscriptByName } from './subscript';

/** Where a format string's fields come from: string.Formatter's get_value. */
interface FieldSource {
  positional(index: number): unknown;
  named(name: string): unknown;
}

/** string.Formatter's auto_arg_index, shared by a format string and its nested specs: the next automatic index, or false once a field was numbered by hand. */
interface Numbering {
  next: number | false;
}

/** One replacement field as parsed. */
interface Field {
  readonly name: string;
  readonly conversion: string;
  readonly spec: string;
  readonly specHasFields: boolean;
  /** the offset after the field's closing brace */
  readonly end: number;
}

/** A ValueError with `message`. */
function valueError(message: string): PyError {
  return new PyError('ValueError', message);
}

/** Parse the field that starts at `pos` (just after its `{`), as CPython's parse_field. */
function parseField(format: string, pos: number): Field {
  let p = pos;
  let c = '';
  while (p < format.length) {
    c = format[p++] as string;
    if (c === '{') throw valueError("unexpected '{' in field name");
    if (c === '[') {
      while (p < format.length && format[p] !== ']') p++;
      continue;
    }
    if (c === '}' || c === ':' || c === '!') break;
  }
  const name = format.slice(pos, p - 1);
  if (c !== '!' && c !== ':') {
    if (c !== '}') throw valueError("expected '}' before end of string");
    return { name, conversion: '', spec: '', specHasFields: false, end: p };
  }
  let conversion = '';
  if (c === '!') {
    if (p >= format.length) throw valueError('end of string while looking for conversion specifier');
    conversion = String.fromCodePoint(format.codePointAt(p) as number);
    p += conversion.length;
    if (p < format.length) {
      const next = format[p++];
      if (next === '}') return { name, conversion, spec: '', specHasFields: false, end: p };
      if (next !== ':') throw valueError("expected ':' after conversion specifier");
    }
  }
  const start = p;
  let depth = 1;
  let specHasFields = false;
  while (p < format.length) {
    const ch = format[p++];
    if (ch === '{') {
      specHasFields = true;
      depth++;
    } else if (ch === '}' && --depth === 0) {
      return { name, conversion, spec: format.slice(start, p - 1), specHasFields, end: p };
    }
  }
  throw valueError("unmatched '{' in format spec");
}

/** An index or key as CPython's get_integer reads it: all ASCII digits make an int. */
function integer(text: string): number | null {
  if (!/^[0-9]+$/.test(text)) return null;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw valueError('Too many decimal digits in format string');
  return n;
}

const isDigit = ALL_CHARS_PREDICATES.get('isdigit') as (s: string) => boolean;

/** string.Formatter's one message for mixing automatic and manual numbering, whichever comes first. */
const SWITCH = 'cannot switch from manual field specification to automatic field numbering';

/**
 * The object a field name designates: string.Formatter's numbering, then
 * its first part by number or name, then each `.attr` and `[key]` through
 * Jinja's sandbox.
 */
function resolve(name: string, source: FieldSource, numbering: Numbering): unknown {
  let field = name;
  if (field === '') {
    if (numbering.next === false) throw valueError(SWITCH);
    field = String(numbering.next++);
  } else if (isDigit(field)) {
    if (numbering.next) throw valueError(SWITCH);
    numbering.next = false;
  }
  let k = 0;
  while (k < field.length && field[k] !== '.' && field[k] !== '[') k++;
  const first = field.slice(0, k);
  const index = integer(first);
  let obj = index === null ? source.named(first) : source.positional(index);
  while (k < field.length) {
    const opener = field[k++];
    let end = k;
    if (opener === '.') {
      while (end < field.length && field[end] !== '.' && field[end] !== '[') end++;
    } else if (opener === '[') {
      while (end < field.length && field[end] !== ']') end++;
      if (end >= field.length) throw valueError("Missing ']' in format string");
    } else {
      throw valueError("Only '.' or '[' may follow ']' in format field specifier");
    }
    const part = field.slice(k, end);
    if (part === '') throw valueError('Empty attribute in format string');
    obj = opener === '.' ? getattr(obj, part) : getitem(obj, integer(part) ?? part);
    k = opener === '[' ? end + 1 : end;
  }
  return obj;
}

/** A field's value after its conversion. */
function convert(v: unknown, conversion: string): unknown {
  switch (conversion) {
    case '':
      return v;
    case 's':
      return pyStr(v);
    case 'r':
      return pyRepr(v);
    case 'a':
      return asciiRepr(v);
    default:
      throw valueError(`Unknown conversion specifier ${conversion}`);
  }
}

/** Render `format`; `depth` is how many more levels of nested specs are allowed. */
function render(format: string, source: FieldSource, depth: number, numbering: Numbering): string {
  if (depth <= 0) throw valueError('Max string recursion exceeded');
  let out = '';
  let i = 0;
  while (i < format.length) {
    let j = i;
    while (j < format.length && format[j] !== '{' && format[j] !== '}') j++;
    out += format.slice(i, j);
    if (j >= format.length) break;
    const brace = format[j];
    if (format[j + 1] === brace) {
      out += brace;
      i = j + 2;
      continue;
    }
    if (brace === '}') throw valueError("Single '}' encountered in format string");
    if (j + 1 >= format.length) throw valueError("Single '{' encountered in format string");
    const field = parseField(format, j + 1);
    const value = convert(resolve(field.name, source, numbering), field.conversion);
    const spec = field.specHasFields ? render(field.spec, source, depth - 1, numbering) : field.spec;
    out += formatValue(value, spec);
    i = field.end;
  }
  return out;
}

/**
 * `format.format(*args, **kwargs)` as Salt's sandboxed Jinja2 runs it.
 * @throws PyError IndexError `tuple index out of range`, KeyError (the name's repr), ValueError for a
 *   malformed format string or spec or mixed numbering, MemoryError for a result too large, and what
 *   {@link formatValue} throws
 * @throws UndefinedError when a missing attribute or item, or an Undefined argument, is formatted
 */
export function strFormat(format: string, args: unknown[], kwargs: Kwargs): string {
  const source: FieldSource = {
    positional: (index) => {
      if (index >= args.length) throw new PyError('IndexError', 'tuple index out of range');
      return args[index];
    },
    named: (name) => {
      if (!kwargs.has(name)) throw new PyError('KeyError', pyRepr(name));
      return kwargs.get(name);
    },
  };
  return guardMemory(() => render(format, source, 2, { next: 0 }));
}

/**
 * `format.format_map(mapping)` as Salt's sandboxed Jinja2 runs it: named
 * fields are `mapping[name]`, positional ones index an empty tuple.
 * @throws PyError IndexError `tuple index out of range`, KeyError (the name's repr), TypeError
 *   `list indices must be integers or slices, not str`..., and as {@link strFormat}
 */
export function strFormatMap(format: string, mapping: unknown): string {
  const source: FieldSource = {
    positional: () => {
      throw new PyError('IndexError', 'tuple index out of range');
    },
    named: (name) => subscriptByName(mapping, name),
  };
  return guardMemory(() => render(format, source, 2, { next: 0 }));
}
