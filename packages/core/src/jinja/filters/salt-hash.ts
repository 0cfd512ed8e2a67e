/**
 * Salt 3006's hashing and encoding filters (salt/utils/hashutils.py,
 * salt/utils/jinja.py uuid): md5, sha1, sha256, sha512, base64_encode,
 * base64_decode, hmac, hmac_compute, random_hash (alias rand_str), uuid.
 * Text is hashed as its UTF-8 bytes (salt.utils.stringutils.to_bytes).
 */
import { createHash, createHmac, getHashes, randomInt } from 'node:crypto';
import { PyError, Undefined, pyStr, typeName } from '../runtime/values';
import { defineFilter, p } from './define';
import { toPyInt } from './py-numbers';
import type { FilterFn } from './types';

/**
 * salt.utils.stringutils.to_bytes / to_str on a str: its UTF-8 bytes.
 * @throws PyError TypeError `expected str, bytes, or bytearray not <class 'int'>`
 */
function utf8(value: unknown): Buffer {
  if (value instanceof Undefined) value.fail();
  if (typeof value !== 'string') throw new PyError('TypeError', `expected str, bytes, or bytearray not <class '${typeName(value)}'>`);
  return Buffer.from(value, 'utf8');
}

/** A hexdigest filter for hashlib's `algorithm`. */
function digest(fname: string, algorithm: string): FilterFn {
  return defineFilter(fname, [p('instr')], (_ctx, [instr]) => createHash(algorithm).update(utf8(instr)).digest('hex'));
}

/** hashlib's constructor names, as node:crypto names them. */
const HASHLIB: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
};

/**
 * Python's base64.b64decode (not validating): characters outside the
 * alphabet dropped, then the padding checked.
 * @throws PyError binascii.Error `Incorrect padding` and the data-length message
 */
function b64decode(text: Buffer): Buffer {
  const cleaned = text.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, '');
  const data = cleaned.replace(/=.*$/s, '');
  if (data.length % 4 === 1) {
    throw new PyError('binascii.Error', `Invalid base64-encoded string: number of data characters (${data.length}) cannot be 1 more than a multiple of 4`);
  }
  const pads = cleaned.slice(data.length).replace(/[^=]/g, '').length;
  if (pads < (4 - (data.length % 4)) % 4) throw new PyError('binascii.Error', 'Incorrect padding');
  return Buffer.from(data, 'base64');
}

/** salt.utils.stringutils.to_unicode of decoded bytes (Salt returns the bytes when they are not UTF-8; brine raises). */
function fromUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PyError('UnicodeDecodeError', "'utf-8' codec can't decode the decoded bytes: Salt would return bytes, which templates here cannot hold");
  }
}

/** The namespace uuid Salt's `uuid` filter derives names in. */
const GLOBAL_UUID = Buffer.from('91633EBF1C865E33935A28061F4B480E', 'hex');

/** Python's uuid.uuid5(namespace, name): SHA-1 of both, version 5, RFC 4122 variant. */
function uuid5(namespace: Buffer, name: Buffer): string {
  const hash = createHash('sha1').update(namespace).update(name).digest().subarray(0, 16);
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `random_hash(size=9999999999, hash_type=None)`: the hexdigest (md5 by
 * default) of a random int in [0, size], as str.
 * @throws PyError AttributeError `module 'hashlib' has no attribute 'x'`
 */
const randomHash = defineFilter('random_hash', [p('size', 9999999999), p('hash_type', null)], (_ctx, [size, hashType]) => {
  const name = hashType === null || hashType === '' || hashType === false ? 'md5' : pyStr(hashType);
  const algorithm = HASHLIB[name];
  if (!algorithm || !getHashes().includes(algorithm)) throw new PyError('AttributeError', `module 'hashlib' has no attribute '${name}'`);
  const max = toPyInt(size);
  if (max < 0) throw new PyError('ValueError', `empty range for randrange() (0, ${max + 1}, ${max + 1})`);
  const n = max < 2 ** 48 - 1 ? randomInt(0, max + 1) : Math.floor(Math.random() * (max + 1));
  return createHash(algorithm).update(String(n)).digest('hex');
});

/** Salt's hashing and encoding filters, by name. */
export const SALT_HASH_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['md5', digest('md5_digest', 'md5')],
  ['sha1', digest('sha1_digest', 'sha1')],
  ['sha256', digest('sha256_digest', 'sha256')],
  ['sha512', digest('sha512_digest', 'sha512')],
  ['base64_encode', defineFilter('base64_b64encode', [p('instr')], (_ctx, [instr]) => utf8(instr).toString('base64'))],
  ['base64_decode', defineFilter('base64_b64decode', [p('instr')], (_ctx, [instr]) => fromUtf8(b64decode(utf8(instr))))],
  [
    'hmac',
    defineFilter('hmac_signature', [p('string'), p('shared_secret'), p('challenge_hmac')], (_ctx, [string, secret, challenge]) =>
      createHmac('sha256', utf8(secret)).update(utf8(string)).digest('base64') === utf8(challenge).toString('utf8'),
    ),
  ],
  [
    'hmac_compute',
    defineFilter('hmac_compute', [p('string'), p('shared_secret')], (_ctx, [string, secret]) => createHmac('sha256', utf8(secret)).update(utf8(string)).digest('hex')),
  ],
  ['random_hash', randomHash],
  ['rand_str', randomHash],
  ['uuid', defineFilter('uuid_', [p('val')], (_ctx, [val]) => uuid5(GLOBAL_UUID, utf8(val)))],
];
