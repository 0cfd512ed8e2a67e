/**
 * Frame encoding: msgpack (msgpackr, without record extensions so any msgpack
 * peer can read it), with a size limit on decode. What a frame must hold is
 * checked by the schemas of protocol/v1 before any code trusts it.
 */
import { Packr } from 'msgpackr';
import { ProtocolError } from '../errors';

/** The largest frame accepted on any socket, in bytes (16 MiB). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

// No records and no structured clone: plain msgpack any peer can read, and no shared references or cycles from the network.
const packr = new Packr({ useRecords: false, structuredClone: false, mapsAsObjects: true, variableMapSize: true });

/** msgpack-encode any value (Uint8Array fields stay binary). */
export function pack(value: unknown): Buffer {
  return packr.pack(value);
}

/**
 * msgpack-decode bytes.
 * @throws ProtocolError when the bytes are not valid msgpack or exceed MAX_FRAME_BYTES
 */
export function unpack(bytes: Uint8Array): unknown {
  if (bytes.length > MAX_FRAME_BYTES) throw new ProtocolError(`frame of ${bytes.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  try {
    return packr.unpack(bytes);
  } catch (err) {
    throw new ProtocolError(`malformed frame: ${(err as Error).message}`);
  }
}
