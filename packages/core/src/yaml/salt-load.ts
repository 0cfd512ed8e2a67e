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
 * - `!!binary` gives the decoded UTF-8 text (salt.utils.data.decode's
 *   result), `!!set` a list of its members, `!!omap` and `!!pairs` over a
 *   sequence lists of `[key, value]` pairs (Python tuples).
 * - Duplicate keys are found by their JSON key (`1` and `"1"` conflict,
 *   `1` and `true` do not); a merge (`<<`) puts the merged keys where the
 *   `<<` is, not first as Salt's flatten_mapping.
 * - Syntax errors carry js-yaml's reason where libyaml's differs.
 */
import yaml from 'js-yaml';
import { SaltRenderError } from '../errors';
import { constructFloat, constructInt, resolvePlain } from './resolve';

/** An implicit scalar type: `tag` when {@link resolvePlain} says so, built by `construct`. */
function scalarType(tag: 'bool' | 'float' | 'int' | 'null' | 'merge', construct: (text: string) => unknown): yaml.Type {
  return new yaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: unknown) => {
      const text = data === null ? '' : String(data);
      return resolvePlain(text) === tag && construct(text) !== undefined;
    },
    construct: (data: unknown) => construct(data === null ? '' : String(data)),
  });
}

/** An explicitly tagged scalar read as a string (`!!timestamp`, `!!python/unicode`). */
function textType(tag: string): yaml.Type {
  return new yaml.Type(tag, { kind: 'scalar', construct: (data: unknown) => (data === null ? '' : String(data)) });
}

/** A sequence of single-pair mappings (`!!omap`, `!!pairs`) as `[key, value]` pairs. */
function pairsType(tag: string): yaml.Type {
  return new yaml.Type(tag, {
    kind: 'sequence',
    resolve: (data: unknown) =>
      Array.isArray(data) && data.every((item) => isObject(item) && Object.keys(item).length === 1),
    construct: (data: unknown) => (data as Record<string, unknown>[]).map((item) => Object.entries(item)[0]),
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every type Salt's loader constructs, the implicit ones in PyYAML's resolver order. */
const SALT_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType('bool', (t) => /^(?:yes|true|on)$/i.test(t)),
    scalarType('float', (t) => constructFloat(t) ?? undefined),
    scalarType('int', (t) => constructInt(t) ?? undefined),
    scalarType('merge', (t) => t),
    scalarType('null', () => null),
  ],
  explicit: [
    textType('tag:yaml.org,2002:timestamp'),
    textType('tag:yaml.org,2002:python/unicode'),
    textType('tag:yaml.org,2002:value'),
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
    pairsType('tag:yaml.org,2002:omap'),
    pairsType('tag:yaml.org,2002:pairs'),
  ],
});

/** libyaml's wording for the js-yaml reasons it words differently. */
const REASONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^bad indentation of a mapping entry$/, 'mapping values are not allowed in this context'],
  [/^incomplete explicit mapping pair; a key node is missed/, 'mapping values are not allowed in this context'],
  [/^unknown tag !<(.*)>$/, "could not determine a constructor for the tag '$1'"],
  [/^unidentified alias "(.*)"$/, "found undefined alias '$1'"],
  [/^end of the stream or a document separator is expected$/, 'expected <document start>, but found another node'],
  [/^expected a single document in the stream, but found more$/, 'expected a single document in the stream'],
];

/**
 * Load `text` as Salt's SaltYamlSafeLoader would (see the module notes for
 * the differences from Python objects).
 * @param name what errors name (a `salt://` path or SLS name)
 * @returns plain data: objects (own properties only, so `__proto__` is just a
 *   key), arrays, strings, numbers, booleans and null; an empty document is null
 * @throws SaltRenderError with Salt's message and the 1-based line: a tab
 *   in indentation is `Illegal tab character`, a duplicate key
 *   `found conflicting ID 'x'` with both positions, other problems
 *   libyaml's reason where known
 */
export function loadSaltYaml(text: string, name?: string): unknown {
  try {
    return yaml.load(text, { schema: SALT_SCHEMA, filename: name }) ?? null;
  } catch (err) {
    if (!(err instanceof yaml.YAMLException)) throw err;
    const line = err.mark ? err.mark.line + 1 : undefined;
    const column = err.mark ? err.mark.column + 1 : undefined;
    throw new SaltRenderError(saltMessage(text, err.reason, line ?? 1, column ?? 1), name, line);
  }
}

/** The message Salt's YAML renderer gives for js-yaml's `reason` at `line`:`column`. */
function saltMessage(text: string, reason: string, line: number, column: number): string {
  const source = text.split(/\r\n|\r|\n/)[line - 1] ?? '';
  if (/^[ ]*\t/.test(source) || reason.includes('tab')) return 'Illegal tab character';
  if (reason === 'duplicated mapping key') return conflictMessage(text, source, line, column);
  const where = `  in "<unicode string>", line ${line}, column ${column}`;
  for (const [re, wording] of REASONS) if (re.test(reason)) return `${reason.replace(re, wording)}\n${where}`;
  return `${reason}\n${where}`;
}

/**
 * Salt's ConstructorError for a duplicate key: the mapping's start (the
 * first key at the same column above, or `{`), then the key as Python's
 * str() prints it (`'True'` for `yes`, `'644'` for `0644`).
 */
function conflictMessage(text: string, source: string, line: number, column: number): string {
  const lines = text.split(/\r\n|\r|\n/);
  let start = [line, column];
  const flowOpen = source.lastIndexOf('{', column - 1);
  if (flowOpen >= 0) start = [line, flowOpen + 1];
  else {
    for (let i = line - 1; i >= 1; i--) {
      const l = lines[i - 1] ?? '';
      const indent = l.length - l.trimStart().length;
      if (l.trim() === '' || l.trimStart().startsWith('#') || indent > column - 1) continue;
      if (indent < column - 1 || l.trimStart().startsWith('- ')) break;
      start = [i, column];
    }
  }
  return [
    'while constructing a mapping',
    `  in "<unicode string>", line ${start[0]}, column ${start[1]}`,
    `found conflicting ID '${keyText(source.slice(column - 1))}'`,
    `  in "<unicode string>", line ${line}, column ${column}`,
  ].join('\n');
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
    default:
      return plain;
  }
}
