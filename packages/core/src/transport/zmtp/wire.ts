/**
 * ZMTP 3.0 on the wire (RFC 23/ZMTP, https://rfc.zeromq.org/spec/23/), as
 * much as brine's own publish endpoint needs: the 64-byte greeting, frames
 * (short and long), commands, and READY metadata. libzmq 4.3 peers speak it
 * (they step down from 3.1 when the other side announces 3.0).
 *
 * Frame flags: bit 0 MORE (another part follows), bit 1 LONG (an 8-byte
 * length, else 1 byte), bit 2 COMMAND.
 */

/** Bytes in a ZMTP 3 greeting. */
export const GREETING_BYTES = 64;
/** Frame flag: more parts follow in this message. */
export const FLAG_MORE = 0x01;
/** Frame flag: the length is 8 bytes (big-endian), not 1. */
export const FLAG_LONG = 0x02;
/** Frame flag: the frame is a command, not a message part. */
export const FLAG_COMMAND = 0x04;

/**
 * A ZMTP 3 greeting: signature, version `3.minor`, security mechanism (NUL
 * padded to 20 bytes), as-server flag and filler.
 * @param mechanism e.g. 'NULL' (at most 20 characters; longer is cut)
 */
export function greeting(mechanism = 'NULL', minor = 0, asServer = false): Buffer {
  const g = Buffer.alloc(GREETING_BYTES);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = minor;
  g.write(mechanism.slice(0, 20), 12, 'latin1');
  g[32] = asServer ? 1 : 0;
  return g;
}

/** What a peer's greeting announces. */
export interface PeerGreeting {
  major: number;
  minor: number;
  mechanism: string;
}

/**
 * Read a peer's 64-byte greeting.
 * @returns the greeting, or a sentence saying why it is not a ZMTP 3 greeting
 */
export function parseGreeting(g: Buffer): PeerGreeting | string {
  if (g.length < GREETING_BYTES) return 'short greeting';
  if (g[0] !== 0xff || (g[9]! & 0x01) !== 0x01) return 'not a ZMTP greeting';
  if (g[10]! < 3) return `ZMTP ${g[10]}.x is not supported`;
  const mech = g.subarray(12, 32);
  const end = mech.indexOf(0);
  return { major: g[10]!, minor: g[11]!, mechanism: mech.subarray(0, end < 0 ? 20 : end).toString('latin1') };
}

/** The header of a frame of `length` bytes with `flags` (LONG is set when the length needs it). */
export function frameHeader(flags: number, length: number): Buffer {
  if (length <= 255 && (flags & FLAG_LONG) === 0) return Buffer.from([flags, length]);
  const head = Buffer.alloc(9);
  head[0] = flags | FLAG_LONG;
  head.writeBigUInt64BE(BigInt(length), 1);
  return head;
}

/** A whole frame: header and body. */
export function frame(flags: number, body: Uint8Array): Buffer {
  return Buffer.concat([frameHeader(flags, body.length), body]);
}

/** A command frame: its name (1-byte length, then the name) and its data. */
export function command(name: string, data: Uint8Array = Buffer.alloc(0)): Buffer {
  return frame(FLAG_COMMAND, Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'latin1'), data]));
}

/** A READY command announcing `socketType` (e.g. 'PUB'), with extra metadata properties. */
export function ready(socketType: string, extra: Array<[string, Uint8Array]> = []): Buffer {
  const props = [['Socket-Type', Buffer.from(socketType, 'latin1')] as [string, Uint8Array], ...extra].map(([k, v]) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(v.length);
    return Buffer.concat([Buffer.from([k.length]), Buffer.from(k, 'latin1'), len, v]);
  });
  return command('READY', Buffer.concat(props));
}

/** A command's name and data, or undefined when the body is too short for its name. */
export function parseCommand(body: Buffer): { name: string; data: Buffer } | undefined {
  if (body.length < 1 || body.length < 1 + body[0]!) return undefined;
  return { name: body.subarray(1, 1 + body[0]!).toString('latin1'), data: body.subarray(1 + body[0]!) };
}

/**
 * The metadata properties of a READY command's data (property names are
 * case-insensitive in ZMTP; they are returned lower-cased).
 * @returns the properties, or undefined when a length runs past the data
 */
export function parseMetadata(data: Buffer): Map<string, Buffer> | undefined {
  const props = new Map<string, Buffer>();
  let at = 0;
  while (at < data.length) {
    const nameLen = data[at]!;
    if (at + 1 + nameLen + 4 > data.length) return undefined;
    const name = data.subarray(at + 1, at + 1 + nameLen).toString('latin1').toLowerCase();
    const valueLen = data.readUInt32BE(at + 1 + nameLen);
    const start = at + 1 + nameLen + 4;
    if (start + valueLen > data.length) return undefined;
    props.set(name, data.subarray(start, start + valueLen));
    at = start + valueLen;
  }
  return props;
}

/** One frame read from a peer. */
export interface Frame {
  flags: number;
  body: Buffer;
}

/** A frame longer than the reader allows (the connection should be closed). */
export class FrameTooLarge extends Error {
  constructor(
    readonly declared: bigint,
    readonly max: number,
  ) {
    super(`a ${declared}-byte frame (at most ${max} allowed)`);
  }
}

/**
 * Cuts a byte stream into frames, keeping at most one partial frame. A
 * frame's declared length is checked before its body is awaited, so a peer
 * cannot make the reader buffer more than `maxBody` + 9 bytes.
 */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** @param maxBody the largest frame body accepted, in bytes */
  constructor(private readonly maxBody: number) {}

  /**
   * Add bytes from the peer. @returns the frames now complete, in order
   * @throws FrameTooLarge when a frame declares more than maxBody bytes
   */
  push(chunk: Buffer): Frame[] {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    for (;;) {
      if (buf.length < 2) break;
      const flags = buf[0]!;
      const long = (flags & FLAG_LONG) !== 0;
      if (long && buf.length < 9) break;
      // Only a long frame's length needs a bigint (it may exceed 2^53); a short one is a byte.
      const declared = long ? buf.readBigUInt64BE(1) : buf[1]!;
      if (declared > this.maxBody) throw new FrameTooLarge(BigInt(declared), this.maxBody);
      const start = long ? 9 : 2;
      const end = start + Number(declared);
      if (buf.length < end) break;
      frames.push({ flags, body: buf.subarray(start, end) });
      buf = buf.subarray(end);
    }
    // Keep only the partial frame, copied, so a large chunk is not held alive by a few leftover bytes.
    this.pending = Buffer.from(buf);
    return frames;
  }
}
