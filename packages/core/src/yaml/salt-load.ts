/**
 * YAML as Salt 3006's loader reads it: salt/utils/yamlloader.py's
 * SaltYamlSafeLoader over PyYAML 6.0's CSafeLoader, parsed here by js-yaml
 * with a schema that types scalars as PyYAML's YAML 1.1 resolver does
 * ({@link resolvePlain}) and constructs them as Salt does.
 *
 * The result is plain JS data (what Salt's JSON output of the same data
 * would hold), with these documented differences from the Python objects:
 * - Mapping keys are strings, as json.dumps writes them: `true: x` has the
 *   key `"true"`, `~: x` `"null"`, `1: x` `"1"` (Python keeps True, None, 1).
 * - Timestamps stay strings: Salt registers construct_scalar for them.
 * - Floats with an integral value are JS numbers like ints (`1.0` is `1`).
 * - JS objects list integer-like keys (`"10"`) first, before the others;
 *   Salt keeps the document's order.
 * - Integers beyond 2**53 lose precision.
 * - `!!binary` gives the decoded UTF-8 text (salt.utils.data.decode's
 *   result), `!!set` a list of its members, `!!pairs` a list of
 *   `[key, value]` pairs (Python tuples). `!!omap` is a mapping, as in
 *   the SLS renderer (its OrderedDict loader refuses a sequence).
 * - Duplicate keys are found by their JSON key (`1` and `"1"` conflict,
 *   `1` and `true` do not); a merge (`<<`) puts the merged keys where the
 *   `<<` is, not first as Salt's flatten_mapping, and two merged mappings
 *   with the same key do not conflict.
 * - A collection as a mapping key is not refused (Salt: `found
 *   unacceptable key`); js-yaml makes a string of it.
 * - Syntax errors are rebuilt from js-yaml's ({@link saltYamlError}).
 */
import yaml from 'js-yaml';
import { SaltRenderError } from '../errors';
import { pyNumberRepr } from '../python';
import { blockStart, markedError, saltYamlError, type Mark } from './load-errors';
import { constructFloat, constructInt, resolvePlain } from './resolve';

/** The text of a scalar js-yaml hands a type (null for an empty node). */
function textOf(data: unknown): string {
  return data === null ? '' : String(data);
}

/**
 * A scalar type PyYAML resolves implicitly: a plain scalar is of this type
 * when {@link resolvePlain} says so; an explicitly tagged one
 * (`!!int "0644"`) whenever `construct` accepts its text.
 */
function scalarType(tag: 'bool' | 'float' | 'int' | 'null' | 'merge', construct: (text: string) => unknown): yaml.Type {
  return new yaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: unknown, explicit?: string) =>
      (explicit !== undefined || resolvePlain(textOf(data)) === tag) && construct(textOf(data)) !== undefined,
    construct: (data: unknown) => construct(textOf(data)),
  });
}

/** An explicitly tagged scalar read as a string (`!!timestamp`, `!!python/unicode`). */
function textType(tag: string): yaml.Type {
  return new yaml.Type(tag, { kind: 'scalar', construct: textOf });
}

/**
 * A plain `=`: PyYAML's value key. As a mapping key it is the string `=`
 * (Salt's flatten_mapping makes it a str); as a value no constructor takes
 * it, which {@link loadSaltYaml} reports at {@link ValueScalar.mark}.
 */
class ValueScalar {
  mark: Mark = { line: 1, column: 1 };
  get [Symbol.toStringTag](): string {
    return 'ValueScalar';
  }
  toString(): string {
    return '=';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every type Salt's loader constructs, the implicit ones in PyYAML's resolver order. */
const SALT_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType('bool', (t) => (/^(?:yes|true|on)$/i.test(t) ? true : /^(?:no|false|off)$/i.test(t) ? false : undefined)),
    scalarType('float', (t) => constructFloat(t) ?? undefined),
    scalarType('int', (t) => constructInt(t) ?? undefined),
    scalarType('merge', (t) => t),
    scalarType('null', () => null),
    new yaml.Type('tag:yaml.org,2002:value', { kind: 'scalar', resolve: (data: unknown) => data === '=', construct: () => new ValueScalar() }),
  ],
  explicit: [
    textType('tag:yaml.org,2002:timestamp'),
    textType('tag:yaml.org,2002:python/unicode'),
    new yaml.Type('tag:yaml.org,2002:binary', {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && /^[A-Za-z0-9+/=\s]*$/.test(data),
      construct: (data: string) => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(data.replace(/\s/g, ''), 'base64')),
    }),
    new yaml.Type('tag:yaml.org,2002:set', {
      kind: 'mapping',
      resolve: (data: unknown) => isObject(data) && Object.values(data).every((v) => v === null),
      construct: (data: Record<string, unknown>) => Object.keys(data),
    }),
    new yaml.Type('tag:yaml.org,2002:omap', { kind: 'mapping' }),
    new yaml.Type('tag:yaml.org,2002:pairs', {
      kind: 'sequence',
      resolve: (data: unknown) => Array.isArray(data) && data.every((item) => isObject(item) && Object.keys(item).length === 1),
      construct: (data: Record<string, unknown>[]) => data.map((item) => Object.entries(item)[0]),
    }),
  ],
});

