/**
 * Bad input never crashes a daemon (issue 2, section 7). Raw zeromq peers send
 * the master malformed, oversized and unknown frames, invalid ids and forged
 * returns; a relay between the master's publish port and one minion injects
 * garbage, forged, undecryptable and replayed publications. After each, the
 * daemons keep serving and nothing is written outside their folders.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as zmq from 'zeromq';
import { loadOrCreateKeys, parsePublicKeys, sharedKey, sign } from '@brine/core/crypto/keys';
import { seal } from '@brine/core/crypto/secretbox';
import { MAX_FRAME_BYTES, pack, unpack } from '@brine/core/protocol/frame';
import { Cluster } from './helpers/cluster';
import { HandMinion } from './helpers/hand-minion';

let cluster: Cluster;
let dealer: zmq.Dealer;
let relayIn: zmq.Subscriber;
let relayOut: zmq.Publisher;
const captured: Buffer[] = [];
let rid = 1000;

const masterPki = () => path.join(cluster.masterDir, 'etc', 'salt', 'pki', 'master');
const minionPki = (id: string) => path.join(cluster.minionDir(id), 'etc', 'salt', 'pki', 'minion');

/** A v1 request frame for the request port. */
const request = (cmd: string, req: unknown) => pack({ v: 1, rid: rid++, cmd, req });

/** Send one frame on the request port (from `on`, the shared dealer by default) and return the decoded reply (or undefined after `ms`). */
async function ask(frame: Buffer, ms = 3000, on = dealer): Promise<Record<string, unknown> | undefined> {
  await on.send(frame);
  let timer: NodeJS.Timeout | undefined;
  const reply = await Promise.race([on.receive(), new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
  clearTimeout(timer);
  return reply ? (unpack(reply[0]) as Record<string, unknown>) : undefined;
}

async function stillServes(): Promise<void> {
  const r = await cluster.run('salt', ['minion1', 'test.ping']);
  expect(r.stdout).toBe('minion1:\n    True\n');
}

beforeAll(async () => {
  cluster = await Cluster.start();
  relayIn = new zmq.Subscriber();
  relayIn.connect(`tcp://127.0.0.1:${cluster.ports.publish_port}`);
  relayIn.subscribe();
  relayOut = new zmq.Publisher();
  await relayOut.bind('tcp://127.0.0.1:*');
  const relayPort = Number(relayOut.lastEndpoint!.split(':').pop());
  void (async () => {
    for await (const [frame] of relayIn) {
      captured.push(frame);
      await relayOut.send(frame);
    }
  })().catch(() => undefined);
  cluster.startMinion('minion1');
  cluster.startMinion('relayed', { publish_port: relayPort });
  await cluster.acceptAll(['minion1', 'relayed']);
  dealer = new zmq.Dealer({ linger: 0 });
  dealer.connect(`tcp://127.0.0.1:${cluster.ports.ret_port}`);
});

afterAll(async () => {
  dealer?.close();
  relayIn?.close();
  relayOut?.close();
  await cluster?.stop();
});

test('a malformed frame is answered with an error and logged with its peer', async () => {
  const reply = await ask(Buffer.from('this is not msgpack \xc1\xc1'));
  expect(reply).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/^malformed frame/) } });
  await cluster.master.waitFor(/Bad request from peer [0-9a-f]+/);
  await stillServes();
});

test('an unknown command, a wrong version and a bad shape are refused', async () => {
  const refused = (message: string) => ({ ok: false, error: { code: 'invalid', message } });
  expect(await ask(request('format_disk', {}))).toMatchObject(refused('unknown command "format_disk"'));
  // A command name is the peer's text: it is logged quoted, so it cannot forge a log line. It comes from a new
  // peer: this one's refusals are not logged again for a while (warnings are rate-limited per peer).
  const fresh = zmqSafeDealer();
  try {
    expect(await ask(request('x\n[CRITICAL] forged', {}), 3000, fresh)).toMatchObject(refused('unknown command "x\\n[CRITICAL] forged"'));
  } finally {
    fresh.close();
  }
  await cluster.master.waitFor(/Request "x\\n\[CRITICAL\] forged" from peer [0-9a-f]+ refused/);
  expect(cluster.master.output).not.toMatch(/^\[CRITICAL\] forged/m);
  expect(await ask(pack({ v: 99, cmd: 'auth', rid: rid++, req: {} }))).toMatchObject(refused("request: field 'v' is not 1"));
  expect(await ask(request('auth', { id: 'x', box: 'nope' }))).toMatchObject(refused("auth: missing field 'sign'"));
  const key = crypto.randomBytes(32);
  expect(await ask(request('auth', { id: 'x', box: 'nope', sign: key, token: crypto.randomBytes(16) }))).toMatchObject(refused("auth: field 'box' is not 32 bytes"));
  await stillServes();
});

test('an oversized frame is dropped by the socket and the master keeps serving', async () => {
  const big = zmqSafeDealer();
  try {
    // The master's socket refuses the frame by closing the connection it came on.
    const dropped = nextEvent(big, 'disconnect');
    await big.send(Buffer.alloc(MAX_FRAME_BYTES + 1024, 1));
    await dropped;
  } finally {
    big.close();
  }
  await stillServes();
});

/** Resolve on the next `type` event of `socket` (reject after 10 s). */
function nextEvent(socket: zmq.Socket, type: zmq.EventType): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within 10 s`)), 10000);
    const seen = () => {
      clearTimeout(timer);
      socket.events.off(type, seen);
      resolve();
    };
    socket.events.on(type, seen);
  });
}

function zmqSafeDealer(): zmq.Dealer {
  const d = new zmq.Dealer({ linger: 0 });
  d.connect(`tcp://127.0.0.1:${cluster.ports.ret_port}`);
  return d;
}

