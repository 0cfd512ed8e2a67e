/**
 * The master's publish port: brine's own ZMTP 3.0 PUB endpoint on a Node
 * TCP server, which minions' zeromq SUB sockets connect to as to any PUB.
 *
 * It is not a libzmq socket because libzmq's PUB and XPUB keep every
 * subscription a peer sends (XPUB does even in manual mode, per
 * connection), and anyone who can reach the port may send them without a
 * key: 200,000 distinct subscriptions from one XSUB cost a libzmq master
 * 1.9 GB and a 5 s stall. Here what peers send is read and thrown away
 * (see PubConnection): every subscriber gets every publication, and minions
 * decide on their side which are theirs, as they already did. Each new
 * subscriber first gets the hello frame alone, so a minion knows at once
 * that its connection is (back) up, without a socket monitor of its own. Publications
 * are encoded once and written to each connection; a connection that would
 * pass the queue limit is closed, and its minion, reconnecting, is greeted
 * and asks for the jobs it missed.
 */
import net from 'node:net';
import type { Logger } from '../log';
import { WarningLimiter } from '../warning-limiter';
import { LISTEN_BACKLOG, parseTcpEndpoint, tcpEndpoint } from './endpoint';
import { PubConnection } from './zmtp/pub-connection';
import { frame } from './zmtp/wire';

/** The largest frame a subscriber may send, in bytes: a subscription is one byte plus its prefix, a READY a few dozen. */
const MAX_PEER_FRAME_BYTES = 256;
/** Time a peer has to finish its ZMTP handshake, in ms (libzmq's default is 30 s; a minion needs milliseconds). */
const HANDSHAKE_TIMEOUT_MS = 10_000;
/**
 * What one subscriber may send: 16 KB at once (greeting, READY and a subscription are ~100 bytes), then
 * 1 KB/s (a heartbeat PING is ~10 bytes). A peer past it is closed before its frames can load the master.
 */
const PEER_BUDGET = { burst: 16 * 1024, perSecond: 1024 };

/** Options of a {@link Publisher}. */
export interface PublisherOptions {
  /** Bytes waiting for one subscriber past which a publication closes its connection. */
  maxQueuedBytes: number;
  /** A frame sent to each subscriber alone, first, when its handshake is done (it tells a minion it is connected). */
  hello: Uint8Array;
  log: Logger;
}

/** The master's publish endpoint (see the module note). */
export class Publisher {
  private readonly server: net.Server;
  /** Connections whose handshake is done: they get publications. */
  private readonly open = new Set<PubConnection>();
  /** Every connection, handshake done or not, to close them all. */
  private readonly all = new Set<PubConnection>();
  private readonly warnings = new WarningLimiter();
  private readonly hello: Buffer;
  private closed = false;

  constructor(private readonly opts: PublisherOptions) {
    this.server = net.createServer((socket) => this.accept(socket));
    this.hello = frame(0, opts.hello);
  }

  /**
   * Listen on `endpoint` (`tcp://host:port`; port `*` or 0 picks a free one).
   * @returns the bound endpoint, with the port chosen
   * @throws Error from Node when the address cannot be bound (e.g. "listen EADDRINUSE: address already in use 0.0.0.0:4505")
   */
  async bind(endpoint: string): Promise<string> {
    const { host, port } = parseTcpEndpoint(endpoint);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port, backlog: LISTEN_BACKLOG }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.server.on('error', (err) => this.opts.log.error(`Publish port failed: ${err.message}`));
    const address = this.server.address() as net.AddressInfo;
    return tcpEndpoint(address.address, address.port);
  }

  private accept(socket: net.Socket): void {
    if (this.closed) return void socket.destroy();
    const conn = new PubConnection(socket, {
      maxPeerFrame: MAX_PEER_FRAME_BYTES,
      maxQueuedBytes: this.opts.maxQueuedBytes,
      peerBudget: PEER_BUDGET,
      handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
      onOpen: (c) => {
        c.publish(this.hello);
        this.open.add(c);
      },
      onClose: (c, reason) => {
        this.open.delete(c);
        this.all.delete(c);
        if (reason && !this.closed) this.opts.log.debug(`Closed publish connection from ${c.peer}: ${reason}`);
      },
    });
    this.all.add(conn);
  }

  /**
   * Send one frame to every subscriber whose handshake is done. A subscriber this would take past the queue
   * limit is disconnected instead (logged, at most one line per peer every 10 s): its minion reconnects,
   * gets the hello, and asks for the jobs it missed.
   * @throws Error once closed
   */
  async send(body: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('The publish port is closed');
    const wire = frame(0, body);
    for (const conn of this.open) {
      if (!conn.publish(wire)) {
        this.warnings.log(this.opts.log, 'warning', `slow:${conn.peer}`, `Subscriber ${conn.peer} is not reading; its connection was closed (a minion catches up when it reconnects)`);
      }
    }
  }

  /** Stop listening and close every connection. */
  async close(): Promise<void> {
    this.closed = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const conn of [...this.all]) conn.close();
    await stopped;
  }
}