/** The 1-based mark of `offset` in `text`. */
function markAt(text: string, offset: number): Mark {
  const before = text.slice(0, offset);
  return { line: before.split(/\r\n|\r|\n/).length, column: offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) };
}

/** js-yaml's loader state as its listener sees it. */
interface ListenerState {
  readonly result: unknown;
  readonly position: number;
}

/** The first {@link ValueScalar} among the values (not keys) of `data`. */
function findValueScalar(data: unknown): ValueScalar | null {
  if (data instanceof ValueScalar) return data;
  const items = Array.isArray(data) ? data : isObject(data) ? Object.values(data) : [];
  for (const item of items) {
    const found = findValueScalar(item);
    if (found) return found;
  }
  return null;
}

/**
 * Load `text` as Salt's SaltYamlSafeLoader would (see the module notes for
 * the differences from Python objects).
 * @param name what errors name (a `salt://` path or SLS name)
 * @returns plain data: objects (own properties only, so `__proto__` is just a
 *   key), arrays, strings, numbers, booleans and null; an empty document is null
 * @throws SaltRenderError with Salt's message (see {@link saltYamlError}),
 *   a duplicate key as Salt's `found conflicting ID 'x'`, and the 1-based line
 */
export function loadSaltYaml(text: string, name?: string): unknown {
  let data: unknown;
  try {
    data = yaml.load(text, {
      schema: SALT_SCHEMA,
      filename: name,
      listener(event: string, state: ListenerState) {
        if (event === 'close' && state.result instanceof ValueScalar) state.result.mark = markAt(text, text.lastIndexOf('=', state.position - 1));
      },
    });
  } catch (err) {
    if (!(err instanceof yaml.YAMLException)) throw err;
    const at = err.mark ? { line: err.mark.line + 1, column: err.mark.column + 1 } : { line: 1, column: 1 };
    const error = err.reason === 'duplicated mapping key' ? conflict(text, at) : saltYamlError(text, err.reason, at, err.mark?.position ?? 0);
    throw new SaltRenderError(error.message, name, error.line);
  }
  const value = findValueScalar(data);
  if (value) {
    const error = markedError(null, null, "could not determine a constructor for the tag 'tag:yaml.org,2002:value'", value.mark);
    throw new SaltRenderError(error.message, name, error.line);
  }
  return data ?? null;
}

/**
 * Salt's ConstructorError for a duplicate key at `at`: the mapping's start
 * (the first key of its block, or its `{`), then the key as Python's str()
 * prints it (`True` for `yes`, `644` for `0644`).
 */
function conflict(text: string, at: Mark): { message: string; line: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const source = lines[at.line - 1] ?? '';
  const open = source.lastIndexOf('{', at.column - 1);
  const start = open >= 0 ? { line: at.line, column: open + 1 } : blockStart(lines, at, true);
  return markedError('while constructing a mapping', start, `found conflicting ID '${keyText(source.slice(at.column - 1))}'`, at);
}

/** Python's str() of the key that starts `rest` (a quoted or plain scalar). */
function keyText(rest: string): string {
  const quoted = /^(?:'(?:[^']|'')*'|"(?:[^"\\]|\\.)*")/.exec(rest);
  if (quoted) return String(yaml.load(quoted[0]));
  const plain = (/^(.*?)[ \t]*:(?:[ \t]|$)/.exec(rest)?.[1] ?? rest).trim();
  switch (resolvePlain(plain)) {
    case 'bool':
      return /^(?:yes|true|on)$/i.test(plain) ? 'True' : 'False';
    case 'null':
      return 'None';
    case 'int':
      return String(constructInt(plain));
    case 'float':
      return pyFloatStr(constructFloat(plain) ?? NaN);
    default:
      return plain;
  }
}

/** Python's str() of a float. */
function pyFloatStr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${Object.is(n, -0) ? '-0' : String(n)}.0`;
  return pyNumberRepr(n);
}
