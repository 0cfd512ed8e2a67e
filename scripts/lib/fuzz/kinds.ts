/**
 * The kinds of frames the fuzzer sends, each with its default weight and a
 * generator that draws one frame from the seeded stream (random.ts). A frame
 * goes to one of five places: the request port (ROUTER 4506, through a
 * zeromq DEALER), the local client socket (ipc in sock_dir), the publish port
 * (XPUB 4505, through SUB, XSUB or DEALER sockets), or either port over raw
 * TCP. Generators depend only on the stream and the run's context, never on
 * replies or timing, so a seed fixes the sequence of frames.
 */
import { MAX_FRAME_BYTES } from '@brine/core/protocol/frame';
import { seal } from '@brine/core/crypto/secretbox';
import { mutateBytes, mutateStruct } from './mutate';
import type { Rng } from './random';
import {
  authRequest, envelope, LOCAL_COMMANDS, localRequest, MINION_COMMANDS, minionRequest, READ_ONLY_LOCAL_COMMANDS, type FuzzContext,
} from './templates';
import { EDGE_STRINGS, encode, longString, SHAPE } from './values';
import { holdPayload, payload } from './zmtp';

/** Where a frame goes. */
export type Place = 'request' | 'local' | 'publish' | 'tcp-request' | 'tcp-publish';

/** A zeromq message for the request port or the local socket; `reply` false when the master is expected to drop the connection instead. */
export interface ZmqFrame {
  place: 'request' | 'local';
  parts: Buffer[];
  reply: boolean;
}

/** An operation on the publish port: on one of a few SUB, XSUB or DEALER sockets (`slot`). */
export interface PublishFrame {
  place: 'publish';
  socket: 'sub' | 'xsub' | 'dealer';
  slot: number;
  /** `sub`: subscribe or unsubscribe `topic`, or close the socket and open a new one. */
  action: 'subscribe' | 'unsubscribe' | 'reopen' | 'send';
  topic: Buffer;
  /** `xsub` and `dealer`: the message to send. */
  parts: Buffer[];
}

/** Bytes for a raw TCP connection to a port; `hold` keeps the connection open (slowloris) instead of closing it soon. */
export interface TcpFrame {
  place: 'tcp-request' | 'tcp-publish';
  payload: Buffer;
  hold: boolean;
}

/** One fuzzed frame. */
export type Frame = ZmqFrame | PublishFrame | TcpFrame;

/** What generators may use besides the stream: the context and the bounds. */
export interface GenContext extends FuzzContext {
  /** Largest zeromq frame built (oversize frames aside), in bytes. */
  maxBytes: number;
  /** Largest subscription topic, in bytes. */
  maxTopic: number;
  /** The impersonated minion's shared box key with the master (sealed frames open under it). */
  shared: Uint8Array;
  /** Another minion's shared key: its boxes must not open as the first minion's. */
  otherShared: Uint8Array;
  /** The session ticket the fuzzer's own authentication as the first minion opened (sealed calls carry it). */
  ticket: Uint8Array;
  /** The last sequence number given to a sealed call under `ticket`; generators advance it (so the seed still fixes it). */
  seq: { last: number };
  /** The master's root key (local frames with the right key are read-only). */
  rootKey: string;
  /** Sockets per kind on the publish port. */
  publishSlots: number;
}

/** A kind: its default weight (its share of frames) and its generator. */
export interface Kind {
  weight: number;
  doc: string;
  gen(rng: Rng, c: GenContext): Frame;
}

const zmq = (place: 'request' | 'local', parts: Buffer[], reply = true): ZmqFrame => ({ place, parts, reply });

/** A request frame with `req`, packed after (sometimes) a structural mutation and (sometimes) byte mutations. */
function mutatedEnvelope(rng: Rng, c: GenContext, cmd: string, req: unknown, key?: string): Buffer {
  const mode = rng.weighted({ struct: 5, bytes: 4, both: 1 });
  const value = mode === 'bytes' ? envelope(rng, cmd, req, key) : mutateStruct(rng, envelope(rng, cmd, req, key), c.maxBytes);
  const packed = encode(rng, value);
  return (mode === 'struct' ? packed : mutateBytes(rng, packed, c.maxBytes)).subarray(0, c.maxBytes);
}

/**
 * The freshness of a sealed call: most often the next number under the run's ticket (so the call reaches its
 * handler), else a replayed or skipped-ahead number, a number the schema refuses, another ticket, or none.
 * Never a number that would leave later calls stale: a skip ahead is bounded and becomes the new last number.
 */
