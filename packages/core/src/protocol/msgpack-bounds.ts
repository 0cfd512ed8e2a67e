/**
 * A bound on what decoding msgpack may cost, checked before decoding.
 * msgpackr allocates a list of the length its header declares before it
 * reads a single element, so a header that promises 16 million elements
 * costs 128 MB however few bytes follow, and a chain of such headers, each
 * nested in the one before, exhausts the heap: a 200-byte frame killed the
 * master (found by scripts/fuzz.ts). Every element takes at least one byte,
 * so the elements still owed by all open lists and maps can never outnumber
 * the bytes left; this walk refuses any header (and any string, binary or
 * extension length) that breaks that, which keeps what a decoder allocates
 * proportional to the frame's size.
 *
 * The walk reads every byte position msgpackr would read as a header: values
 * that msgpackr's extensions read after them (a Set, a record) are counted
 * as further values, which only makes the bound looser, never refuses valid
 * data.
 */
import { ProtocolError } from '../errors';

/** Payload sizes after the type byte, for the types whose size the type byte alone gives (-1: the others). */
const FIXED = new Int8Array(256).fill(-1);
for (const [types, size] of [
  [[0xc0, 0xc2, 0xc3], 0], // nil, false, true
  [[0xcc, 0xd0], 1], [[0xcd, 0xd1], 2], [[0xca, 0xce, 0xd2], 4], [[0xcb, 0xcf, 0xd3], 8], // ints and floats
  [[0xd4], 2], [[0xd5], 3], [[0xd6], 5], [[0xd7], 9], [[0xd8], 17], // fixext 1..16: type byte and data
] as const) for (const t of types) FIXED[t] = size;

/**
 * Refuse msgpack `bytes` whose length prefixes declare more than the bytes
 * left could hold. Does not check anything else (msgpackr reports the rest).
 * @throws ProtocolError naming the offset of the first header that declares too much
 */
export function assertLengthsFit(bytes: Uint8Array): void {
  const end = bytes.length;
  let pos = 0;
  // Values still owed by the open lists and maps (each needs at least one byte), the top-level value included.
  let owed = 0;
  const uint = (n: number): number => {
    if (pos + n > end) throw new ProtocolError(`malformed frame: truncated header at byte ${pos - 1}`);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + bytes[pos++];
    return v;
  };
  while (pos < end) {
    const at = pos;
    const t = bytes[pos++];
    owed = Math.max(0, owed - 1);
    let elements = 0;
    let skip = 0;
    if (t <= 0x7f || t >= 0xe0) skip = 0; // positive and negative fixint
    else if (t <= 0x8f) elements = 2 * (t & 0x0f); // fixmap
    else if (t <= 0x9f) elements = t & 0x0f; // fixarray
    else if (t <= 0xbf) skip = t & 0x1f; // fixstr
    else if (FIXED[t] >= 0) skip = FIXED[t];
    else if (t === 0xc4 || t === 0xd9) skip = uint(1); // bin 8, str 8
    else if (t === 0xc5 || t === 0xda) skip = uint(2); // bin 16, str 16
    else if (t === 0xc6 || t === 0xdb) skip = uint(4); // bin 32, str 32
    else if (t === 0xc7) skip = uint(1) + 1; // ext 8 (length, then type byte)
    else if (t === 0xc8) skip = uint(2) + 1; // ext 16
    else if (t === 0xc9) skip = uint(4) + 1; // ext 32
    else if (t === 0xdc) elements = uint(2); // array 16
    else if (t === 0xdd) elements = uint(4); // array 32
    else if (t === 0xde) elements = 2 * uint(2); // map 16
    else if (t === 0xdf) elements = 2 * uint(4); // map 32
    // 0xc1 is never used: msgpackr refuses it.
    pos += skip;
    owed += elements;
    if (pos > end || owed > end - pos) {
      throw new ProtocolError(`malformed frame: the header at byte ${at} declares more than the ${end - at} bytes left`);
    }
  }
}
