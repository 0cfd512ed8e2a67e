/**
 * The minion trusts only a signed authentication reply from the master it
 * pinned (CVE-2022-22935): fake masters on real zeromq sockets answer with a
 * good reply, another key, a bad signature, no signature and a replayed reply.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeys, sharedKey, sign, type KeyPair } from '@brine/core/crypto/keys';
import { randomKey } from '@brine/core/crypto/secretbox';
import { AuthorizationError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import { pack, unpack } from '@brine/core/protocol/frame';
import type { AuthReply, AuthReplyBody, AuthRequest, REQUEST_PORT_COMMANDS } from '@brine/core/protocol/v1/request-port';
import { REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { sealGrant } from '@brine/core/protocol/v1/secure';
import { RequestClient } from '@brine/core/transport/request-client';
import { RequestServer } from '@brine/core/transport/request-server';
import { authenticateOnce, pinnedMasterPath } from '@brine/minion/auth';

const log = consoleLogger('quiet');
let dir: string;
let server: RequestServer<typeof REQUEST_PORT_COMMANDS>;
let client: RequestClient;
const minion = generateKeys();
/** How the fake master answers the next auth request. */
let answer: (req: AuthRequest) => AuthReply;

/** A reply as a real master builds it, with knobs to forge it (signed by hand, so it can be signed wrongly). */
function reply(req: AuthRequest, master: KeyPair, opts: { signer?: KeyPair; token?: Uint8Array; sig?: Uint8Array } = {}): AuthReply {
  const body: AuthReplyBody = { token: opts.token ?? req.token, status: 'accepted', master_box: master.pub.box, master_sign: master.pub.sign };
  body.session = sealGrant(sharedKey(master, minion.pub.box), { gen: 1, key: randomKey(), now: '20260101000000000000', ticket: new Uint8Array(16) });
  const bytes = pack(body);
  return { body: bytes, sig: opts.sig ?? sign((opts.signer ?? master).signer, 'auth_reply', bytes) };
}

/** What this fake master answers but a minion's `auth`. */
const minionOnly = (): never => {
  throw new AuthorizationError('this fake master serves authentication only');
};

const auth = () => authenticateOnce({ id: 'minion1', keys: minion, pkiDir: dir, requestPort: client.channel(REQUEST_PORT), log, timeout: 3, masterFinger: '' });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-pin-'));
  server = new RequestServer({
    log,
    channel: REQUEST_PORT,
    handlers: {
      auth: (req) => answer(req),
      req: minionOnly,
      client_auth: minionOnly,
      client_req: minionOnly,
    },
  });
  const endpoint = await server.bind('tcp://127.0.0.1:*');
  client = new RequestClient(endpoint, { log });
});

afterAll(async () => {
  client.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const realMaster = generateKeys();
const impostor = generateKeys();

test('first acceptance pins the master key', async () => {
  answer = (req) => reply(req, realMaster);
  const r = await auth();
  expect(r.status).toBe('accepted');
  expect(fs.existsSync(pinnedMasterPath(dir))).toBe(true);
});

test('a master presenting another key is refused', async () => {
  answer = (req) => reply(req, impostor);
  await expect(auth()).rejects.toThrow("The master key has changed, the salt master could have been subverted, verify salt master's public key");
});

test('a reply claiming the pinned key but signed by another is refused', async () => {
  answer = (req) => reply(req, realMaster, { signer: impostor });
  await expect(auth()).rejects.toThrow('The authentication reply is not signed by the master key; refused');
});

test('an unsigned reply is refused', async () => {
  answer = (req) => reply(req, realMaster, { sig: new Uint8Array(64) });
  await expect(auth()).rejects.toThrow('not signed by the master key');
});

test('a captured reply to an earlier request is refused', async () => {
  let old: AuthReply;
  answer = (req) => (old = reply(req, realMaster));
  await auth();
  answer = () => old;
  await expect(auth()).rejects.toThrow('The authentication reply answers another request; refused');
  expect(unpack(old!.body)).toMatchObject({ status: 'accepted' });
});