function freshness(rng: Rng, c: GenContext): Record<string, unknown> {
  const how = rng.weighted({ next: 12, replay: 2, ahead: 1, invalid: 1, otherTicket: 1, missing: 1 });
  if (how === 'missing') return rng.chance(0.5) ? {} : { ticket: c.ticket };
  if (how === 'invalid') return { ticket: c.ticket, seq: rng.pick<unknown>([0, -1, 1.5, NaN, Number.MAX_SAFE_INTEGER + 1, 2 ** 64, '1', null, [1]]) };
  if (how === 'otherTicket') return { ticket: rng.pick([rng.bytes(16), rng.bytes(rng.int(0, 40)), Buffer.alloc(16)]), seq: ++c.seq.last };
  if (how === 'replay') return { ticket: c.ticket, seq: Math.max(1, c.seq.last - rng.int(0, 2 * 1024)) };
  c.seq.last += how === 'ahead' ? rng.int(2, 100_000) : 1;
  return { ticket: c.ticket, seq: c.seq.last };
}

/** A sealed `req` frame from the impersonated minion, the sealed call mutated (or sealed wrongly) first. */
function sealedFrame(rng: Rng, c: GenContext): Buffer {
  const id = c.minions[0];
  const known = rng.pick(MINION_COMMANDS);
  // 1 in 20 names another command (unknown, or prototype-ish) with a known command's request.
  const cmd = rng.chance(0.95) ? known : rng.pick(EDGE_STRINGS);
  const call: Record<string, unknown> = { cmd, req: minionRequest(rng, c, known, id), tag: rng.bytes(16) };
  const how = rng.weighted({ valid: 3, struct: 10, plain: 1, otherKey: 1, randomKey: 1, flipped: 1, otherId: 1 });
  const mutated = how === 'struct' ? mutateStruct(rng, call, c.maxBytes) : call;
  // Freshness is added after the structural mutation, by its own rules: a mutation must not burn the ticket.
  const inner = typeof mutated === 'object' && mutated !== null && !Array.isArray(mutated) ? { ...mutated, ...freshness(rng, c) } : mutated;
  const plain = how === 'plain' ? mutateBytes(rng, encode(rng, inner), c.maxBytes) : encode(rng, inner);
  const key = how === 'otherKey' ? c.otherShared : how === 'randomKey' ? rng.bytes(32) : c.shared;
  const sealed = seal(key, plain);
  const box = how === 'flipped' ? mutateBytes(rng, sealed.box, c.maxBytes) : sealed.box;
  const sender = how === 'otherId' ? c.minions[1] ?? 'ghost' : id;
  return encode(rng, envelope(rng, 'req', { id: sender, nonce: sealed.nonce, box })).subarray(0, c.maxBytes);
}

/** A msgpack container header (array16/32, map16/32, or a bin/str/ext32 length) declaring `n` elements or bytes. */
function header(marker: number, n: number): Buffer {
  const wide = marker === 0xdd || marker === 0xdf || marker === 0xc6 || marker === 0xdb || marker === 0xc9;
  const b = Buffer.alloc(wide ? 5 : 3);
  b[0] = marker;
  if (wide) b.writeUInt32BE(n, 1);
  else b.writeUInt16BE(n & 0xffff, 1);
  return b;
}

/**
 * msgpack that costs a decoder more than its size: nested up to max-bytes
 * deep (a list of one list of one ... nil); one container or string whose
 * length prefix declares up to 4 Gi elements or bytes that are not there;
 * or a chain of such headers, each nested in the one before.
 */
function deepOrLying(rng: Rng, maxBytes: number): Buffer {
  const how = rng.weighted({ nested: 2, lying: 2, chain: 1 });
  if (how === 'nested') {
    const depth = rng.int(1, maxBytes - 1);
    const b = Buffer.alloc(depth + 1, rng.pick([0x91, 0x81]));
    if (b[0] === 0x81) for (let i = 1; i < depth; i += 2) b[i] = 0xc0; // maps alternate key (nil) and value
    b[depth] = 0xc0;
    return b;
  }
  const one = () => rng.chance(0.5)
    ? header(rng.pick([0xdd, 0xdf, 0xc6, 0xdb, 0xc9]), rng.pick([0xffffffff, 0x7fffffff, 0x01000000, 0x00100000, 0x10000]))
    : header(rng.pick([0xdc, 0xde]), rng.pick([0xffff, 0x8000, 0x1000]));
  if (how === 'lying') return Buffer.concat([one(), rng.bytes(rng.size(64))]);
  const first = one();
  return Buffer.concat(Array.from({ length: rng.int(2, Math.floor(maxBytes / first.length)) }, () => first));
}

