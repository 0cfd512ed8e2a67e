import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fingerprint, formatPublicKeys, generateKeys, loadOrCreateKeys, parsePublicKeys, sharedKey, sign, verifierFor, verify } from '@brine/core/crypto/keys';
import nacl from 'tweetnacl';
import { open, seal } from '@brine/core/crypto/secretbox';

test('keys are created once, private file 0600, and reload identically', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-keys-'));
  const a = loadOrCreateKeys(path.join(dir, 'pki'), 'minion');
  const b = loadOrCreateKeys(path.join(dir, 'pki'), 'minion');
  expect(Buffer.from(a.pub.sign).equals(Buffer.from(b.pub.sign))).toBe(true);
  // The reloaded box secret is the same key: it derives the same shared key with a peer.
  const peer = generateKeys();
  expect(Buffer.from(sharedKey(b, peer.pub.box)).equals(Buffer.from(sharedKey(peer, a.pub.box)))).toBe(true);
  expect(fs.statSync(path.join(dir, 'pki', 'minion.pem')).mode & 0o777).toBe(0o600);
  expect(fs.statSync(path.join(dir, 'pki')).mode & 0o777).toBe(0o700);
  const text = fs.readFileSync(path.join(dir, 'pki', 'minion.pub'), 'utf8');
  expect(text).toBe(formatPublicKeys(a.pub));
  expect(fingerprint(text)).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  fs.rmSync(dir, { recursive: true });
});

test('a key file written by tweetnacl loads to the same public keys, and its signatures verify under tweetnacl', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-keys-'));
  const box = nacl.box.keyPair();
  const seed = nacl.randomBytes(32);
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  fs.writeFileSync(path.join(dir, 'master.pem'), JSON.stringify({ box: b64(box.secretKey), sign: b64(seed) }));
  const k = loadOrCreateKeys(dir, 'master');
  expect(Buffer.from(k.pub.box).equals(Buffer.from(box.publicKey))).toBe(true);
  expect(Buffer.from(k.pub.sign).equals(Buffer.from(nacl.sign.keyPair.fromSeed(seed).publicKey))).toBe(true);
  const data = Buffer.from('job');
  expect(nacl.sign.detached.verify(Buffer.concat([Buffer.from('pub'), Buffer.alloc(1), data]), sign(k.signer, 'pub', data), k.pub.sign)).toBe(true);
  fs.rmSync(dir, { recursive: true });
});

test('signatures verify only for the signer and the exact data', () => {
  const k = generateKeys();
  const other = generateKeys();
  const data = Buffer.from('publication body');
  const sig = sign(k.signer, 'pub', data);
  expect(verify(verifierFor(k.pub.sign), 'pub', data, sig)).toBe(true);
  expect(verify(verifierFor(other.pub.sign), 'pub', data, sig)).toBe(false);
  expect(verify(verifierFor(k.pub.sign), 'pub', Buffer.from('publication bodY'), sig)).toBe(false);
  // a signature made for one kind of message never passes as another
  expect(verify(verifierFor(k.pub.sign), 'rotate', data, sig)).toBe(false);
  expect(verify(verifierFor(k.pub.sign), 'pub', data, 'not bytes')).toBe(false);
  expect(verify(verifierFor(k.pub.sign), 'pub', data, new Uint8Array(63))).toBe(false);
});

test('both sides derive the same shared key; a sealed payload opens only with it', () => {
  const master = generateKeys();
  const minion = generateKeys();
  const k1 = sharedKey(master, minion.pub.box);
  const k2 = sharedKey(minion, master.pub.box);
  expect(Buffer.from(k1).equals(Buffer.from(k2))).toBe(true);
  // exactly NaCl's box.before
  const masterSecret = Buffer.from(master.boxKey.export({ format: 'jwk' }).d!, 'base64url');
  expect(Buffer.from(k1).equals(Buffer.from(nacl.box.before(minion.pub.box, masterSecret)))).toBe(true);
  const sealed = seal(k1, Buffer.from('return'));
  expect(Buffer.from(open(k2, sealed)).toString()).toBe('return');
  expect(() => open(sharedKey(generateKeys(), master.pub.box), sealed)).toThrow('payload failed to decrypt');
  expect(() => open(k1, { nonce: new Uint8Array(3), box: sealed.box })).toThrow('malformed sealed payload');
});

test('a malformed public key file is refused', () => {
  expect(() => parsePublicKeys('nope', 'minions/x')).toThrow('minions/x: not a brine public key file');
  expect(() => parsePublicKeys('{"box":"AAAA","sign":"AAAA"}')).toThrow('expected 32 bytes');
});
