/**
 * A request/reply client over a zeromq Dealer: many requests in flight at
 * once, replies matched by request id (`rid`), each with its own timeout.
 * Used by minions (master's request port) and CLIs (the local client channel).
 */
import * as zmq from 'zeromq';
import { errorMessage, SaltReqTimeoutError } from '../errors';
import type { Logger } from '../log';
import { decodeFrame, encodeFrame } from '../protocol/frame';
import { MAX_FRAME_BYTES } from '../protocol/messages';
import { SendQueue } from './send-queue';

/** Options of a {@link RequestClient}. Reconnect intervals in milliseconds. */
export interface RequestClientOptions {
  log: Logger;
  /** The reply cmds accepted from the server; anything else is logged and dropped. */
  replies: readonly string[];
  context?: zmq.Context;
  reconnectInterval?: number;
  reconnectMaxInterval?: number;
}

interface Pending {
  resolve(msg: { cmd: string; rid: number } & Record<string, unknown>): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** A Dealer-based request client. */
export class RequestClient {
  private readonly dealer: zmq.Dealer;
  private readonly queue: SendQueue;
  private readonly pending = new Map<number, Pending>();
  private nextRid = 1;
  private closed = false;

  /** Connect to `endpoint` (`tcp://host:port` or `ipc:///path`) and start reading replies. */
  constructor(endpoint: string, private readonly opts: RequestClientOptions) {
    this.dealer = new zmq.Dealer({
      ...(opts.context ? { context: opts.context } : {}),
      linger: 0,
      maxMessageSize: MAX_FRAME_BYTES,
      reconnectInterval: opts.reconnectInterval ?? 1000,
      reconnectMaxInterval: opts.reconnectMaxInterval ?? 10000,
    });
    this.dealer.connect(endpoint);
    this.queue = new SendQueue(this.dealer);
    void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    try {
      for await (const frames of this.dealer) {
        const last = frames[frames.length - 1];
        let msg: { cmd: string; rid: number } & Record<string, unknown>;
        try {
          msg = decodeFrame(last, this.opts.replies);
        } catch (err) {
          this.opts.log.warning(`Dropping malformed reply: ${errorMessage(err)}`);
          continue;
        }
        const p = this.pending.get(msg.rid);
        if (!p) continue;
        this.pending.delete(msg.rid);
        clearTimeout(p.timer);
        p.resolve(msg);
      }
    } catch (err) {
      if (!this.closed) this.opts.log.error(`Request socket failed: ${errorMessage(err)}`);
    }
  }

  /**
   * Send `msg` (a `cmd` plus fields; `v` and `rid` are added) and wait for its reply.
   * @param timeoutMs how long to wait, in milliseconds
   * @returns the decoded, shape-checked reply
   * @throws SaltReqTimeoutError when no reply arrives in time; Error when the client is closed
   */
  request<T = Record<string, unknown>>(msg: { cmd: string } & Record<string, unknown>, timeoutMs: number): Promise<T & { cmd: string; rid: number }> {
    if (this.closed) return Promise.reject(new Error('request client is closed'));
    const rid = this.nextRid++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(new SaltReqTimeoutError(`Message timed out after ${timeoutMs / 1000} seconds (${msg.cmd})`));
      }, timeoutMs);
      this.pending.set(rid, { resolve: resolve as Pending['resolve'], reject, timer });
      this.queue.send(encodeFrame({ ...msg, rid })).catch((err: Error) => {
        if (this.pending.delete(rid)) {
          clearTimeout(timer);
          reject(err);
        }
      });
    });
  }

  /** Close the socket; pending requests fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('request client closed'));
    }
    this.pending.clear();
    this.dealer.close();
  }
}
