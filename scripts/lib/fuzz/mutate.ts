/**
 * Mutations of valid frames, as fuzzers make them: on the encoded bytes (bit
 * flips, bytes that are msgpack type markers or length prefixes,
 * truncations, insertions, deletions, duplications) and on the decoded
 * structure (a field removed, renamed, swapped with another, re-typed,
 * replaced by an edge value, a long string, a random shape or a deep
 * nesting; a `__proto__`, `constructor` or protocol key added). Every
 * choice comes from the seeded stream; every result is bounded in size.
 */
import { EDGE_NUMBERS, EDGE_STRINGS, KEY, LEAF, longString, SHAPE } from './values';
import type { Rng } from './random';

/** Bytes that mean something to a msgpack decoder: type markers of every width, and the never-used 0xc1. */
const MARKER_BYTES = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcf, 0xd3, 0xd4, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff];

/** Deepest nesting a structural mutation builds (msgpackr encodes recursively); deeper ones are made as bytes (kinds.ts). */
const MAX_STRUCT_DEPTH = 500;

/** One byte-level mutation of `b` (a copy when it changes length; `b` itself may be written). */
function mutateOnce(rng: Rng, b: Buffer, maxBytes: number): Buffer {
  const at = () => rng.int(0, Math.max(0, b.length - 1));
  switch (rng.int(0, 7)) {
    case 0:
      if (b.length) b[at()] ^= 1 << rng.int(0, 7);
      return b;
    case 1:
      if (b.length) b[at()] = rng.pick(MARKER_BYTES);
      return b;
    case 2:
      return b.subarray(0, rng.int(0, b.length));
    case 3: {
      const i = rng.int(0, b.length);
      return Buffer.concat([b.subarray(0, i), rng.bytes(rng.size(Math.min(256, maxBytes))), b.subarray(i)]);
    }
    case 4: {
      const i = at();
      return Buffer.concat([b.subarray(0, i), b.subarray(Math.min(b.length, i + rng.int(1, 16)))]);
    }
    case 5: {
      const i = at();
      const piece = b.subarray(i, i + rng.int(1, 64));
      return Buffer.concat([b.subarray(0, i), piece, piece, b.subarray(i)]);
    }
    case 6: {
      // A length prefix or a number at its largest: 0xff... over 1 to 8 bytes.
      const i = at();
      b.fill(0xff, i, Math.min(b.length, i + rng.int(1, 8)));
      return b;
    }
    default: {
      const i = at();
      b.fill(0, i, Math.min(b.length, i + rng.int(1, 8)));
      return b;
    }
  }
}

/**
 * One to four byte-level mutations of a copy of `bytes`.
 * @returns at most `maxBytes` bytes
 */
export function mutateBytes(rng: Rng, bytes: Uint8Array, maxBytes: number): Buffer {
  let b: Buffer = Buffer.from(bytes);
  for (let n = rng.int(1, 4); n > 0; n--) b = mutateOnce(rng, b, maxBytes);
  return b.length > maxBytes ? b.subarray(0, maxBytes) : b;
}

/** A container in a value tree, and the key of one of its slots. */
interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
}

/** Every slot of the plain maps and lists of `root` (breadth first, at most 200); class instances are leaves. */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const queue: unknown[] = [root];
  while (queue.length && out.length < 200) {
    const node = queue.shift();
    if (Array.isArray(node)) {
      node.forEach((v, i) => (out.push({ parent: node, key: i }), queue.push(v)));
    } else if (typeof node === 'object' && node !== null && [Object.prototype, null].includes(Object.getPrototypeOf(node))) {
      const map = node as Record<string, unknown>;
      for (const k of Object.keys(map)) out.push({ parent: map, key: k }), queue.push(map[k]);
    }
  }
  return out;
}

/** Set `key` of `map` as an own, enumerable property, even `__proto__` (which assignment would not make a key). */
function define(map: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value of another type than `v`, or a value at the edge of its own type. */
function retype(rng: Rng, v: unknown, maxBytes: number): unknown {
  switch (rng.int(0, 9)) {
    case 0:
      return rng.pick(EDGE_NUMBERS);
    case 1:
      return rng.pick(EDGE_STRINGS);
    case 2:
      return longString(rng, rng.int(0, maxBytes));
    case 3:
      return rng.bytes(rng.pick([0, 1, 15, 16, 17, 23, 24, 25, 31, 32, 33, 63, 64, 65, rng.size(maxBytes)]));
    case 4:
      return [v];
    case 5:
      return { [rng.draw(KEY)]: v };
    case 6:
      return typeof v === 'number' ? String(v) : typeof v === 'string' ? Number(v) : null;
    case 7: {
      let nest: unknown = v;
      for (let d = rng.int(1, MAX_STRUCT_DEPTH); d > 0; d--) nest = rng.chance(0.5) ? [nest] : { a: nest };
      return nest;
    }
    case 8:
      return rng.draw(SHAPE);
    default:
      return rng.draw(LEAF);
  }
}

/** One structural mutation of `root` (mutated in place, or replaced: the result is the new root). */
function mutateStructOnce(rng: Rng, root: unknown, maxBytes: number): unknown {
  const all = slots(root);
  if (all.length === 0 || rng.chance(0.03)) return retype(rng, root, maxBytes);
  const { parent, key } = rng.pick(all);
  const value = (parent as Record<string | number, unknown>)[key];
  switch (rng.int(0, 5)) {
    case 0:
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key as string];
      return root;
    case 1:
      // Add: a slot more, with a copy of this value or a leaf.
      define(parent, Array.isArray(parent) ? parent.length : rng.draw(KEY), rng.chance(0.5) ? value : rng.draw(LEAF));
      return root;
    case 2: {
      // Rename: the value moves to another key (a protocol field name, a prototype-ish one, anything).
      if (Array.isArray(parent)) return root;
      delete parent[key as string];
      define(parent, rng.draw(KEY), value);
      return root;
    }
    case 3: {
      const other = rng.pick(all);
      const otherValue = (other.parent as Record<string | number, unknown>)[other.key];
      define(other.parent, other.key, value);
      define(parent, key, otherValue);
      return root;
    }
    default:
      define(parent, key, retype(rng, value, maxBytes));
      return root;
  }
}

/**
 * One to three structural mutations of `value`, which is changed in place
 * (pass a fresh copy).
 * @returns the mutated value (the root itself may be replaced)
 */
export function mutateStruct(rng: Rng, value: unknown, maxBytes: number): unknown {
  let root = value;
  for (let n = rng.int(1, 3); n > 0; n--) root = mutateStructOnce(rng, root, maxBytes);
  return root;
}