test.each(['../evil', 'a/b', 'a\\b', 'nul\0byte', '..'])('a minion id %j is refused and writes nothing', async (id) => {
  const keys = crypto.randomBytes(32);
  const reply = await ask(request('auth', { id, box: keys, sign: keys, token: crypto.randomBytes(16) }));
  expect(reply).toMatchObject({ ok: false, error: { code: 'invalid', message: 'Invalid minion id' } });
  const pki = masterPki();
  expect(fs.readdirSync(path.join(pki, 'minions_pre'))).toEqual([]);
  expect(fs.existsSync(path.join(pki, 'evil'))).toBe(false);
  expect(fs.readdirSync(pki).sort()).toEqual(['master.pem', 'master.pub', 'minions', 'minions_denied', 'minions_pre', 'minions_rejected']);
});

test('a request from a minion that has not authenticated is refused', async () => {
  const reply = await ask(request('req', { id: 'ghost', nonce: crypto.randomBytes(24), box: crypto.randomBytes(64) }));
  expect(reply).toMatchObject({ ok: false, error: { code: 'auth', message: 'Minion "ghost" is not authenticated' } });
  await cluster.master.waitFor(/Request "req" from peer [0-9a-f]+ refused: Minion "ghost" is not authenticated/);
});

test('returns for an unknown jid, or naming another minion, are refused', async () => {
  const minion1 = await HandMinion.connect(cluster.ports.ret_port, 'minion1', minionPki('minion1'));
  try {
    // HandMinion.send opens the sealed reply, which checks that it echoes this call's tag.
    const send = (load: Record<string, unknown>) => minion1.call('_return', load);
    const base = { id: 'minion1', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, started: 0, finished: 0 };
    expect(await send({ ...base, jid: '20000101000000000000' })).toEqual({ ok: false, error: { code: 'not_found', message: 'return for unknown jid "20000101000000000000"' } });
    const jid = /(\d{20})/.exec((await cluster.run('salt', ['minion1', 'test.ping', '--show-jid'])).stdout)![1];
    expect(await send({ ...base, jid, id: 'relayed' })).toEqual({ ok: false, error: { code: 'denied', message: 'return names minion "relayed" but was sent by minion1' } });
    expect(await send({ ...base, jid, return: 'not-a-map-shape', retcode: 'x' })).toEqual({ ok: false, error: { code: 'invalid', message: "_return: field 'retcode' is not a number" } });
    // A sealed request without its tag and ticket (or not a request at all) is refused before anything runs.
    const shared = sharedKey(loadOrCreateKeys(minionPki('minion1'), 'minion'), parsePublicKeys(fs.readFileSync(path.join(masterPki(), 'master.pub'), 'utf8')).box);
    const untagged = seal(shared, pack({ cmd: '_return', req: { ...base, jid } }));
    expect(await ask(request('req', { id: 'minion1', ...untagged }))).toMatchObject({ ok: false, error: { code: 'invalid', message: "sealed request: missing field 'tag'" } });
    const garbage = seal(shared, pack(null));
    expect(await ask(request('req', { id: 'minion1', ...garbage }))).toMatchObject({ ok: false, error: { code: 'invalid', message: 'sealed request: not a map' } });
  } finally {
    minion1.close();
  }
});

test('forged, undecryptable and replayed publications are dropped; the minion keeps serving', async () => {
  const relayed = cluster.minions.get('relayed')!;
  const first = await cluster.run('salt', ['relayed', 'test.echo', 'once', '--show-jid']);
  expect(first.stdout).toMatch(/relayed:\n {4}once\n/);
  const jid = /jid: (\d{20})/.exec(first.stdout)![1];
  const original = captured[captured.length - 1];
  const mark = relayed.output.length;

  await relayOut.send(Buffer.from('garbage'));
  await relayed.waitFor(/Dropping a publication: malformed frame/, 5000, mark);

  const outer = unpack(original) as { v: number; cmd: string; body: Buffer; sig: Buffer };
  const badSig = Buffer.from(outer.sig);
  badSig[0] ^= 0xff;
  await relayOut.send(pack({ ...outer, sig: badSig }));
  await relayed.waitFor(/publication signature does not verify/, 5000, mark);

  const master = loadOrCreateKeys(masterPki(), 'master');
  const { gen } = unpack(outer.body) as { gen: number };
  const wrongKey = seal(crypto.randomBytes(32), pack({ jid: '29990101000000000000', tgt: '*', tgt_type: 'glob', fun: 'cmd.run', arg: ['touch /tmp/pwned'], kwarg: {}, user: 'x' }));
  const body = pack({ gen, nonce: wrongKey.nonce, box: wrongKey.box });
  await relayOut.send(pack({ v: 1, cmd: 'pub', body, sig: sign(master.signer, 'pub', body) }));
  await relayed.waitFor(/publication that fails to open/, 5000, mark);

  const stamp = (await cluster.jobReturns(jid)).get('relayed')!.stamp;
  await relayOut.send(original);
  await relayed.waitFor(new RegExp(`Dropping job ${jid}: already run`), 5000, mark);

  // A job published after the replay comes back; by then the replayed one has not run again.
  const again = await cluster.run('salt', ['relayed', 'test.ping']);
  expect(again.stdout).toBe('relayed:\n    True\n');
  expect(relayed.output.match(new RegExp(`Executing job ${jid}`, 'g'))).toHaveLength(1);
  expect((await cluster.jobReturns(jid)).get('relayed')!.stamp).toBe(stamp);
  expect(relayed.proc.exitCode).toBeNull();
});
