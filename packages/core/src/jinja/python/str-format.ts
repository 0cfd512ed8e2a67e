/**
 * Python's `str.format()` and `str.format_map()`: literal text with `{{`/`}}`
 * escapes and replacement fields `{field_name!conversion:format_spec}`,
 * parsed and evaluated as CPython 3.11's unicode_format.h does: automatic
 * (`{}`) or manual (`{0}`) numbering, named fields, `.attr` and `[key]`
 * access, conversions `!s !r !a`, format specs with nested fields one level
 * deep, and CPython's messages.
 *
 * Attributes (`{0.name}`) are read from namespaces and host objects; on
 * dicts, lists, str and numbers they raise AttributeError as Python does for
 * data attributes (Python would return a bound method for a method name,
 * which prints with a memory address; those are refused too).
 */
import { PyError, pyRepr, pyStr, type Kwargs } from '../runtime/values';
import { asciiRepr } from './ascii';
import { getattr, getitem } from './field-access';
import { formatValue } from './format-value';
import { guardMemory } from './memory';

/** Where a format string's fields come from. */
interface FieldSource {
  positional(index: number): unknown;
  named(name: string): unknown;
}

/** Automatic numbering shared by a format string and its nested specs. */
interface Numbering {
  mode: 'none' | 'auto' | 'manual';
  next: number;
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

/** The object a field name designates: its first part by number or name, then each `.attr` and `[key]`. */
function resolve(name: string, source: FieldSource, numbering: Numbering): unknown {
  let k = 0;
  while (k < name.length && name[k] !== '.' && name[k] !== '[') k++;
  const first = name.slice(0, k);
  const index = integer(first);
  let obj: unknown;
  if (first === '') {
    if (numbering.mode === 'manual') throw valueError('cannot switch from manual field specification to automatic field numbering');
    numbering.mode = 'auto';
    obj = source.positional(numbering.next++);
  } else if (index !== null) {
    if (numbering.mode === 'auto') throw valueError('cannot switch from automatic field numbering to manual field specification');
    numbering.mode = 'manual';
    obj = source.positional(index);
  } else {
    obj = source.named(first);
  }
  while (k < name.length) {
    const opener = name[k++];
    let end = k;
    if (opener === '.') {
      while (end < name.length && name[end] !== '.' && name[end] !== '[') end++;
    } else if (opener === '[') {
      while (end < name.length && name[end] !== ']') end++;
      if (end >= name.length) throw valueError("Missing ']' in format string");
    } else {
      throw valueError("Only '.' or '[' may follow ']' in format field specifier");
    }
    const part = name.slice(k, end);
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
 * `format.format(*args, **kwargs)`, as CPython.
 * @throws PyError IndexError `Replacement index 1 out of range for positional args tuple`,
 *   KeyError (the name's repr), ValueError for a malformed format string or spec, MemoryError for a
 *   result too large, and what {@link formatValue} throws
 */
export function strFormat(format: string, args: unknown[], kwargs: Kwargs): string {
  return guardMemory(() => render(format, {
    positional: (index) => {
      if (index >= args.length) throw new PyError('IndexError', `Replacement index ${index} out of range for positional args tuple`);
      return args[index];
    },
    named: (name) => {
      if (!kwargs.has(name)) throw new PyError('KeyError', pyRepr(name));
      return kwargs.get(name);
    },
  }, 2, { mode: 'none', next: 0 }));
}

/**
 * `format.format_map(mapping)`, as CPython: named fields are `mapping[name]`.
 * @throws PyError ValueError `Format string contains positional fields`, KeyError (the name's repr),
 *   and as {@link strFormat}
 */
export function strFormatMap(format: string, mapping: unknown): string {
  return guardMemory(() => render(format, {
    positional: () => {
      throw valueError('Format string contains positional fields');
    },
    named: (name) => getitem(mapping, name),
  }, 2, { mode: 'none', next: 0 }));
}
