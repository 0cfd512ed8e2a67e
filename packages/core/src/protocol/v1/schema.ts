/**
 * Schema building blocks for wire messages, on TypeBox: one declaration gives
 * both the TypeScript type (`Static<typeof X>`) and the runtime check, compiled
 * once to a JIT checker (~50 ns for a return frame's checks, against ~1.3 µs
 * for the hand-written table it replaced; BENCHMARKS.md, "Protocol decode").
 * A value that fails is refused with a ProtocolError naming the message and
 * the first bad field, before any code trusts its type.
 */
import { Kind, Type, TypeRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { ProtocolError } from '../../errors';

export { Type, type Static, type TSchema };

/** A plain mapping as msgpack decodes one: not an array, Date, Uint8Array or other class instance. */
function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

TypeRegistry.Set('PlainMap', (_schema, value) => isPlainMap(value));

/** A plain mapping of string keys to anything (grains, pillar, kwargs); see {@link isPlainMap}. */
export const PlainMap = () => Type.Unsafe<Record<string, unknown>>({ [Kind]: 'PlainMap' });

/** Bytes (msgpack bin), of exactly `length` bytes when given. */
export const Bytes = (length?: number) => Type.Uint8Array(length === undefined ? {} : { minByteLength: length, maxByteLength: length });

/** A list of strings. */
export const StringList = () => Type.Array(Type.String());

/** `T` or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** What a value of a schema's type is called in messages. */
function describe(schema: TSchema): string {
  switch (schema[Kind]) {
    case 'String':
      return 'a string';
    case 'Number':
    case 'Integer':
      return 'a number';
    case 'Boolean':
      return 'a boolean';
    case 'Null':
      return 'null';
    case 'Array':
      return 'a list';
    case 'Object':
    case 'Record':
    case 'PlainMap':
      return 'a map';
    case 'Uint8Array':
      return schema.minByteLength === undefined ? 'bytes' : `${schema.minByteLength as number} bytes`;
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'Union':
      return (schema.anyOf as TSchema[]).map(describe).join(' or ');
    default:
      return `of kind ${String(schema[Kind])}`;
  }
}

/** The one-line reason for a failed check, as `name: missing field 'x'` or `name: field 'x' is not <type>`. */
function reason(name: string, error: ValueError): string {
  const field = error.path.replace(/^\//, '').replace(/\//g, '.');
  if (error.type === ValueErrorType.ObjectRequiredProperty) return `${name}: missing field '${field}'`;
  const what = describe(error.schema);
  return field === '' ? `${name}: not ${what}` : `${name}: field '${field}' is not ${what}`;
}

/** A compiled checker for one message, named for error messages. */
export class Checker<T extends TSchema> {
  private readonly compiled: TypeCheck<T>;

  /** @param name the message's name in errors ('auth', 'return_load') */
  constructor(
    readonly name: string,
    readonly schema: T,
  ) {
    this.compiled = TypeCompiler.Compile(schema);
  }

  /** True when `value` has the message's shape. */
  is(value: unknown): value is Static<T> {
    return this.compiled.Check(value);
  }

  /**
   * `value`, typed, when it has the message's shape.
   * @throws ProtocolError naming the message and its first missing or mistyped field
   */
  check(value: unknown): Static<T> {
    if (this.compiled.Check(value)) return value;
    const first = this.compiled.Errors(value).First();
    throw new ProtocolError(first ? reason(this.name, first) : `${this.name}: malformed`);
  }
}

/** Compile `schema` into a {@link Checker} named `name`. */
export function checker<T extends TSchema>(name: string, schema: T): Checker<T> {
  return new Checker(name, schema);
}
