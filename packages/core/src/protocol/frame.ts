/**
 * Frame encoding: msgpack (msgpackr, no record extensions so any msgpack peer
 * can read it) plus a shape check against {@link SHAPES} on decode. Past
 * `decodeFrame`/`checkShape` the message types are trusted.
 */
import { Packr } from 'msgpackr';
import { ProtocolError } from '../errors';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION, SHAPES, type FieldKind, type ShapeName } from './messages';

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

/** A plain mapping as msgpack decodes one (not a Date, Set, RegExp or other class instance). */
function isPlainObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function fits(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case 'str': return typeof v === 'string';
    case 'num': return typeof v === 'number' && Number.isFinite(v);
    case 'bool': return typeof v === 'boolean';
    case 'bytes': return v instanceof Uint8Array;
    case 'bytes16': return v instanceof Uint8Array && v.length === 16;
    case 'bytes24': return v instanceof Uint8Array && v.length === 24;
    case 'bytes32': return v instanceof Uint8Array && v.length === 32;
    case 'bytes64': return v instanceof Uint8Array && v.length === 64;
    case 'map': return isPlainObject(v);
    case 'list': return Array.isArray(v);
    case 'strlist': return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'str|list': return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    case 'any': return true;
  }
}

/**
 * Check `value` against the named shape and return it typed.
 * @throws ProtocolError naming the first missing or mistyped field
 */
export function checkShape<T>(name: ShapeName, value: unknown): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError(`${name}: not a map`);
  const rec = value as Record<string, unknown>;
  for (const [field, spec] of Object.entries(SHAPES[name])) {
    const optional = spec.endsWith('?');
    const kind = (optional ? spec.slice(0, -1) : spec) as FieldKind;
    const v = rec[field];
    if (v === undefined || v === null) {
      if (optional) continue;
      throw new ProtocolError(`${name}: missing field '${field}'`);
    }
    if (!fits(kind, v)) throw new ProtocolError(`${name}: field '${field}' is not ${kind}`);
  }
  return value as T;
}

/** Encode a wire message, adding the protocol version. */
export function encodeFrame(msg: { cmd: string } & Record<string, unknown>): Buffer {
  return pack({ v: PROTOCOL_VERSION, ...msg });
}

/**
 * Decode a wire frame, check its version and the shape of its `cmd`.
 * @param allowed the cmds this channel accepts
 * @throws ProtocolError for malformed msgpack, a wrong version, an unknown or disallowed cmd, or a bad shape
 */
export function decodeFrame<T extends { cmd: string }>(bytes: Uint8Array, allowed: readonly T['cmd'][]): T {
  const msg = unpack(bytes);
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw new ProtocolError('frame is not a map');
  const { v, cmd } = msg as Record<string, unknown>;
  if (v !== PROTOCOL_VERSION) throw new ProtocolError(`unsupported protocol version ${JSON.stringify(v)}`);
  if (typeof cmd !== 'string' || !(allowed as readonly string[]).includes(cmd)) throw new ProtocolError(`unknown command ${JSON.stringify(cmd)}`);
  return checkShape<T>(cmd as ShapeName, msg);
}
