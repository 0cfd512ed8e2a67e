/**
 * The secret-box primitive: XSalsa20-Poly1305 (tweetnacl) under a 32-byte key,
 * either the session key (publications) or a per-minion shared box key
 * (requests, returns, replies). Only protocol/secure.ts composes it into
 * messages; daemons never call it directly.
 */
import nacl from 'tweetnacl';
import { ProtocolError } from '../errors';

/** A sealed payload: a 24-byte nonce and the ciphertext. */
export interface Sealed {
  nonce: Uint8Array;
  box: Uint8Array;
}

/** Encrypt and authenticate `plain` under `key` (32 bytes) with a fresh random nonce. */
export function seal(key: Uint8Array, plain: Uint8Array): Sealed {
  const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
  return { nonce, box: nacl.secretbox(plain, nonce, key) };
}

/**
 * Open a sealed payload.
 * @throws ProtocolError when the nonce is malformed or the box fails to authenticate under `key`
 */
export function open(key: Uint8Array, sealed: Sealed): Uint8Array {
  if (!(sealed.nonce instanceof Uint8Array) || sealed.nonce.length !== nacl.secretbox.nonceLength || !(sealed.box instanceof Uint8Array)) {
    throw new ProtocolError('malformed sealed payload');
  }
  const plain = nacl.secretbox.open(sealed.box, sealed.nonce, key);
  if (!plain) throw new ProtocolError('payload failed to decrypt');
  return plain;
}

/** A fresh random 32-byte key (session keys, the local client root key). */
export function randomKey(): Uint8Array {
  return nacl.randomBytes(32);
}
