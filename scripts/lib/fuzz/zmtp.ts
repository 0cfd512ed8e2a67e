/**
 * Raw ZMTP bytes for the TCP-level fuzzing of both ports (RFC 23, ZMTP 3.0/3.1,
 * and the 1.0/2.0 greetings libzmq still recognises): whole or partial
 * greetings, READY handshakes for any socket type, message and command
 * frames, long frames whose 8-byte length declares far more than follows.
 * What follows a greeting is built here; what to send and how long to hold
 * the connection is decided in kinds.ts.
 */
import { command, frame, greeting, ready } from '@brine/core/transport/zmtp/wire';
import { mutateBytes } from './mutate';
import type { Rng } from './random';

/** Socket types a READY may announce; the master's ports accept only some (PUB takes SUB/XSUB, ROUTER takes DEALER/REQ/ROUTER). */
const SOCKET_TYPES = ['DEALER', 'SUB', 'XSUB', 'PUB', 'XPUB', 'REQ', 'REP', 'ROUTER', 'PAIR', 'PUSH', 'PULL', 'STREAM', 'CLIENT', ''];
/** Command names: ZMTP's own, and others. */
const COMMANDS = ['READY', 'ERROR', 'SUBSCRIBE', 'CANCEL', 'PING', 'PONG', 'HELLO', 'WELCOME', 'INITIATE', 'X', ''];

/** A declared frame length: small, at the 16 MiB frame limit, or absurd (up to 2^63 - 1). */
function declaredLength(rng: Rng): number | bigint {
  return rng.pick<number | bigint>([0, 1, 255, 256, 16 * 1024 * 1024, 16 * 1024 * 1024 + 1, 2 ** 31, 2 ** 32 + 1, 2 ** 40, 2n ** 62n, 2n ** 63n - 1n]);
}

/** A long frame header declaring `declared` bytes, followed by `body` (usually far fewer). */
function lyingFrame(flags: number, declared: number | bigint, body: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head[0] = (flags & 0xfd) | 0x02;
  head.writeBigUInt64BE(BigInt(declared), 1);
  return Buffer.concat([head, body]);
}

/** One frame after the handshake: a message part, a subscription, a command, or a frame whose length lies. */
function anyFrame(rng: Rng, maxBytes: number): Buffer {
  const body = rng.bytes(rng.size(maxBytes));
  switch (rng.int(0, 5)) {
    case 0:
      return frame(rng.chance(0.3) ? 0x01 : 0, body);
    case 1:
      return frame(0, Buffer.concat([Buffer.from([rng.pick([0, 1])]), body.subarray(0, 64)]));
    case 2:
      return command(rng.pick(COMMANDS), body.subarray(0, 64));
    case 3:
      return lyingFrame(rng.int(0, 7), declaredLength(rng), body.subarray(0, 64));
    case 4:
      return frame(rng.int(0, 255), body);
    default:
      return body;
  }
}

/**
 * A TCP payload for a ZMTP port: random bytes, a partial or mutated
 * greeting, an old-version or unknown-mechanism greeting, or a full
 * greeting, a READY for some socket type and a few frames.
 * @returns at most about `maxBytes` bytes plus a 64-byte greeting
 */
export function payload(rng: Rng, maxBytes: number): Buffer {
  switch (rng.weighted({ random: 2, partial: 2, mutated: 2, old: 1, mechanism: 1, session: 6 })) {
    case 'random':
      return rng.bytes(rng.size(maxBytes));
    case 'partial':
      return greeting('NULL', rng.int(0, 1)).subarray(0, rng.int(0, 63));
    case 'mutated':
      return mutateBytes(rng, Buffer.concat([greeting('NULL', rng.int(0, 1)), ready(rng.pick(SOCKET_TYPES))]), maxBytes);
    case 'old':
      // ZMTP 1.0 (a length-prefixed identity) or 2.0 (revision 1, then the socket type as a byte).
      return rng.chance(0.5) ? Buffer.concat([Buffer.from([rng.int(0, 255), 0]), rng.bytes(rng.int(0, 64))]) : Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 1, rng.int(0, 12), 0, 0]);
    case 'mechanism':
      return Buffer.concat([greeting(rng.pick(['PLAIN', 'CURVE', 'GSSAPI', 'X'.repeat(20), '']), rng.int(0, 255)), rng.bytes(rng.size(256))]);
    default: {
      const parts = [greeting('NULL', rng.int(0, 1)), ready(rng.pick(SOCKET_TYPES), rng.chance(0.3) ? [[rng.pick(['Identity', 'X', '']), rng.bytes(rng.int(0, 300))]] : [])];
      for (let n = rng.int(0, 4); n > 0; n--) parts.push(anyFrame(rng, maxBytes));
      return Buffer.concat(parts);
    }
  }
}

/**
 * The start of a connection to hold open (slowloris): a few bytes of a
 * greeting, or a whole handshake then a long frame that declares more bytes
 * than will ever come.
 */
export function holdPayload(rng: Rng): Buffer {
  if (rng.chance(0.5)) return greeting().subarray(0, rng.int(1, 63));
  return Buffer.concat([greeting(), ready(rng.pick(['DEALER', 'SUB', 'XSUB'])), lyingFrame(0, declaredLength(rng), rng.bytes(rng.int(0, 512)))]);
}
