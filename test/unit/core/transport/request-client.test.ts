import * as zmq from 'zeromq';
import { consoleLogger } from '@brine/core/log';
import { encodeFrame, unpack } from '@brine/core/protocol/frame';
import { RequestClient } from '@brine/core/transport/request-client';

/** A bare Router on 127.0.0.1 that answers every request with `ok` (or, `silent`, never), counting accepted and closed connections. */
async function echoServer(silent = false): Promise<{ endpoint: string; accepted: () => number; closed: () => number; stop: () => void }> {
  const router = new zmq.Router({ linger: 0 });
  await router.bind('tcp://127.0.0.1:*');
  let accepted = 0;
  let closed = 0;
  void (async () => {
    for await (const ev of router.events) {
      if (ev.type === 'accept') accepted++;
      if (ev.type === 'disconnect') closed++;
    }
  })().catch(() => undefined);
  void (async () => {
    if (silent) return;
    for await (const [id, frame] of router) {
      const req = unpack(frame) as { rid: number };
      await router.send([id, encodeFrame({ cmd: 'ok', rid: req.rid })]);
    }
  })().catch(() => undefined);
  return { endpoint: router.lastEndpoint!, accepted: () => accepted, closed: () => closed, stop: () => router.close() };
}

const log = consoleLogger('quiet');
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await wait(10);
  }
}

describe('RequestClient', () => {
  let server: Awaited<ReturnType<typeof echoServer>>;
  beforeEach(async () => {
    server = await echoServer();
  });
  afterEach(() => server.stop());

  it('connects at once, answers, and stays connected', async () => {
    const client = new RequestClient(server.endpoint, { log, replies: ['ok'] });
    try {
      await until(() => server.accepted() === 1);
      expect((await client.request({ cmd: 'ping' }, 2000)).cmd).toBe('ok');
      await wait(200);
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
