/**
 * The key module against real key files: the fingerprint of minion.pub and minion_master.pub as salt-key
 * prints fingerprints (the hash of the file's text in colon-separated hex pairs), '' without a key file,
 * and no file created by asking.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatPublicKeys, generateKeys, loadOrCreateKeys } from '@brine/core/crypto/keys';
import { SaltInvocationError } from '@brine/core/errors';
import { Loader } from '@brine/core/loader/loader';
import { MODULES } from '@brine/modules/index';
import { callContext, minionConfig } from '../helpers/exec-context';

let dir: string;
let pki: string;
let call: (fun: string, kwarg?: Record<string, unknown>) => Promise<unknown>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-key-'));
  pki = path.join(dir, 'pki');
  const base = callContext(dir, {}, new AbortController().signal, { opts: minionConfig(dir, { pki_dir: pki }) });
  const loader = new Loader(MODULES, base.opts, {});
  call = (fun, kwarg = {}) => loader.call(fun, [], kwarg, base);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The hash of `file`'s bytes as colon-separated hex pairs, computed here independently. */
const hexPairs = (file: string, hash = 'sha256') => crypto.createHash(hash).update(fs.readFileSync(file)).digest('hex').replace(/(..)(?!$)/g, '$1:');

test('without keys, key.finger and key.finger_master return an empty string and create nothing', async () => {
  await expect(call('key.finger')).resolves.toBe('');
  await expect(call('key.finger_master')).resolves.toBe('');
  expect(fs.existsSync(pki)).toBe(false);
});

test("key.finger is the fingerprint of the minion's public key file", async () => {
  loadOrCreateKeys(pki, 'minion');
  const want = hexPairs(path.join(pki, 'minion.pub'));
  expect(want).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  await expect(call('key.finger')).resolves.toBe(want);
  await expect(call('key.finger', { hash_type: 'md5' })).resolves.toBe(hexPairs(path.join(pki, 'minion.pub'), 'md5'));
  await expect(call('key.finger_master')).resolves.toBe('');
});

test("key.finger_master is the fingerprint of the pinned master key", async () => {
  fs.mkdirSync(pki, { recursive: true });
  fs.writeFileSync(path.join(pki, 'minion_master.pub'), formatPublicKeys(generateKeys().pub));
  await expect(call('key.finger_master')).resolves.toBe(hexPairs(path.join(pki, 'minion_master.pub')));
});

test('an unknown hash_type is refused', async () => {
  await expect(call('key.finger', { hash_type: 'nosuch' })).rejects.toBeInstanceOf(SaltInvocationError);
});
