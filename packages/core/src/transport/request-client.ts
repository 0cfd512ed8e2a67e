/**
 * A request/reply client over a zeromq Dealer: many requests in flight at
 * once, replies matched by request id (`rid`), each with its own timeout.
 * Used by minions (master's request port) and CLIs (the local client channel).
 *
 * With `idleCloseMs`, the connection is opened on demand and closed once no
 * request has been in flight for that long, as Salt's minions use the request
 * port (4506): "connects only to deliver data", while only the publish
 * connection (4505) stays open. Every connection costs the master libzmq
 * queues and buffers (tens of KB), so this halves what an idle fleet holds.
 */
import * as zmq from 'zeromq';
import { errorMessage, SaltReqTimeoutError } from '../errors';
import type { Logger } from '../log';
import { decodeFrame, encodeFrame } from '../protocol/frame';
import { MAX_FRAME_BYTES } from '../protocol/messages';
import { SendQueue } from './send-queue';

/** Options of a {@link RequestClient}. Intervals in milliseconds. */
export interface RequestClientOptions {
  log: Logger;
  /** The reply cmds accepted from the server; anything else is logged and dropped. */
  replies: readonly string[];
  context?: zmq.Context;
  reconnectInterval?: number;
  reconnectMaxInterval?: number;
  /**
   * Open the connection only for requests, and close it after this many ms
   * without one in flight. Omitted: connect at once and stay connected.
   */
  idleCloseMs?: number;
}

type ReplyMessage = { cmd: string; rid: number } & Record<string, unknown>;

interface Pending {
  resolve(msg: ReplyMessage): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** One open connection: the socket, its serialized sends, and its read loop. */
interface Connection {
  dealer: zmq.Dealer;
  queue: SendQueue;
}

/** A Dealer-based request client. */
export class RequestClient {
  private conn?: Connection;
  private idleTimer?: NodeJS.Timeout;
  private readonly pending = new Map<number, Pending>();
  private nextRid = 1;
  private closed = false;

  /** Client of `endpoint` (`tcp://host:port` or `ipc:///path`); connects now unless `idleCloseMs` is set. */
  constructor(private readonly endpoint: string, private readonly opts: RequestClientOptions) {
    if (opts.idleCloseMs === undefined) this.connection();
  }

  /** The open connection, opened if there is none. */
  private connection(): Connection {
    if (this.conn) return this.conn;
    const { context, reconnectInterval, reconnectMaxInterval } = this.opts;
    const dealer = new zmq.Dealer({
      ...(context ? { context } : {}),
      linger: 0,
      maxMessageSize: MAX_FRAME_BYTES,
      reconnectInterval: reconnectInterval ?? 1000,
      reconnectMaxInterval: reconnectMaxInterval ?? 10000,
    });
    dealer.connect(this.endpoint);
    const conn = { dealer, queue: new SendQueue(dealer) };
    this.conn = conn;
    void this.readLoop(dealer);
    return conn;
  }

  private async readLoop(dealer: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of dealer) {
        const last = frames[frames.length - 1];
        let msg: ReplyMessage;
        try {
          msg = decodeFrame(last, this.opts.replies);
        } catch (err) {
          this.opts.log.warning(`Dropping malformed reply: ${errorMessage(err)}`);
          continue;
        }
        this.settle(msg.rid, (p) => p.resolve(msg));
      }
    } catch (err) {
      if (!dealer.closed) this.opts.log.error(`Request socket failed: ${errorMessage(err)}`);
    }
  }

  /** Finish pending request `rid` (if still pending) with `how`, then start the idle countdown when none is left. */
  private settle(rid: number, how: (p: Pending) => void): void {
    const p = this.pending.get(rid);
    if (!p) return;
    this.pending.delete(rid);
    clearTimeout(p.timer);
    how(p);
    if (this.pending.size === 0 && this.opts.idleCloseMs !== undefined && this.conn) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.disconnect(), this.opts.idleCloseMs).unref();
    }
  }

  /** Close the connection if no request is in flight; the next request opens a new one. */
  private disconnect(): void {
    if (this.pending.size > 0 || !this.conn) return;
    this.conn.dealer.close();
    this.conn = undefined;
  }

  /**
   * Send `msg` (a `cmd` plus fields; `v` and `rid` are added) and wait for its reply.
   * @param timeoutMs how long to wait, in milliseconds
   * @returns the decoded, shape-checked reply
   * @throws SaltReqTimeoutError when no reply arrives in time; Error when the client is closed
   */
  request<T = Record<string, unknown>>(msg: { cmd: string } & Record<string, unknown>, timeoutMs: number): Promise<T & ReplyMessage> {
    if (this.closed) return Promise.reject(new Error('request client is closed'));
    clearTimeout(this.idleTimer);
    const { queue } = this.connection();
    const rid = this.nextRid++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(rid, (p) => p.reject(new SaltReqTimeoutError(`Message timed out after ${timeoutMs / 1000} seconds (${msg.cmd})`))),
        timeoutMs,
      );
      this.pending.set(rid, { resolve: resolve as Pending['resolve'], reject, timer });
      queue.send(encodeFrame({ ...msg, rid })).catch((err: Error) => this.settle(rid, (p) => p.reject(err)));
    });
  }

  /** Close the socket; pending requests fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('request client closed'));
    }
    this.pending.clear();
    this.conn?.dealer.close();
    this.conn = undefined;
  }
}
