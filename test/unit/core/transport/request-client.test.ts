import * as zmq from 'zeromq';
import { consoleLogger } from '@brine/core/log';
import { encodeFrame, unpack } from '@brine/core/protocol/frame';
import { RequestClient } from '@brine/core/transport/request-client';
import { until } from '../../helpers/until';

/**
 * A bare Router on 127.0.0.1 that answers every request with `ok` (or, `silent`, never), counting accepted and closed
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
      const req = unpack(frame) as { rid: number };
      await router.send([id, encodeFrame({ cmd: 'ok', rid: req.rid })]);
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
    const client = new RequestClient(server.endpoint, { log, replies: ['ok'] });
    try {
      await until(() => server.accepted() === 1, 'the server to accept the connection');
      expect((await client.request({ cmd: 'ping' }, 2000)).cmd).toBe('ok');
      // The next request comes over the same connection: none was closed or opened after the first answer.
      expect((await client.request({ cmd: 'ping' }, 2000)).cmd).toBe('ok');
      expect(server.peers).toHaveLength(2);
      expect(server.peers[1]).toBe(server.peers[0]);
      expect(server.closed()).toBe(0);
    } finally {
      client.close();
    }
  });

  it('times out with Salt\'s message', async () => {
    const silent = await echoServer(true);
    const client = new RequestClient(silent.endpoint, { log, replies: ['ok'] });
    try {
      await expect(client.request({ cmd: 'ping' }, 200)).rejects.toThrow('Message timed out after 0.2 seconds (ping)');
    } finally {
      client.close();
      silent.stop();
    }
  });

  it('fails pending requests when closed', async () => {
    const silent = await echoServer(true);
    const client = new RequestClient(silent.endpoint, { log, replies: ['ok'] });
    const pending = client.request({ cmd: 'ping' }, 5000);
    client.close();
    silent.stop();
    await expect(pending).rejects.toThrow('request client closed');
    await expect(client.request({ cmd: 'ping' }, 100)).rejects.toThrow('request client is closed');
  });
});
