/**
 * One peer's connection to brine's publish endpoint, speaking ZMTP 3.0 as a
 * PUB socket with the NULL mechanism: greetings, then READY both ways (the
 * peer must be a SUB or XSUB), then publications out. What the peer sends
 * after that (subscriptions, cancellations, anything) is read and thrown
 * away, so it costs no memory; a PING is answered with a PONG while little
 * is queued for the peer. The connection is closed on a frame over the size
 * limit, a bad handshake, no handshake in time, more bytes than the peer's
 * budget (a real SUB sends a subscription or two), and a publication that
 * would pass the queue limit: a peer that does not read is cut off rather
 * than silently missing jobs, and a minion that reconnects is greeted and
 * asks for the jobs it missed.
 */
import type net from 'node:net';
import { errorMessage } from '../../errors';
import { ByteBudget, type ByteBudgetOptions } from '../byte-budget';
import { FLAG_COMMAND, FrameReader, GREETING_BYTES, command, greeting, parseCommand, parseGreeting, parseMetadata, ready, type Frame } from './wire';

/** Socket types that may subscribe to a PUB (ZMTP's compatibility table). */
const SUBSCRIBER_TYPES = new Set(['SUB', 'XSUB']);
/** The most context bytes a PING may ask to be echoed (ZMTP 3.1). */
const MAX_PING_CONTEXT = 16;

/** Limits and callbacks of a {@link PubConnection}. */
export interface PubConnectionOptions {
  /** The largest frame body the peer may send, in bytes. */
  maxPeerFrame: number;
  /** Bytes queued for the peer (not yet taken by the kernel) past which a publication closes the connection. */
  maxQueuedBytes: number;
  /** What the peer may send, greeting included. */
  peerBudget: ByteBudgetOptions;
  /** Time, in ms, the peer has to finish its handshake. */
  handshakeTimeoutMs: number;
  /** Called once, when the handshake is done and publications may flow. */
  onOpen(conn: PubConnection): void;
  /** Called once, when the connection is gone; `reason` says why brine closed it (none when the peer did). */
  onClose(conn: PubConnection, reason?: string): void;
}

/** Where the connection is in its life. */
type State = 'greeting' | 'ready' | 'open' | 'closed';

/** A protocol violation by the peer: the connection is closed with this message. */
class PeerError extends Error {}

/** One subscriber's TCP connection (see the module note). */
export class PubConnection {
  private state: State = 'greeting';
  private peerGreeting = Buffer.alloc(0);
  private readonly reader: FrameReader;
  private readonly handshakeTimer: NodeJS.Timeout;
  private readonly budget: ByteBudget;
  /**
   * Bytes written in this tick, held (socket.cork) until it ends so that a burst of publications leaves in
   * one writev; 0 when nothing is held.
   */
  private corkedBytes = 0;
  /** The peer's address and port, for log lines. */
  readonly peer: string;

  constructor(
    private readonly socket: net.Socket,
    private readonly opts: PubConnectionOptions,
  ) {
    this.peer = `${socket.remoteAddress}:${socket.remotePort}`;
    this.reader = new FrameReader(opts.maxPeerFrame);
    this.budget = new ByteBudget(opts.peerBudget);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.close(errorMessage(err)));
    socket.on('close', () => this.close());
    this.handshakeTimer = setTimeout(() => this.close(`no handshake within ${opts.handshakeTimeoutMs} ms`), opts.handshakeTimeoutMs);
    this.handshakeTimer.unref();
    socket.write(greeting('NULL', 0));
  }

  /**
   * Queue one encoded publication (a whole frame) for the peer. The buffer is shared, not copied: the same
   * publication queued for many peers is held once. A publication larger than the limit still goes to a
   * peer with nothing queued; one that would take a peer with bytes queued past the limit closes the
   * connection instead. Publications queued in the same tick are written together when it ends (one
   * system call for a burst of jobs, not one per job and peer).
   * @returns false when it was not queued: the connection is closed, or was closed for it
   */
  publish(wire: Buffer): boolean {
    if (this.state !== 'open') return false;
    // What earlier ticks left unsent means the peer is behind; this tick's held bytes are not (yet) a sign.
    const queued = this.socket.writableLength;
    if (queued > this.corkedBytes && queued + wire.length > this.opts.maxQueuedBytes) {
      this.close(`not reading: ${queued} bytes queued for it`);
      return false;
    }
    this.write(wire);
    return true;
  }

  /** Write `bytes` after what this tick wrote already; all of it leaves together when the tick ends. */
  private write(bytes: Buffer): void {
    if (this.corkedBytes === 0) {
      this.socket.cork();
      process.nextTick(() => {
        this.corkedBytes = 0;
        this.socket.uncork();
      });
    }
    this.corkedBytes += bytes.length;
    this.socket.write(bytes);
  }

  /** Close the connection (idempotent); `reason` is passed to onClose. */
  close(reason?: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.handshakeTimer);
    this.socket.destroy();
    this.opts.onClose(this, reason);
  }

  private onData(chunk: Buffer): void {
    if (!this.budget.spend(chunk.length)) return this.close('sent more than a subscriber sends');
    try {
      this.consume(chunk);
    } catch (err) {
      this.close(errorMessage(err));
    }
  }

  /** Advance through the greeting, READY and open states with the bytes received. @throws PeerError, FrameTooLarge */
  private consume(chunk: Buffer): void {
    let rest = chunk;
    if (this.state === 'greeting') {
      const need = GREETING_BYTES - this.peerGreeting.length;
      this.peerGreeting = Buffer.concat([this.peerGreeting, rest.subarray(0, need)]);
      rest = rest.subarray(need);
      if (this.peerGreeting[0] !== 0xff) throw new PeerError('not a ZMTP greeting');
      if (this.peerGreeting.length < GREETING_BYTES) return;
      const g = parseGreeting(this.peerGreeting);
      if (typeof g === 'string') throw new PeerError(g);
      if (g.mechanism !== 'NULL') throw new PeerError(`security mechanism ${JSON.stringify(g.mechanism)} is not offered`);
      this.state = 'ready';
      this.socket.write(ready('PUB'));
    }
    for (const f of this.reader.push(rest)) {
      if (this.state === 'ready') this.onReady(f);
      else if (this.state === 'open') this.onFrame(f);
      else return;
    }
  }

  /** The peer's READY: it must announce a subscriber socket type. @throws PeerError */
  private onReady(f: Frame): void {
    const cmd = (f.flags & FLAG_COMMAND) !== 0 ? parseCommand(f.body) : undefined;
    if (cmd?.name !== 'READY') throw new PeerError('expected READY');
    const socketType = parseMetadata(cmd.data)?.get('socket-type')?.toString('latin1');
    if (!socketType || !SUBSCRIBER_TYPES.has(socketType)) throw new PeerError(`socket type ${JSON.stringify(socketType ?? null)} cannot subscribe to PUB`);
    this.state = 'open';
    clearTimeout(this.handshakeTimer);
    this.opts.onOpen(this);
  }

  /** A frame after the handshake: answer PING, close on ERROR, throw the rest away. */
  private onFrame(f: Frame): void {
    if ((f.flags & FLAG_COMMAND) === 0) return;
    const cmd = parseCommand(f.body);
    // Answered only when nothing is queued for the peer: one that pings without reading makes nothing pile up.
    if (cmd?.name === 'PING') {
      if (this.socket.writableLength === this.corkedBytes) this.write(command('PONG', cmd.data.subarray(2, 2 + MAX_PING_CONTEXT)));
    } else if (cmd?.name === 'ERROR') this.close('the peer sent ERROR');
  }
}
