/**
 * Daemon key pairs: a NaCl box (X25519) pair for key exchange and an Ed25519
 * signing pair, 32 random bytes each on first start, kept in pki_dir as
 * `<name>.pub` (public, 0644) and `<name>.pem` (private, 0600). Public keys
 * are derived, and signing, verification and key exchange done, by Node's
 * `crypto` (OpenSSL): the same results as tweetnacl's, which the tests check,
 * at a small fraction of the cost.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nacl from 'tweetnacl';
import { ensureDir, writeFileAtomic } from '../paths';

/** The public half of a daemon's keys: 32-byte box and signing public keys. */
export interface PublicKeys {
  box: Uint8Array;
  sign: Uint8Array;
}

/** A daemon's full key set. `signer` is a Node KeyObject for fast Ed25519 signing. */
export interface KeyPair {
  pub: PublicKeys;
  /** The X25519 box secret as a Node key object (see {@link sharedKey}). */
  boxKey: crypto.KeyObject;
  signer: crypto.KeyObject;
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const unb64 = (s: unknown, len: number, what: string): Uint8Array => {
  const buf = typeof s === 'string' ? Buffer.from(s, 'base64') : Buffer.alloc(0);
  if (buf.length !== len) throw new Error(`${what}: expected ${len} bytes of base64`);
  return new Uint8Array(buf);
};

/** Serialize public keys as the text stored in `<name>.pub` and in pki_dir/minions/<id>. */
export function formatPublicKeys(pub: PublicKeys): string {
  return JSON.stringify({ box: b64(pub.box), sign: b64(pub.sign) }) + '\n';
}

/** Parse public key text. @throws Error when it is not two 32-byte keys */
export function parsePublicKeys(text: string, what = 'public key'): PublicKeys {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${what}: not a brine public key file`);
  }
  return { box: unb64(j.box, 32, what), sign: unb64(j.sign, 32, what) };
}

/** True when both public key sets are byte-for-byte the same. */
export function sameKeys(a: PublicKeys, b: PublicKeys): boolean {
  return Buffer.from(a.box).equals(b.box) && Buffer.from(a.sign).equals(b.sign);
}

/** Node KeyObject for a raw 32-byte Ed25519 public key (cache it: creating one costs ~20 µs). */
export function verifierFor(signPub: Uint8Array): crypto.KeyObject {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(signPub).toString('base64url') }, format: 'jwk' });
}

/** DER prefixes of raw 32-byte private keys (PKCS#8), for Node's crypto. */
const PKCS8 = { x25519: Buffer.from('302e020100300506032b656e04220420', 'hex'), ed25519: Buffer.from('302e020100300506032b657004220420', 'hex') };

/**
 * A raw 32-byte X25519 secret or Ed25519 seed as a Node private key object, with its public key, derived
 * by OpenSSL: ~0.7 ms, where tweetnacl's JavaScript takes ~2 ms (box) and ~4-7 ms (sign), which every
 * minion paid at start.
 */
function privateKey(kind: keyof typeof PKCS8, secret: Uint8Array): { key: crypto.KeyObject; pub: Uint8Array } {
  const key = crypto.createPrivateKey({ key: Buffer.concat([PKCS8[kind], secret]), format: 'der', type: 'pkcs8' });
  const x = crypto.createPublicKey(key).export({ format: 'jwk' }).x;
  return { key, pub: new Uint8Array(Buffer.from(String(x), 'base64url')) };
}

/** The key pair of a box secret and a signing seed (32 random bytes each). */
function keyPair(boxSecret: Uint8Array, seed: Uint8Array): KeyPair {
  const box = privateKey('x25519', boxSecret);
  const sign = privateKey('ed25519', seed);
  return { pub: { box: box.pub, sign: sign.pub }, boxKey: box.key, signer: sign.key };
}

/** What is signed: the message kind, a NUL, then the body, so a signature made for one kind never verifies as another. */
function signed(kind: string, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(kind), Buffer.alloc(1), data]);
}

/** Ed25519 signature (64 bytes) of `data` as a message of `kind` ('pub', 'rotate', 'hello', 'accepted', 'auth_reply'). */
export function sign(signer: crypto.KeyObject, kind: string, data: Uint8Array): Uint8Array {
  return crypto.sign(null, signed(kind, data), signer);
}

/** True when `sig` is a valid signature of `data` as a message of `kind` by `verifier`; false for any malformed input. */
export function verify(verifier: crypto.KeyObject, kind: string, data: Uint8Array, sig: unknown): boolean {
  if (!(sig instanceof Uint8Array) || sig.length !== 64) return false;
  try {
    return crypto.verify(null, signed(kind, data), verifier, sig);
  } catch {
    return false;
  }
}

/** Fresh random key pairs. */
export function generateKeys(): KeyPair {
  return keyPair(crypto.randomBytes(32), crypto.randomBytes(32));
}

/**
 * Load `<dir>/<name>.pem` and `.pub`, creating them (private file 0600, directory 0700) when absent.
 * @throws Error when an existing key file is unreadable or malformed
 */
export function loadOrCreateKeys(dir: string, name: string): KeyPair {
  const pem = path.join(dir, `${name}.pem`);
  const pubFile = path.join(dir, `${name}.pub`);
  ensureDir(dir);
  if (!fs.existsSync(pem)) {
    const [boxSecret, seed] = [crypto.randomBytes(32), crypto.randomBytes(32)];
    writeFileAtomic(pem, JSON.stringify({ box: b64(boxSecret), sign: b64(seed) }) + '\n', 0o600);
    writeFileAtomic(pubFile, formatPublicKeys(keyPair(boxSecret, seed).pub), 0o644);
  }
  return loadKeys(pem);
}

/**
 * Load the key pair of the private key file `pem` (`<name>.pem`, as {@link loadOrCreateKeys} writes it), creating nothing.
 * @throws Error when the file is missing, unreadable or malformed
 */
export function loadKeys(pem: string): KeyPair {
  let secret: Record<string, unknown>;
  try {
    secret = JSON.parse(fs.readFileSync(pem, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${pem}: not a readable brine private key (${(err as Error).message})`);
  }
  return keyPair(unb64(secret.box, 32, pem), unb64(secret.sign, 32, pem));
}

