import * as zmq from 'zeromq';
import { consoleLogger } from '@brine/core/log';
import { pack, unpack } from '@brine/core/protocol/frame';
import { RequestClient } from '@brine/core/transport/request-client';
import { until } from '../../helpers/until';

/**
 * A bare Router on 127.0.0.1 that answers every request with its cmd (or, `silent`, never), counting accepted and closed
 * connections and noting the routing id (one per connection) each request came with.
 */
async function echoServer(silent = false): Promise<{ endpoint: string; accepted: () => number; closed: () => number; peers: string[]; stop: () => void }> {
  const router = new zmq.Router({ linger: 0 });
  await router.bind('tcp://127.0.0.1:*');
  let accepted = 0;
  let closed = 0;
  const peers: string[] = [];
  void (async () => {
    for await (const ev of router.events) {
      if (ev.type === 'accept') accepted++;
      if (ev.type === 'disconnect') closed++;
    }
  })().catch(() => undefined);
  void (async () => {
    if (silent) return;
    for await (const [id, frame] of router) {
      peers.push(id.toString('hex'));
      const req = unpack(frame) as { rid: number; cmd: string };
      await router.send([id, pack({ v: 1, rid: req.rid, ok: true, rep: req.cmd })]);
    }
  })().catch(() => undefined);
  return { endpoint: router.lastEndpoint!, accepted: () => accepted, closed: () => closed, peers, stop: () => router.close() };
}

const log = consoleLogger('quiet');

describe('RequestClient', () => {
  let server: Awaited<ReturnType<typeof echoServer>>;
  beforeEach(async () => {
    server = await echoServer();
  });
  afterEach(() => server.stop());

  it('connects at once, answers, and stays connected', async () => {
    const client = new RequestClient(server.endpoint, { log });
    try {
      await until(() => server.accepted() === 1, 'the server to accept the connection');
      expect(await client.call({ cmd: 'ping', req: null }, { timeoutMs: 2000 })).toEqual({ v: 1, rid: 1, ok: true, rep: 'ping' });
      // The next request comes over the same connection: none was closed or opened after the first answer.
      expect(await client.call({ cmd: 'ping', req: null }, { timeoutMs: 2000 })).toMatchObject({ ok: true, rep: 'ping' });
      expect(server.peers).toHaveLength(2);
      expect(server.peers[1]).toBe(server.peers[0]);
      expect(server.closed()).toBe(0);
    } finally {
      client.close();
    }
  });

  it('times out with Salt\'s message', async () => {
    const silent = await echoServer(true);
    const client = new RequestClient(silent.endpoint, { log });
    try {
      await expect(client.call({ cmd: 'ping', req: null }, { timeoutMs: 200 })).rejects.toThrow('Message timed out after 0.2 seconds (ping)');
    } finally {
      client.close();
      silent.stop();
    }
  });

  it('fails pending requests when closed', async () => {
    const silent = await echoServer(true);
    const client = new RequestClient(silent.endpoint, { log });
    const pending = client.call({ cmd: 'ping', req: null }, { timeoutMs: 5000 });
    client.close();
    silent.stop();
    await expect(pending).rejects.toThrow('request client closed');
    await expect(client.call({ cmd: 'ping', req: null }, { timeoutMs: 100 })).rejects.toThrow('request client is closed');
  });
});
