/**
 * YAML as Salt 3006's loader reads it: salt/utils/yamlloader.py's
 * SaltYamlSafeLoader over PyYAML 6.0's CSafeLoader, parsed by js-yaml with
 * Salt's schema ({@link SALT_SCHEMA}). Two forms of the result:
 * {@link loadSaltYaml} gives plain JSON-like data, {@link loadSaltYamlValues}
 * template values (dicts as Maps with Python's key types and order).
 *
 * Documented differences from the Python objects:
 * - Timestamps stay strings: Salt registers construct_scalar for them.
 * - Floats with an integral value are JS numbers like ints (`1.0` is `1`);
 *   integers beyond 2**53 lose precision.
 * - `!!binary` gives the decoded UTF-8 text (salt.utils.data.decode's
 *   result), `!!set` a list of its members, `!!pairs` a list of
 *   `[key, value]` pairs (Python tuples). `!!omap` is a mapping, as in
 *   the SLS renderer (its OrderedDict loader refuses a sequence).
 * - Merges (`<<`) are Salt's flatten_mapping, but keys are compared by
 *   value, not by their text (`1` and `01` are one key), and a conflict
 *   between merged mappings is marked at the merge's mapping and value,
 *   not at the merged key.
 * - `1` and `true` are two keys (one in Python).
 * - An integer-like key reached through an alias (`*ten: x`) of a quoted
 *   scalar is listed first in {@link loadSaltYamlValues}' Map (a JS
 *   object's order); in {@link loadSaltYaml}'s objects every integer-like
 *   key is.
 * - A collection as a mapping key is not refused (Salt: `found
 *   unacceptable key`); js-yaml makes a string of it.
 * - Syntax errors are rebuilt from js-yaml's ({@link saltYamlError}).
 */
import yaml from 'js-yaml';
import { SaltRenderError } from '../errors';
import { pyNumberRepr } from '../python';
import { blockStart, markedError, saltYamlError, type Mark, type SaltYamlError } from './load-errors';
import { constructFloat, constructInt, resolvePlain } from './resolve';
import { KeyOnlyScalar, SALT_SCHEMA, TypedScalar, withKeyCodes, wrapIndexLike, type KeyCodes } from './salt-schema';

/**
 * The most nodes a document may stand for once its aliases are expanded
 * (16 Mi). Aliases share the anchor's object, but a consumer walking the data
 * (JSON for a minion, a template printing it) sees every copy, so a "billion
 * laughs" document of ten nested aliases would take it down.
 */
export const MAX_EXPANDED_NODES = 2 ** 24;

/** The 1-based mark of `offset` in `text`. */
function markAt(text: string, offset: number): Mark {
  const before = text.slice(0, offset);
  return { line: before.split(/\r\n|\r|\n/).length, column: offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) };
}

/** js-yaml's loader state as its listener sees it. */
interface ListenerState {
  result: unknown;
  readonly kind: string | null;
  readonly position: number;
}

/** What js-yaml built, with the key codes it holds. */
interface Loaded {
  readonly result: unknown;
  readonly codes: KeyCodes;
}

/**
 * Parse `text` with Salt's schema.
 * @throws SaltRenderError as {@link loadSaltYaml} documents
 */
function parse(text: string, name: string | undefined): Loaded {
  try {
    return withKeyCodes(() =>
      yaml.load(text, {
        schema: SALT_SCHEMA,
        filename: name,
        listener(event: string, state: ListenerState) {
          if (event !== 'close') return;
          if (state.result instanceof KeyOnlyScalar) {
            const token = state.result.tag === 'value' ? '=' : '<<';
            state.result.offset = text.lastIndexOf(token, state.position - 1);
            state.result.mark = markAt(text, state.result.offset);
          } else if (state.kind === 'scalar') state.result = wrapIndexLike(state.result);
        },
      }),
    );
  } catch (err) {
    if (!(err instanceof yaml.YAMLException)) throw err;
    const at = err.mark ? { line: err.mark.line + 1, column: err.mark.column + 1 } : { line: 1, column: 1 };
    throw renderError(err.reason === 'duplicated mapping key' ? conflict(text, at) : saltYamlError(text, err.reason, at, err.mark?.position ?? 0), name);
  }
}

function renderError(error: SaltYamlError, name: string | undefined): SaltRenderError {
  return new SaltRenderError(error.message, name, error.line);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof TypedScalar) && !(v instanceof KeyOnlyScalar);
}

/** PyYAML's node id of a value, as merge errors name it. */
function nodeId(v: unknown): string {
  return Array.isArray(v) ? 'sequence' : isMapping(v) ? 'mapping' : 'scalar';
}

/**
 * `loaded` converted by `mapping` (which receives each mapping's items,
 * keys decoded, merges done), scalars unwrapped.
 * @throws SaltRenderError for a `=` or `<<` value, a merge of something
 *   else than mappings, and a key two merged mappings share
 */
