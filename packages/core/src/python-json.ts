/**
 * Python's `json.dumps` (the stdlib encoder, Python 3.11) over template
 * values or plain data: what Salt's `json` and `tojson` filters, its json
 * serializer (slsutil.serialize) and its json outputter print.
 */
import { isDict as isPlainDict, pyNumberRepr } from './python';
import { PyError, isDict, pyCompare, typeName } from './jinja/runtime/values';

/** json.dumps' keyword arguments that the filters pass on. */
export interface JsonOptions {
  /** Escape every non-ASCII character as `\uXXXX` (json's default: true). */
  readonly ensureAscii?: boolean;
  /** Sort each dict's keys with Python's ordering. */
  readonly sortKeys?: boolean;
  /** Pretty-print: an int is that many spaces per level, a str is used as is; null is one line. */
  readonly indent?: number | string | null;
  /** `(item_separator, key_separator)`; json's default is `(', ', ': ')`, or `(',', ': ')` with an indent. */
  readonly separators?: readonly [string, string];
  /** Leave out dict keys that are not str, int, float, bool or None instead of raising. */
  readonly skipKeys?: boolean;
  /** Print NaN and Infinity (json's default) rather than raising ValueError. */
  readonly allowNan?: boolean;
  /** json's `default`: what to encode instead of a value json cannot (its result is encoded); without it, TypeError. */
  readonly default?: (value: unknown) => unknown;
}

/** The escapes json uses in strings. */
const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** `\uXXXX`, lowercase hex, as json writes it. */
function u(unit: number): string {
  return `\\u${unit.toString(16).padStart(4, '0')}`;
}

/** A JSON string literal: json's py_encode_basestring(_ascii). */
function encodeString(text: string, ascii: boolean): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const unit = text.charCodeAt(i);
    if (ch in SHORT) out += SHORT[ch];
    else if (unit < 0x20 || (ascii && unit > 0x7e)) out += u(unit);
    else out += ch;
  }
  return `${out}"`;
}

/** A float as json writes it: repr(), or NaN/Infinity/-Infinity. */
function encodeNumber(n: number, allowNan: boolean): string {
  if (Number.isFinite(n)) return pyNumberRepr(n);
  if (!allowNan) throw new PyError('ValueError', `Out of range float values are not JSON compliant: ${pyNumberRepr(n)}`);
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

/** A dict key as json writes it, or null to skip it. */
function encodeKey(key: unknown, options: JsonOptions): string | null {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return encodeNumber(key, options.allowNan ?? true);
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (key === null || key === undefined) return 'null';
  if (options.skipKeys) return null;
  throw new PyError('TypeError', `keys must be str, int, float, bool or None, not ${typeName(key)}`);
}

/**
 * `json.dumps(value, **options)`. `value` holds template values (Map dicts,
 * tuples) or plain data (objects as dicts, their `undefined` members left
 * out; bigints as ints).
 * @throws PyError TypeError `Object of type Undefined is not JSON serializable`
 *   (also for a StrictUndefined, which json cannot encode), `keys must be str, ...`,
 *   `'<' not supported between instances of 'int' and 'str'` when sorting mixed keys
 */
export function jsonDumps(value: unknown, options: JsonOptions = {}): string {
  const indent = options.indent ?? null;
  const step = typeof indent === 'number' ? ' '.repeat(Math.max(0, indent)) : indent;
  const [itemSep, keySep] = options.separators ?? (indent === null ? [', ', ': '] : [',', ': ']);
  const ascii = options.ensureAscii ?? true;
  const encode = (v: unknown, level: number): string => {
    if (v === null || v === undefined) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'string') return encodeString(v, ascii);
    if (typeof v === 'number') return encodeNumber(v, options.allowNan ?? true);
    if (typeof v === 'bigint') return String(v);
    let parts: string[];
    let open: string;
    let close: string;
    if (Array.isArray(v)) {
      [open, close] = ['[', ']'];
      parts = v.map((x) => encode(x, level + 1));
    } else if (isDict(v) || isPlainDict(v)) {
      [open, close] = ['{', '}'];
      let entries = isDict(v) ? [...v] : Object.entries(v).filter(([, x]) => x !== undefined);
      if (options.sortKeys) entries = entries.sort((a, b) => pyCompare(a[0], b[0]));
      parts = [];
      for (const [k, x] of entries) {
        const key = encodeKey(k, options);
        if (key !== null) parts.push(encodeString(key, ascii) + keySep + encode(x, level + 1));
      }
    } else if (options.default) {
      return encode(options.default(v), level);
    } else {
      throw new PyError('TypeError', `Object of type ${typeName(v)} is not JSON serializable`);
    }
    if (!parts.length) return open + close;
    if (step === null) return open + parts.join(itemSep) + close;
    const inner = `\n${step.repeat(level + 1)}`;
    return open + inner + parts.join(itemSep + inner) + `\n${step.repeat(level)}` + close;
  };
  return encode(value, 0);
}

/**
 * A `default` for {@link jsonDumps} that prints what msgpack data may hold beyond JSON rather than raising:
 * bytes as their UTF-8 text, or as Python's `b'...'` repr when they are not UTF-8; a timestamp as its ISO 8601
 * text; anything else as its string. Used where one odd value must not stop a stream of output
 * (`salt-run state.event`, where Salt's own json.dumps would raise and end the runner).
 */
export function printableDefault(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      let text = '';
      for (const b of value) {
        if (b === 0x5c || b === 0x27) text += `\\${String.fromCharCode(b)}`;
        else if (b >= 0x20 && b < 0x7f) text += String.fromCharCode(b);
        else text += b === 0x0a ? '\\n' : b === 0x0d ? '\\r' : b === 0x09 ? '\\t' : `\\x${b.toString(16).padStart(2, '0')}`;
      }
      return `b'${text}'`;
    }
  }
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
