/**
 * Schema building blocks for the wire messages, on TypeBox: one declaration
 * gives both the TypeScript type (`Static<typeof X>`) and the check. The
 * declarations (envelope.ts, loads.ts and the channel files) are compiled
 * ahead of time into plain check functions (compiled.ts, by generate.ts), so
 * running daemons and CLIs never load TypeBox (~100 ms of start-up): it is
 * loaded only to build, and to explain why a message failed its check.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export { Type, type Static, type TSchema };

/**
 * A plain mapping of string keys to anything (grains, pillar, kwargs): an
 * object that is not an array, a Date or bytes (what msgpack may decode).
 */
export const PlainMap = () => Type.Record(Type.String(), Type.Unknown());

/** Bytes (msgpack bin), of exactly `length` bytes when given. */
export const Bytes = (length?: number) => Type.Uint8Array(length === undefined ? {} : { minByteLength: length, maxByteLength: length });

/** A list of strings. */
export const StringList = () => Type.Array(Type.String());

/** `T` or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** One command of a channel: the schema of its request and of its reply, and what it does, for readers. */
export interface CommandSchema<Req extends TSchema = TSchema, Rep extends TSchema = TSchema> {
  request: Req;
  reply: Rep;
  doc: string;
}

/** A channel's commands by name, as declared. */
export type Commands = Record<string, CommandSchema>;