function convert(loaded: Loaded, text: string, name: string | undefined, mapping: (entries: Array<[unknown, unknown]>) => unknown): unknown {
  const { values, merges } = loaded.codes;
  const key = (k: string): unknown => (values.has(k) ? values.get(k) : k);
  const fail = (problem: string, mark: Mark): never => {
    throw renderError(markedError(null, null, problem, mark), name);
  };
  /** A merge error: in the mapping that holds `merge`, at the merged value. */
  const mergeError = (problem: string, merge: KeyOnlyScalar): never => {
    const value = /^<<[ \t]*:\s*/.exec(text.slice(merge.offset))?.[0].length ?? 0;
    const context = blockStart(text.split(/\r\n|\r|\n/), merge.mark, true);
    throw renderError(markedError('while constructing a mapping', context, problem, markAt(text, merge.offset + value)), name);
  };

  /** Salt's flatten_mapping: merged items first (those the mapping does not set itself), then its own. */
  const flatten = (obj: Record<string, unknown>): Array<[string, unknown]> => {
    const merged: Array<[string, unknown]> = [];
    const own: Array<[string, unknown]> = [];
    let first: KeyOnlyScalar | null = null;
    for (const [k, v] of Object.entries(obj)) {
      const merge = merges.get(k);
      first ??= merge ?? null;
      if (!merge) own.push([k, v]);
      else if (isMapping(v)) merged.push(...flatten(v));
      else if (Array.isArray(v)) {
        const subs = v.map((sub) => (isMapping(sub) ? flatten(sub) : mergeError(`expected a mapping for merging, but found ${nodeId(sub)}`, merge)));
        for (const sub of subs.reverse()) merged.push(...sub);
      } else mergeError(`expected a mapping or list of mappings for merging, but found ${nodeId(v)}`, merge);
    }
    const existing = new Set(own.map(([k]) => k));
    const items = [...merged.filter(([k]) => !existing.has(k)), ...own];
    const seen = new Set<string>();
    for (const [k] of items) {
      if (seen.has(k) && first) mergeError(`found conflicting ID '${pyKeyStr(key(k))}'`, first);
      seen.add(k);
    }
    return items;
  };

  /** Collections converted so far: an alias gives the anchor's object again (once converted, as PyYAML shares it). */
  const done = new Map<object, { value: unknown; size: number }>();
  /** `v` converted, and how many nodes it stands for with every alias expanded. */
  const walk = (v: unknown): { value: unknown; size: number } => {
    if (v instanceof TypedScalar) return { value: v.value, size: 1 };
    if (v instanceof KeyOnlyScalar) return fail(`could not determine a constructor for the tag 'tag:yaml.org,2002:${v.tag}'`, v.mark);
    if (typeof v === 'string') return { value: key(v), size: 1 };
    if (!Array.isArray(v) && !isMapping(v)) return { value: v, size: 1 };
    const seen = done.get(v);
    if (seen !== undefined) return seen;
    let size = 1;
    const sized = (x: unknown): unknown => {
      const r = walk(x);
      size += r.size;
      return r.value;
    };
    const value = Array.isArray(v) ? v.map(sized) : mapping(flatten(v).map(([k, x]) => [key(k), sized(x)]));
    if (size > MAX_EXPANDED_NODES) {
      throw new SaltRenderError(`the YAML document expands to more than ${MAX_EXPANDED_NODES} nodes through its aliases (brine's limit)`, name);
    }
    const result = { value, size };
    done.set(v, result);
    return result;
  };
  return walk(loaded.result).value ?? null;
}

/** Python's str() of a key. */
function pyKeyStr(k: unknown): string {
  if (k === null) return 'None';
  if (typeof k === 'boolean') return k ? 'True' : 'False';
  if (typeof k === 'number') return Number.isInteger(k) ? String(k) : pyFloatStr(k);
  return String(k);
}

/**
 * Load `text` as Salt's SaltYamlSafeLoader would, as plain data: what
 * Salt's JSON output of the same data holds. Mapping keys are strings as
 * json.dumps writes them (`true: x` has the key `"true"`, `~: x` `"null"`,
 * `1: x` `"1"`, `1.5: x` `"1.5"`); JS lists integer-like keys first.
 * @param name what errors name (a `salt://` path or SLS name)
 * @returns objects (own properties only, so `__proto__` is just a key),
 *   arrays, strings, numbers, booleans and null; an empty document is null
 * @throws SaltRenderError with Salt's message ({@link saltYamlError}), a
 *   duplicate key as Salt's `found conflicting ID 'x'`, and the 1-based line
 */
export function loadSaltYaml(text: string, name?: string): unknown {
  return convert(parse(text, name), text, name, (entries) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      Object.defineProperty(out, jsonKey(k), { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });
}

/**
 * Load `text` as {@link loadSaltYaml} does, as template values: mappings
 * are Maps in document order whose keys keep Python's types (`1: x` has the
 * int key 1, `yes: x` True, `~: x` None), what Salt's `load_yaml` and
 * `import_yaml` give templates.
 * @throws SaltRenderError as {@link loadSaltYaml}
 */
export function loadSaltYamlValues(text: string, name?: string): unknown {
  return convert(parse(text, name), text, name, (entries) => new Map(entries));
}

/** A dict key as json.dumps writes it: `true`, `false`, `null`, an int, a float's repr (`Infinity`, `NaN`). */
function jsonKey(k: unknown): string {
  if (k === null) return 'null';
  if (typeof k === 'number') {
    if (Number.isNaN(k)) return 'NaN';
    if (!Number.isFinite(k)) return k > 0 ? 'Infinity' : '-Infinity';
    return pyNumberRepr(k);
  }
  return String(k);
}

/**
 * Salt's ConstructorError for a duplicate key at `at`: the mapping's start
 * (the first key of its block, or its `{`), then the key as Python's str()
 * prints it (`True` for `yes`, `644` for `0644`).
 */
function conflict(text: string, at: Mark): SaltYamlError {
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
