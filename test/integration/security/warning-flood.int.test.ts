/**
 * Repeated warnings about one peer are rate-limited (issue 10, finding 8: a
 * fuzzed request port grew the log by 15.8 MB of WARNING lines). One peer
 * sends 1,000 bad frames, and an impostor 200 authentications under an
 * accepted id with other keys: each costs the log one line, not one per
 * attempt, and another peer's first bad frame is still logged.
 */
import crypto from 'node:crypto';
import * as zmq from 'zeromq';
import { consoleLogger } from '@brine/core/log';
import { unpack } from '@brine/core/protocol/frame';
import type { AuthReplyBody } from '@brine/core/protocol/v1/request-port';
import { REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { RequestClient } from '@brine/core/transport/request-client';
import { Cluster } from '../helpers/cluster';

let cluster: Cluster;
const dealers: zmq.Dealer[] = [];

/** A new raw peer of the request port, with routing id `name` (the master logs it in hex). */
function peer(name: string): zmq.Dealer {
  const d = new zmq.Dealer({ linger: 0, routingId: name });
  d.connect(`tcp://127.0.0.1:${cluster.ports.ret_port}`);
  dealers.push(d);
  return d;
}

/** Send `count` garbage frames from `d` and wait for every answer (each bad frame is answered with an error). */
async function garbage(d: zmq.Dealer, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await d.send(crypto.randomBytes(64));
  for (let i = 0; i < count; i++) {
    const [reply] = await d.receive();
    expect(unpack(reply)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  }
}

/** The lines of the master's output matching `pattern`. */
const lines = (pattern: RegExp) => cluster.master.output.split('\n').filter((l) => pattern.test(l));
const hex = (name: string) => Buffer.from(name).toString('hex');

/**
 * Wait until the master has logged a bad frame from a new peer `name`: the master logs in order, so every line
 * about what came before is in its output by then.
 */
async function barrier(name: string): Promise<void> {
  await garbage(peer(name), 1);
  await cluster.master.waitFor(new RegExp(`Bad request from peer ${hex(name)}`));
}

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: true } });
});

afterAll(async () => {
  for (const d of dealers) d.close();
  await cluster?.stop();
});

test('1,000 bad frames from one peer log one warning; another peer is still logged', async () => {
  await garbage(peer('flooder'), 1000);
  await barrier('other');
  const flooded = lines(new RegExp(`Bad request from peer ${hex('flooder')}`));
  // One line; a second only if the flood outlasted the 10 s window on a very slow machine.
  expect(flooded.length).toBeGreaterThanOrEqual(1);
  expect(flooded.length).toBeLessThanOrEqual(2);
  expect(lines(new RegExp(`Bad request from peer ${hex('other')}`))).toHaveLength(1);
});

test('200 authentications under an accepted id with other keys log one error', async () => {
  const client = new RequestClient(`tcp://127.0.0.1:${cluster.ports.ret_port}`, { log: consoleLogger('quiet') });
  try {
    const port = client.channel(REQUEST_PORT);
    const status = async (box: Buffer, sign: Buffer) => (unpack((await port.auth({ id: 'victim', box, sign, token: crypto.randomBytes(16) })).body) as AuthReplyBody).status;
    expect(await status(crypto.randomBytes(32), crypto.randomBytes(32))).toBe('accepted');
    for (let i = 0; i < 200; i++) expect(await status(crypto.randomBytes(32), crypto.randomBytes(32))).toBe('denied');
  } finally {
    client.close();
  }
  await barrier('after-impostor');
  const denied = lines(/Authentication attempt from victim failed, the public keys did not match/);
  expect(denied.length).toBeGreaterThanOrEqual(1);
  expect(denied.length).toBeLessThanOrEqual(2);
});