/** A publish port operation of `socket` kind on a random slot. */
function publishOp(rng: Rng, c: GenContext, socket: PublishFrame['socket']): PublishFrame {
  const slot = rng.int(0, c.publishSlots - 1);
  const topic = rng.chance(0.1) ? Buffer.alloc(0) : rng.bytes(rng.int(1, c.maxTopic));
  if (socket === 'sub') {
    const action = rng.weighted({ subscribe: 6, unsubscribe: 3, reopen: 1 });
    return { place: 'publish', socket, slot, action, topic, parts: [] };
  }
  if (socket === 'dealer') return { place: 'publish', socket, slot, action: rng.chance(0.1) ? 'reopen' : 'send', topic, parts: [rng.bytes(rng.size(1024))] };
  // XSUB: a subscription or a cancellation as the wire carries them (first byte 1 or 0), or anything else.
  const parts = rng.weighted({ subscribe: 4, cancel: 2, garbage: 2, multipart: 1, empty: 1, reopen: 1 });
  const msg: Buffer[] =
    parts === 'subscribe' ? [Buffer.concat([Buffer.from([1]), topic])]
    : parts === 'cancel' ? [Buffer.concat([Buffer.from([0]), topic])]
    : parts === 'garbage' ? [rng.bytes(rng.size(c.maxTopic))]
    : parts === 'multipart' ? [Buffer.concat([Buffer.from([1]), topic]), rng.bytes(rng.size(64))]
    : [Buffer.alloc(0)];
  return { place: 'publish', socket, slot, action: parts === 'reopen' ? 'reopen' : 'send', topic, parts: msg };
}

/** A local client request of any command with a wrong credential: a random key of the right length or not, none, or not a string. */
function badKey(rng: Rng): string | undefined {
  return rng.pick([undefined, '', rng.bytes(32).toString('hex'), rng.bytes(rng.int(1, 40)).toString('hex'), longString(rng, rng.int(0, 2000))]);
}

