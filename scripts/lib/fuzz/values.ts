/**
 * Values a fuzzed frame is made of, as fast-check arbitraries drawn with the
 * fuzzer's seeded stream (random.ts): scalars at the edges of their types,
 * strings that mean something to a parser, a path or a template, the field
 * names of protocol v1, and plain data of random shapes built from them
 * (maps, lists, Sets, Maps, typed arrays, dates, null-prototype objects,
 * `__proto__` keys). Also the msgpack encoders frames are packed with.
 */
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { pack } from '@brine/core/protocol/frame';
import type { Rng } from './random';

/** Numbers at the edges: of int32, uint32, doubles, safe integers, and the non-finite ones. */
export const EDGE_NUMBERS: readonly number[] = [
  0, -0, 1, -1, 0.5, -0.5, 255, 256, 65535, 65536, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 32 - 1, 2 ** 32, -(2 ** 32),
  2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, -Number.MAX_VALUE,
  Number.MIN_VALUE, Number.EPSILON, Infinity, -Infinity, NaN, 1e308, -1e-300, 16 * 1024 * 1024, 16 * 1024 * 1024 + 1,
];

/** 64-bit integers at the edges (msgpack int64/uint64; msgpackr decodes them as numbers or BigInts). */
export const EDGE_BIGINTS: readonly bigint[] = [2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n];

/** Strings that mean something to JavaScript objects, paths, targets, templates, logs or terminals. */
export const EDGE_STRINGS: readonly string[] = [
  '', '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__',
  '.', '..', '../../../../etc/passwd', '/etc/shadow', 'salt://../../etc/shadow', 'salt://top.sls', 'top.sls', 'C:\\Windows',
  'nul\0byte', 'a\nb', '\r\n[CRITICAL] forged', '\x1b[2J', '%s%s%n', '${jndi:ldap://x}', '{{7*7}}', '{{#each this}}{{/each}}',
  '*', '**', '?', '[', '.*', '(a+)+$', '(?<x>', 'G@os:*', 'L@minion1', 'E@(a|a)*b', 'not not', 'and or', 'I@x:y',
  'minion1', 'minion2', 'fuzz-1', 'test.ping', 'cmd.run', 'state.apply', 'cp.get_file', '_return', '_pillar', '_serve_file',
  '_missed_jobs', 'auth', 'req', 'client_auth', 'client_req', 'publish', 'key_event', 'base', 'prod', '20000101000000000000', '99999999999999999999', '-1',
  '\ud800', '\udfff', '\u202e', '\ufeff', 'ａｂｃ', '😀',
];

/** The field names of protocol v1's messages: swapping and re-typing them reaches deeper into the checks. */
export const PROTOCOL_KEYS: readonly string[] = [
  'v', 'rid', 'cmd', 'req', 'key', 'rep', 'ok', 'error', 'code', 'message', 'id', 'box', 'sign', 'token', 'nonce', 'tag',
  'jid', 'fun', 'arg', 'kwarg', 'tgt', 'tgt_type', 'delimiter', 'user', 'fun_args', 'return', 'retcode', 'success', 'started',
  'finished', 'out', 'grains', 'saltenv', 'path', 'loc', 'act', 'ids', 'rotate', 'after', 'limit', 'subset', 'gen', 'body', 'sig',
  'ticket', 'seq',
];

/** A scalar or a small binary: the leaves of random shapes. */
export const LEAF: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS),
  fc.constantFrom(...EDGE_BIGINTS),
  fc.constantFrom(...EDGE_STRINGS),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.uint8Array({ maxLength: 48 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
);

/** A map key: a protocol field name, a prototype-ish name, or any short string. */
export const KEY: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...PROTOCOL_KEYS), fc.constantFrom(...EDGE_STRINGS), fc.string({ maxLength: 10 }));

/** Data of a random shape, up to 4 levels and 8 keys per map, with class instances msgpackr can encode as extensions. */
export const SHAPE: fc.Arbitrary<unknown> = fc.anything({
  key: KEY,
  values: [LEAF],
  maxDepth: 4,
  maxKeys: 8,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withTypedArray: true,
  withSparseArray: true,
});

/** msgpackr with its extensions on: records, structured clone, typed arrays... (what the master must refuse). */
const extPackr = new Packr({ useRecords: true, structuredClone: true, moreTypes: true, useFloat32: 1 });

/**
 * msgpack-encode `value` the way brine does, or (1 time in 8) with msgpackr's
 * extensions. A value neither can encode (a BigInt out of range, say) becomes
 * random bytes, drawn from `rng` so the stream stays the same for a seed.
 */
export function encode(rng: Rng, value: unknown): Buffer {
  const ext = rng.chance(0.125);
  try {
    return ext ? extPackr.pack(value) : pack(value);
  } catch {
    return rng.bytes(rng.size(256));
  }
}

/** A string of `n` characters: repeated, random ASCII, or random code units (lone surrogates included). */
export function longString(rng: Rng, n: number): string {
  switch (rng.int(0, 2)) {
    case 0:
      return rng.pick(['A', '../', '\0', '%', '*', '😀']).repeat(Math.ceil(n / 3)).slice(0, n);
    case 1:
      return rng.bytes(Math.ceil(n * 0.75)).toString('base64').slice(0, n);
    default:
      return rng.bytes(2 * n).toString('utf16le');
  }
}