/**
 * Salt-style fingerprint of public keys: the hash (SHA-256 unless `hashType` names another, as Salt's
 * `hash_type`) of the key file text, as colon-separated hex pairs (`01:b0:ff:...`): what `salt-key -f`
 * prints, and the minion's `key.finger`.
 * @throws Error when Node's crypto has no hash named `hashType`
 */
export function fingerprint(pubText: string, hashType = 'sha256'): string {
  return crypto.createHash(hashType).update(pubText).digest('hex').match(/../g)!.join(':');
}

/** HSalsa20's core: writes 32 bytes to `out` from a 16-byte input, a 32-byte key and a 16-byte constant. */
type HSalsa20 = (out: Uint8Array, inp: Uint8Array, k: Uint8Array, c: Uint8Array) => number;

/**
 * tweetnacl's HSalsa20 core (`nacl.lowlevel.crypto_core_hsalsa20`), present at
 * runtime but missing from its type declarations.
 * @throws Error at load when this tweetnacl lacks it
 */
function tweetnaclHsalsa20(): HSalsa20 {
  const lowlevel: unknown = Reflect.get(nacl, 'lowlevel');
  const core: unknown = typeof lowlevel === 'object' && lowlevel !== null ? Reflect.get(lowlevel, 'crypto_core_hsalsa20') : undefined;
  if (typeof core !== 'function') throw new Error('tweetnacl has no lowlevel.crypto_core_hsalsa20');
  return (out, inp, k, c) => Number(Reflect.apply(core, undefined, [out, inp, k, c]));
}
const hsalsa20 = tweetnaclHsalsa20();
/** HSalsa20's constant, "expand 32-byte k". */
const SIGMA = new Uint8Array(Buffer.from('expand 32-byte k'));

/**
 * The shared secret-box key between our box secret and a peer's box public
 * key: exactly `nacl.box.before`, computed as X25519 with Node's crypto then
 * tweetnacl's HSalsa20 core, ~30 times faster (~0.1 ms instead of ~3 ms
 * here), which keeps an authentication storm cheap for the master.
 */
export function sharedKey(own: Pick<KeyPair, 'boxKey'>, peerBoxPub: Uint8Array): Uint8Array {
  // As a JWK: OpenSSL 3 decodes a DER SPKI key through its decoder chain, ~5 times slower (150 µs against 30 µs).
  const publicKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(peerBoxPub).toString('base64url') }, format: 'jwk' });
  const out = new Uint8Array(32);
  hsalsa20(out, new Uint8Array(16), crypto.diffieHellman({ privateKey: own.boxKey, publicKey }), SIGMA);
  return out;
}