/** Every kind, by name. */
export const KINDS = {
  'req-random': { weight: 8, doc: 'random bytes to the request port', gen: (rng, c) => zmq('request', [rng.bytes(rng.size(c.maxBytes))]) },
  'req-msgpack': {
    weight: 8,
    doc: 'msgpack of random shapes to the request port, bare or in a v1 envelope with any command',
    gen: (rng, c) => {
      const value = rng.chance(0.5) ? rng.draw(SHAPE) : envelope(rng, rng.pick(['auth', 'req', 'client_auth', 'client_req', ...LOCAL_COMMANDS, rng.pick(EDGE_STRINGS)]), rng.draw(SHAPE));
      return zmq('request', [encode(rng, value).subarray(0, c.maxBytes)]);
    },
  },
  'req-mutated': {
    weight: 16,
    doc: "mutated auth, sealed-request, remote clients' (client_auth, client_req) and local-client frames to the request port",
    gen: (rng, c) => {
      const which = rng.weighted({ auth: 2, req: 2, client_auth: 1, client_req: 1, local: 1 });
      const sealed = () => ({ id: c.minions[0], nonce: rng.bytes(24), box: rng.bytes(rng.size(256)) });
      const req = which === 'auth' || which === 'client_auth' ? authRequest(rng, c) : which === 'req' || which === 'client_req' ? sealed() : localRequest(rng, c, rng.pick(LOCAL_COMMANDS));
      return zmq('request', [mutatedEnvelope(rng, c, which === 'local' ? rng.pick(LOCAL_COMMANDS) : which, req)]);
    },
  },
  'req-multipart': {
    weight: 2,
    doc: 'messages of 2 to 4 parts (the port expects one), or one empty part, to the request port',
    gen: (rng, c) => rng.chance(0.2) ? zmq('request', [Buffer.alloc(0)]) : zmq('request', Array.from({ length: rng.int(2, 4) }, () => (rng.chance(0.5) ? encode(rng, envelope(rng, 'auth', authRequest(rng, c))) : rng.bytes(rng.size(256))))),
  },
  'req-deep': { weight: 1, doc: 'msgpack nested up to max-bytes deep, with lying length prefixes, or chains of them, to the request port', gen: (rng, c) => zmq('request', [deepOrLying(rng, c.maxBytes)]) },
  'req-oversize': {
    weight: 0.005,
    doc: 'one frame just over the 16 MiB limit (the master drops the connection)',
    gen: (rng) => zmq('request', [Buffer.alloc(MAX_FRAME_BYTES + 1, rng.int(0, 255))], false),
  },
  auth: { weight: 8, doc: 'well-formed auth requests: bounded pool ids, real ids with wrong keys, invalid ids', gen: (rng, c) => zmq('request', [encode(rng, envelope(rng, 'auth', authRequest(rng, c)))]) },
  sealed: {
    weight: 16,
    doc: 'sealed requests from an authenticated minion (its real keys), the sealed call valid or mutated, or sealed or addressed wrongly',
    gen: (rng, c) => zmq('request', [sealedFrame(rng, c)]),
  },
  'pub-sub': { weight: 3, doc: 'subscriptions, cancellations and reconnections of SUB sockets on the publish port', gen: (rng, c) => publishOp(rng, c, 'sub') },
  'pub-xsub': { weight: 3, doc: 'raw frames from XSUB sockets on the publish port: subscriptions, cancellations, garbage, multipart, empty', gen: (rng, c) => publishOp(rng, c, 'xsub') },
  'pub-dealer': { weight: 0.3, doc: 'a DEALER (the wrong socket type) on the publish port', gen: (rng, c) => publishOp(rng, c, 'dealer') },
  'local-badkey': {
    weight: 4,
    doc: 'well-formed local client requests of every command with a wrong, missing or mistyped root key',
    gen: (rng, c) => {
      const cmd = rng.pick(LOCAL_COMMANDS);
      const key = badKey(rng);
      const env = envelope(rng, cmd, localRequest(rng, c, cmd), key);
      if (rng.chance(0.1)) env.key = rng.pick<unknown>([1, null, [c.rootKey], { key: c.rootKey }, Buffer.from(c.rootKey)]);
      return zmq('local', [encode(rng, env)]);
    },
  },
  'local-malformed': {
    weight: 4,
    doc: 'random bytes, random msgpack and mutated requests on the local client socket, never with the right key',
    gen: (rng, c) => {
      const how = rng.weighted({ bytes: 1, shape: 1, mutated: 2 });
      if (how === 'bytes') return zmq('local', [rng.bytes(rng.size(c.maxBytes))]);
      if (how === 'shape') return zmq('local', [encode(rng, rng.draw(SHAPE)).subarray(0, c.maxBytes)]);
      const cmd = rng.pick(LOCAL_COMMANDS);
      return zmq('local', [mutatedEnvelope(rng, c, cmd, localRequest(rng, c, cmd), badKey(rng))]);
    },
  },
  'local-readonly': {
    weight: 3,
    doc: 'read-only local client requests with the right root key, their fields mutated (hostile targets, cursors, limits)',
    gen: (rng, c) => {
      const cmd = rng.pick(READ_ONLY_LOCAL_COMMANDS);
      const req = rng.chance(0.5) ? localRequest(rng, c, cmd) : mutateStruct(rng, localRequest(rng, c, cmd), c.maxBytes);
      // The command and the key are set after mutating: these frames can never publish or change a key.
      return zmq('local', [encode(rng, envelope(rng, cmd, req, c.rootKey))]);
    },
  },
  'tcp-request': { weight: 4, doc: 'raw TCP to the request port: random bytes, partial, mutated or foreign greetings, handshakes and lying frames', gen: (rng, c) => ({ place: 'tcp-request', payload: payload(rng, Math.min(4096, c.maxBytes)), hold: false }) },
  'tcp-publish': { weight: 4, doc: 'the same raw TCP payloads to the publish port', gen: (rng, c) => ({ place: 'tcp-publish', payload: payload(rng, Math.min(4096, c.maxBytes)), hold: false }) },
  'tcp-hold': {
    weight: 0.5,
    doc: 'half-open connections to either port held open (slowloris): a partial greeting, or a frame declaring more than ever comes',
    gen: (rng) => ({ place: rng.chance(0.5) ? 'tcp-request' : 'tcp-publish', payload: holdPayload(rng), hold: true }),
  },
} satisfies Record<string, Kind>;

/** A kind's name. */
export type KindName = keyof typeof KINDS;

/** Every kind's name. */
export const KIND_NAMES = Object.keys(KINDS) as KindName[];
