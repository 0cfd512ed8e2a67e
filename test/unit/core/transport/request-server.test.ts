import * as zmq from 'zeromq';
import { AuthenticationError, NotFoundError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import { pack, unpack } from '@brine/core/protocol/frame';
import { Type } from '@brine/core/protocol/v1/schema';
import { RequestClient } from '@brine/core/transport/request-client';
import { RequestServer } from '@brine/core/transport/request-server';
import { jitChannel } from '../../helpers/jit';

const log = consoleLogger('quiet');
const CHANNEL = jitChannel('test', {
  add: { request: Type.Object({ a: Type.Number(), b: Type.Number() }), reply: Type.Number(), doc: 'Add two numbers.' },
  lookup: { request: Type.Object({ key: Type.String() }), reply: Type.String(), doc: 'Look a key up.' },
});

let server: RequestServer<typeof CHANNEL.commands, { who: string }>;
let endpoint: string;
const peers: string[] = [];
/** Who each handled request came from, as authenticate said. */
const callers: string[] = [];
/** What happened, in order: handlers and beforeReply push here. */
const order: string[] = [];

beforeAll(async () => {
  server = new RequestServer({
    log,
    channel: CHANNEL,
    authenticate: (key, claim) => {
      if (key !== 'sesame') throw new AuthenticationError('wrong key');
      return { who: claim.sudo_user ?? 'root' };
    },
    beforeReply: () => order.push('before reply'),
    handlers: {
      add: ({ a, b }, { peer, who }) => {
        order.push('handled');
        peers.push(peer);
        callers.push(who);
        return a + b;
      },
      lookup: ({ key }) => {
        throw new NotFoundError(`no key ${key}`);
      },
    },
  });
  endpoint = await server.bind('tcp://127.0.0.1:*');
});

afterAll(() => server.close());

/** Send raw bytes from a bare Dealer and decode the reply. */
async function raw(frame: Uint8Array): Promise<unknown> {
  const dealer = new zmq.Dealer({ linger: 0 });
  dealer.connect(endpoint);
  try {
    await dealer.send(frame);
    const [reply] = await dealer.receive();
    return unpack(reply);
  } finally {
    dealer.close();
  }
}

test('a typed client calls the typed server; the handler learns the peer', async () => {
  const client = new RequestClient(endpoint, { log, key: 'sesame' });
  try {
    const api = client.channel(CHANNEL);
    expect(await api.add({ a: 2, b: 3 })).toBe(5);
    expect(peers).toHaveLength(1);
    expect(peers[0]).toMatch(/^[0-9a-f]+$/);
    await expect(api.lookup({ key: 'k' })).rejects.toThrow(new NotFoundError('no key k'));
  } finally {
    client.close();
  }
});

test("authenticate's answer reaches the handler with the peer, from the key and the claim", async () => {
  const client = new RequestClient(endpoint, { log, key: 'sesame', sudoUser: 'alice' });
  try {
    expect(await client.channel(CHANNEL).add({ a: 1, b: 2 })).toBe(3);
    expect(callers.slice(-2)).toEqual(['root', 'alice']);
  } finally {
    client.close();
    peers.pop();
  }
});

test('a wrong credential is refused before any handler runs', async () => {
  const client = new RequestClient(endpoint, { log, key: 'guess' });
  try {
    await expect(client.channel(CHANNEL).add({ a: 1, b: 1 })).rejects.toBeInstanceOf(AuthenticationError);
    expect(peers).toHaveLength(1);
  } finally {
    client.close();
  }
});

test('beforeReply runs after the handler and before the reply leaves (the master writes the events a request fired there)', async () => {
  order.length = 0;
  const client = new RequestClient(endpoint, { log, key: 'sesame' });
  try {
    await client.channel(CHANNEL).add({ a: 1, b: 2 });
    order.push('received');
    expect(order).toEqual(['handled', 'before reply', 'received']);
  } finally {
    client.close();
  }
});

test.each([
  ['not msgpack', Buffer.from([0xd9]), 0, /^malformed frame/],
  ['not a map', pack([1, 2]), 0, /^request: not a map$/],
  ['a wrong version', pack({ v: 2, rid: 5, cmd: 'add', req: {}, key: 'sesame' }), 5, /^request: field 'v' is not 1$/],
  ['an unknown command', pack({ v: 1, rid: 6, cmd: 'format_disk', req: {}, key: 'sesame' }), 6, /^unknown command "format_disk"$/],
  ['a bad request', pack({ v: 1, rid: 7, cmd: 'add', req: { a: '1', b: 2 }, key: 'sesame' }), 7, /^add: field 'a' is not a number$/],
])('%s is answered with an invalid error, echoing a readable rid', async (_name, frame, rid, message) => {
  const reply = (await raw(frame)) as { v: number; rid: number; ok: boolean; error: { code: string; message: string } };
  expect(reply).toMatchObject({ v: 1, rid, ok: false, error: { code: 'invalid' } });
  expect(reply.error.message).toMatch(message);
});

test('a port already in use is refused with the endpoint named', async () => {
  const port = new URL(endpoint.replace('tcp://', 'http://')).port;
  const second = new RequestServer({ log, channel: CHANNEL, authenticate: () => ({}), handlers: { add: () => 0, lookup: () => '' } });
  try {
    await expect(second.bind(`tcp://127.0.0.1:${port}`)).rejects.toThrow(`Cannot bind tcp://127.0.0.1:${port}: Address already in use`);
  } finally {
    second.close();
  }
});
