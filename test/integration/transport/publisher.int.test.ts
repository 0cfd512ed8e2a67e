/**
 * brine's own publish endpoint against real zeromq SUB sockets and raw TCP
 * peers: every subscriber gets the hello first and then every publication,
 * in order; a peer that does not read is disconnected past its queue limit
 * while the others lose nothing; peers that break the protocol, or send
 * more than a subscriber does, are closed.
 */
import net from 'node:net';
import * as zmq from 'zeromq';
import { consoleLogger } from '@brine/core/log';
import { Publisher } from '@brine/core/transport/publisher';
import { frame, greeting, ready } from '@brine/core/transport/zmtp/wire';

let pub: Publisher;
let port: number;
const warnings: string[] = [];

beforeEach(async () => {
  warnings.length = 0;
  const log = { ...consoleLogger('quiet'), warning: (m: string) => void warnings.push(m) };
  pub = new Publisher({ maxQueuedBytes: 64 * 1024, hello: Buffer.from('hello'), log });
  port = Number((await pub.bind('tcp://127.0.0.1:*')).split(':').pop());
});

afterEach(async () => {
  await pub.close();
});

/** A zeromq SUB subscribed to everything, connected, with its first frame (the hello) read. */
async function subscriber(): Promise<zmq.Subscriber> {
  const sub = new zmq.Subscriber({ linger: 0 });
  sub.connect(`tcp://127.0.0.1:${port}`);
  sub.subscribe();
  const [first] = await sub.receive();
  expect(first!.toString()).toBe('hello');
  return sub;
}

/** Resolves when `socket` is closed by the other end. */
const closedByPeer = (socket: net.Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

test('a zeromq SUB gets the hello, then every publication in order, small and large', async () => {
  const sub = await subscriber();
  const big = Buffer.alloc(300_000, 7);
  await pub.send(Buffer.from('one'));
  await pub.send(big);
  await pub.send(Buffer.from('three'));
  const got = [(await sub.receive())[0]!, (await sub.receive())[0]!, (await sub.receive())[0]!];
  expect(got[0]!.toString()).toBe('one');
  expect(Buffer.compare(got[1]!, big)).toBe(0);
  expect(got[2]!.toString()).toBe('three');
  sub.close();
});

test('a peer that does not read is disconnected once 64 KB wait for it; a reading one loses nothing', async () => {
  const reader = await subscriber();
  const stalled = net.connect(port, '127.0.0.1');
  stalled.write(Buffer.concat([greeting(), ready('SUB')]));
  await new Promise((resolve) => stalled.once('data', resolve));
  stalled.pause();
  const gone = new Promise((resolve) => stalled.once('close', resolve));
  // 20 MB in batches the reader keeps up with: more than the stalled peer's kernel buffers and queue hold.
  const body = Buffer.alloc(1000, 1);
  for (let batch = 0; batch < 200; batch++) {
    for (let i = 0; i < 100; i++) await pub.send(body);
    for (let i = 0; i < 100; i++) expect((await reader.receive())[0]).toHaveLength(1000);
  }
  expect(warnings.some((w) => /is not reading; its connection was closed/.test(w))).toBe(true);
  // Paused, the peer sees the close once it reads what was sent before it.
  stalled.resume();
  await gone;
  reader.close();
});

test('a peer that sends more than a subscriber would is closed', async () => {
  const peer = net.connect(port, '127.0.0.1');
  peer.on('error', () => {});
  peer.resume();
  const closed = closedByPeer(peer);
  peer.write(Buffer.concat([greeting(), ready('XSUB')]));
  for (let i = 0; i < 200; i++) peer.write(frame(0, Buffer.alloc(200, 1)));
  await closed;
});

test.each([
  ['a frame over 256 bytes', Buffer.concat([greeting(), ready('XSUB'), frame(0, Buffer.alloc(257))])],
  ['a PUB peer', Buffer.concat([greeting(), ready('PUB')])],
  ['another security mechanism', greeting('CURVE')],
  ['bytes that are not ZMTP', Buffer.from('GET / HTTP/1.1\r\n\r\n')],
])('%s is closed', async (_what, bytes) => {
  const peer = net.connect(port, '127.0.0.1');
  peer.resume();
  const closed = closedByPeer(peer);
  peer.write(bytes);
  await closed;
});

test('a PING is answered with a PONG echoing its context', async () => {
  const peer = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  const pong = Buffer.from([0x04, 8, 4, ...Buffer.from('PONG'), ...Buffer.from('ctx')]);
  const answered = new Promise<void>((resolve) => {
    peer.on('data', (c: Buffer) => {
      chunks.push(c);
      if (Buffer.concat(chunks).includes(pong)) resolve();
    });
  });
  peer.write(Buffer.concat([greeting(), ready('SUB'), frame(0x04, Buffer.from([4, ...Buffer.from('PING'), 0, 10, ...Buffer.from('ctx')]))]));
  await answered;
  peer.destroy();
});
