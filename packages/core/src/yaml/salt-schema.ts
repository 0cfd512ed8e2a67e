/**
 * The js-yaml schema of Salt's loader: scalars typed as PyYAML's YAML 1.1
 * resolver types them ({@link resolvePlain}) and constructed as Salt's
 * SaltYamlSafeLoader constructs them.
 *
 * js-yaml builds mappings as JS objects, whose keys are strings. So that
 * mapping keys keep Python's types, equality and order, a bool, int, float
 * or null scalar is built as a {@link TypedScalar}: as a key, js-yaml turns
 * it into a code (`\0`, its type and its value, so `1` and `1.0` are one
 * key as in Python, and never an integer-like string JS would reorder;
 * unlike Python, `1` and `true` are two keys);
 * as a value, the loader unwraps it. {@link withKeyCodes} collects the
 * codes of one load so they can be turned back into values.
 */
import yaml from 'js-yaml';
import { constructFloat, constructInt, resolvePlain } from './resolve';

/** A scalar's Python value that a JS object key would lose: bool, int, float, None, or a str JS would reorder. */
export type TypedValue = boolean | number | null | string;

/** The key codes of the load under way, each with the value of its first key. */
let keyCodes: Map<string, TypedValue> | null = null;

/** A bool, int, float or None scalar (or an integer-like str, see {@link wrapIndexLike}), until the loader unwraps it. */
export class TypedScalar {
  constructor(readonly value: TypedValue) {}
  get [Symbol.toStringTag](): string {
    return 'TypedScalar';
  }
  /** The key code js-yaml uses when this scalar is a mapping key. */
  toString(): string {
    const code = this.value === null ? '\0null' : `\0${typeof this.value}:${String(this.value)}`;
    if (keyCodes && !keyCodes.has(code)) keyCodes.set(code, this.value);
    return code;
  }
}

/**
 * A str scalar JS would list first as an object key (`"10"`, an array
 * index) wrapped as a {@link TypedScalar}, so that as a key it keeps its
 * place; anything else as it is. The loader calls it on every node it
 * completes (js-yaml builds quoted scalars without a type to hook).
 */
export function wrapIndexLike(result: unknown): unknown {
  return typeof result === 'string' && /^(?:0|[1-9][0-9]{0,9})$/.test(result) && Number(result) < 2 ** 32 - 1 ? new TypedScalar(result) : result;
}

/**
 * A plain `=` (PyYAML's value key) or `<<` (the merge key). As a mapping
 * key, `=` is the string `=` (Salt's flatten_mapping makes it a str) and
 * each `<<` a code of its own that the loader merges as flatten_mapping
 * does; as a value no constructor takes either, which the loader reports
 * at {@link KeyOnlyScalar.mark}.
 */
export class KeyOnlyScalar {
  /** The 1-based line and column of the scalar, set while loading. */
  mark = { line: 1, column: 1 };
  /** Its offset in the text, set while loading. */
  offset = 0;
  constructor(readonly tag: 'value' | 'merge') {}
  get [Symbol.toStringTag](): string {
    return 'KeyOnlyScalar';
  }
  toString(): string {
    if (this.tag === 'value') return '=';
    const code = `\0merge:${mergeKeys?.size ?? 0}`;
    mergeKeys?.set(code, this);
    return code;
  }
}

/** The merge keys of the load under way, by their codes. */
let mergeKeys: Map<string, KeyOnlyScalar> | null = null;

/** What {@link withKeyCodes} collected: the value of each key code, and the merge keys by their codes. */
export interface KeyCodes {
  readonly values: ReadonlyMap<string, TypedValue>;
  readonly merges: ReadonlyMap<string, KeyOnlyScalar>;
}

/**
 * Run `load` with key codes collected.
 * @returns its result and the codes its keys used
 */
export function withKeyCodes<T>(load: () => T): { result: T; codes: KeyCodes } {
  const codes = { values: new Map<string, TypedValue>(), merges: new Map<string, KeyOnlyScalar>() };
  keyCodes = codes.values;
  mergeKeys = codes.merges;
  try {
    return { result: load(), codes };
  } finally {
    keyCodes = null;
    mergeKeys = null;
  }
}

/** The text of a scalar js-yaml hands a type (null for an empty node). */
function textOf(data: unknown): string {
  return data === null ? '' : String(data);
}

/**
 * A scalar type PyYAML resolves implicitly: a plain scalar is of this type
 * when {@link resolvePlain} says so; an explicitly tagged one
 * (`!!int "0644"`) whenever `construct` accepts its text.
 */
function typedScalar(tag: 'bool' | 'float' | 'int' | 'null', construct: (text: string) => TypedValue | undefined): yaml.Type {
  return new yaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: unknown, explicit?: string) =>
      (explicit !== undefined || resolvePlain(textOf(data)) === tag) && construct(textOf(data)) !== undefined,
    construct: (data: unknown) => new TypedScalar(construct(textOf(data)) as TypedValue),
  });
}

/** An explicitly tagged scalar read as a string (`!!timestamp`, `!!python/unicode`). */
function textType(tag: string): yaml.Type {
  return new yaml.Type(tag, { kind: 'scalar', construct: textOf });
}

/**
 * The implicit type of `=` or `<<`, under a tag of brine's own: js-yaml
 * would merge a `tag:yaml.org,2002:merge` key itself, not as Salt does.
 */
function keyOnly(tag: 'value' | 'merge', text: string): yaml.Type {
  return new yaml.Type(`tag:brine,salt-yaml:${tag}`, {
    kind: 'scalar',
    resolve: (data: unknown) => data === text,
    construct: () => new KeyOnlyScalar(tag),
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every type Salt's loader constructs, the implicit ones in PyYAML's resolver order. */
export const SALT_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    typedScalar('bool', (t) => (/^(?:yes|true|on)$/i.test(t) ? true : /^(?:no|false|off)$/i.test(t) ? false : undefined)),
    typedScalar('float', (t) => constructFloat(t) ?? undefined),
    typedScalar('int', (t) => constructInt(t) ?? undefined),
    keyOnly('merge', '<<'),
    typedScalar('null', () => null),
    keyOnly('value', '='),
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
      resolve: (data: unknown) => isObject(data) && Object.values(data).every((v) => v === null || (v instanceof TypedScalar && v.value === null)),
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
