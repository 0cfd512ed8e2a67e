/**
 * Salt's serializers (salt/serializers/*.py) by name, for slsutil.serialize
 * and slsutil.deserialize: `json` as Python's json.dumps/loads, `yaml` as
 * Salt's PyYAML dumper (keys sorted, flow style for collections holding only
 * scalars, no trailing newline) and a YAML loader.
 */
import yaml from 'js-yaml';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { compareCodePoints } from '@brine/core/python';
import { isDict } from '@brine/core/traverse';

/** Options of Python's json.dumps that Salt's json serializer passes on. */
interface JsonOptions {
  indent?: number;
  sort_keys?: boolean;
  ensure_ascii?: boolean;
}

/** A JSON string as Python writes it: with ensure_ascii, every non-ASCII character as \uXXXX. */
function jsonString(text: string, ensureAscii: boolean): string {
  const s = JSON.stringify(text);
  return ensureAscii ? s.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : s;
}

/**
 * Python's `json.dumps(value, indent=..., sort_keys=..., ensure_ascii=...)`: separators ', ' and ': ' on one line,
 * or one item per line indented by `indent` spaces (',' then). Integral floats print as integers (JavaScript cannot tell them).
 */
export function jsonDumps(value: unknown, o: JsonOptions = {}, depth = 0): string {
  const ascii = o.ensure_ascii ?? true;
  const items = (parts: string[], open: string, close: string): string => {
    if (parts.length === 0) return open + close;
    if (o.indent === undefined) return `${open}${parts.join(', ')}${close}`;
    const pad = (n: number): string => `\n${' '.repeat(o.indent! * n)}`;
    return `${open}${pad(depth + 1)}${parts.join(`,${pad(depth + 1)}`)}${pad(depth)}${close}`;
  };
  if (Array.isArray(value)) return items(value.map((v) => jsonDumps(v, o, depth + 1)), '[', ']');
  if (isDict(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (o.sort_keys) keys.sort(compareCodePoints);
    return items(keys.map((k) => `${jsonString(k, ascii)}: ${jsonDumps(value[k], o, depth + 1)}`), '{', '}');
  }
  if (typeof value === 'string') return jsonString(value, ascii);
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return JSON.stringify(value) ?? 'null';
}

/** True for a collection PyYAML writes in flow style under default_flow_style=None: one holding no collection. */
function isLeafCollection(v: unknown): boolean {
  const items = Array.isArray(v) ? v : isDict(v) ? Object.values(v) : undefined;
  return items !== undefined && items.every((x) => !Array.isArray(x) && !isDict(x));
}

/** True for an empty list or dict, which PyYAML writes as [] or {} whatever the style. */
function isEmptyCollection(v: unknown): boolean {
  return Array.isArray(v) ? v.length === 0 : isDict(v) && Object.keys(v).length === 0;
}

/** PyYAML's `default_flow_style`: null (Salt's serializer) puts collections holding only scalars on one line; false writes every non-empty collection in block style. */
export type DefaultFlowStyle = null | false;

/** Whether a node goes on one line: a scalar, or a collection the flow style puts there. */
function inline(v: unknown, style: DefaultFlowStyle): boolean {
  if (!Array.isArray(v) && !isDict(v)) return true;
  return style === null ? isLeafCollection(v) : isEmptyCollection(v);
}

/** One node in flow style (a scalar, or a collection of scalars), on one line, keys sorted as Python sorts them. */
function flow(v: unknown): string {
  const sorted = isDict(v) ? Object.fromEntries(Object.keys(v).sort(compareCodePoints).map((k) => [k, v[k]])) : v;
  return yaml.dump(sorted, { flowLevel: 0, lineWidth: -1, noRefs: true }).replace(/\n$/, '');
}

/** Lines of a block collection at `indent` spaces, PyYAML's layout (sequence items in a mapping not indented further). */
function blockLines(v: unknown, indent: number, style: DefaultFlowStyle): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (inline(item, style)) out.push(`${pad}- ${flow(item)}`);
      else {
        const [first, ...rest] = blockLines(item, indent + 2, style);
        out.push(`${pad}- ${first.slice(indent + 2)}`, ...rest);
      }
    }
    return out;
  }
  const dict = v as Record<string, unknown>;
  for (const key of Object.keys(dict).sort(compareCodePoints)) {
    const val = dict[key];
    if (val === undefined) continue;
    if (inline(val, style)) out.push(`${pad}${flow(key)}: ${flow(val)}`);
    else out.push(`${pad}${flow(key)}:`, ...blockLines(val, Array.isArray(val) ? indent : indent + 2, style));
  }
  return out;
}

/**
 * PyYAML's safe_dump with sorted keys, without the trailing newline: Salt's yaml serializer with the default
 * `defaultFlowStyle` null, or `yaml.safe_dump(value, default_flow_style=False)` (block style) with false.
 */
export function yamlDump(value: unknown, defaultFlowStyle: DefaultFlowStyle = null): string {
  if (inline(value, defaultFlowStyle)) return flow(value);
  return blockLines(value, 0, defaultFlowStyle).join('\n');
}

/** A serializer: what Salt's module of that name offers. */
interface Serializer {
  serialize?(obj: unknown, options: Record<string, unknown>): string;
  deserialize?(text: string, options: Record<string, unknown>): unknown;
}

/** The serializers brine has, by Salt's names. */
const SERIALIZERS: Record<string, Serializer> = {
  json: {
    serialize: (obj, o) =>
      jsonDumps(obj, {
        indent: typeof o.indent === 'number' ? o.indent : undefined,
        sort_keys: o.sort_keys === true,
        ensure_ascii: o.ensure_ascii !== false,
      }),
    deserialize: (text) => JSON.parse(text) as unknown,
  },
  yaml: {
    serialize: (obj) => yamlDump(obj),
    deserialize: (text) => yaml.load(text) ?? null,
  },
};

/** Names of the serializers brine has. */
export const SERIALIZER_NAMES = Object.keys(SERIALIZERS);

/**
 * Run serializer `name`'s `fn` ('serialize' or 'deserialize') on `input`, as Salt's slsutil does.
 * @throws CommandExecutionError "Serializer 'x' not found." for an unknown name, as Salt; SaltInvocationError
 *   when the input cannot be (de)serialized (Salt's SerializationError / DeserializationError)
 */
export function runSerializer(name: string, fn: 'serialize' | 'deserialize', input: unknown, options: Record<string, unknown>): unknown {
  const serializer = SERIALIZERS[name];
  if (!serializer) throw new CommandExecutionError(`Serializer '${name}' not found.`);
  try {
    if (fn === 'serialize') return serializer.serialize!(input, options);
    if (typeof input !== 'string') throw new Error(`expected text, got ${JSON.stringify(input)}`);
    return serializer.deserialize!(input, options);
  } catch (err) {
    throw new SaltInvocationError(`Could not ${fn} with the ${name} serializer: ${errorMessage(err)}`);
  }
}
