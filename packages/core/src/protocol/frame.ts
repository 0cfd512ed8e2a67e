/**
 * Frame encoding: msgpack (msgpackr, without record extensions so any msgpack
 * peer can read it), with a size limit on decode. What a frame must hold is
 * checked by the schemas of protocol/v1 before any code trusts it; what it
 * may hold at all is checked here: plain data only.
 */
import { Packr } from 'msgpackr';
import { ProtocolError } from '../errors';
import { assertLengthsFit } from './msgpack-bounds';

/** The largest frame accepted on any socket, in bytes (16 MiB). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

// No records and no structured clone: plain msgpack any peer can read, and no shared references or cycles from the network.
const packr = new Packr({ useRecords: false, structuredClone: false, mapsAsObjects: true, variableMapSize: true });

/** msgpack-encode any value (Uint8Array fields stay binary). */
export function pack(value: unknown): Buffer {
  return packr.pack(value);
}

/**
 * Refuse a decoded value holding anything but plain data, what msgpack's own
 * types decode to (maps, lists, bytes, timestamps as Dates, scalars):
 * msgpackr also decodes its extension types (Set, Map, RegExp, Error, typed
 * arrays...) into class instances, which no brine message carries and no
 * check should have to think about. Walks the value with an explicit stack
 * (no recursion limit).
 * @throws ProtocolError naming the first class instance found
 */
function assertPlain(root: unknown): void {
  const stack: object[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'object' && value !== null) stack.push(value);
  };
  visit(root);
  for (let value = stack.pop(); value !== undefined; value = stack.pop()) {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i]);
    } else if (!(value instanceof Uint8Array || value instanceof Date)) {
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new ProtocolError(`frame holds a ${value.constructor?.name ?? 'non-plain object'}, not plain data`);
      const map = value as Record<string, unknown>;
      for (const key in map) visit(map[key]);
    }
  }
}

/**
 * msgpack-decode bytes into plain data.
 * @throws ProtocolError when the bytes are not valid msgpack, exceed MAX_FRAME_BYTES, declare lengths they do not
 *   hold (msgpack-bounds.ts) or hold anything but plain data
 */
export function unpack(bytes: Uint8Array): unknown {
  if (bytes.length > MAX_FRAME_BYTES) throw new ProtocolError(`frame of ${bytes.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  assertLengthsFit(bytes);
  let value: unknown;
  try {
    value = packr.unpack(bytes);
  } catch (err) {
    throw new ProtocolError(`malformed frame: ${(err as Error).message}`);
  }
  assertPlain(value);
  return value;
}
