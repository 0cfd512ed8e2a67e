/**
 * A request/reply client over a zeromq Dealer: many requests in flight at
 * once, replies matched by request id (`rid`), each with its own timeout.
 * Used by minions (the master's request port) and CLIs (the local client
 * channel); {@link RequestClient.channel} gives a typed client of a channel.
 */
import * as zmq from 'zeromq';
import { errorMessage, SaltReqTimeoutError } from '../errors';
import type { Logger } from '../log';
import { pack, unpack } from '../protocol/frame';
import { channelClient, type CallOptions, type Channel, type ClientOf, type Commands } from '../protocol/v1/channel';
import { PROTOCOL_VERSION } from '../protocol/v1/constants';
import type { Call, Outcome } from '../protocol/v1/envelope';
import { REPLY_FRAME } from '../protocol/v1/runtime';
import { connectingSocketOptions, type ConnectOptions } from './connecting-socket';
import { SendQueue } from './send-queue';

/** Options of a {@link RequestClient}. */
export interface RequestClientOptions extends ConnectOptions {
  log: Logger;
  /** The credential sent with every request (the local client's root or user key). */
  key?: string;
  /** With the root key, the user who ran the command through sudo (Salt's SUDO_USER), sent with every request. */
  sudoUser?: string;
  /** How long a request waits for its reply when the call gives no timeout, in milliseconds (default 10 s). */
  timeoutMs?: number;
}

interface Pending {
  resolve(outcome: Outcome): void;
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
    this.dealer = new zmq.Dealer(connectingSocketOptions(endpoint, opts));
    this.dealer.connect(endpoint);
    this.queue = new SendQueue(this.dealer);
    void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    try {
      for await (const frames of this.dealer) {
        let reply;
        try {
          reply = REPLY_FRAME.check(unpack(frames[frames.length - 1]));
        } catch (err) {
          this.opts.log.warning(`Dropping malformed reply: ${errorMessage(err)}`);
          continue;
        }
        const p = this.pending.get(reply.rid);
        if (!p) continue;
        this.pending.delete(reply.rid);
        clearTimeout(p.timer);
        p.resolve(reply);
      }
    } catch (err) {
      if (!this.closed) this.opts.log.error(`Request socket failed: ${errorMessage(err)}`);
    }
  }

  /**
   * Send one call and wait for its outcome (not yet checked against the command's reply schema).
   * @param opts.timeoutMs how long to wait, in milliseconds (default: the client's)
   * @throws SaltReqTimeoutError when no reply arrives in time; Error when the client is closed
   */
  call(call: Call, opts: CallOptions = {}): Promise<Outcome> {
    if (this.closed) return Promise.reject(new Error('request client is closed'));
    const timeoutMs = opts.timeoutMs ?? this.opts.timeoutMs ?? 10000;
    const rid = this.nextRid++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(new SaltReqTimeoutError(`Message timed out after ${timeoutMs / 1000} seconds (${call.cmd})`));
      }, timeoutMs);
      this.pending.set(rid, { resolve, reject, timer });
      const frame = { v: PROTOCOL_VERSION, rid, cmd: call.cmd, req: call.req, ...(this.opts.key === undefined ? {} : { key: this.opts.key }), ...(this.opts.sudoUser === undefined ? {} : { sudo_user: this.opts.sudoUser }) };
      this.queue.send(pack(frame)).catch((err: Error) => {
        if (this.pending.delete(rid)) {
          clearTimeout(timer);
          reject(err);
        }
      });
    });
  }

  /** A typed client of `channel` over this connection: a method per command (see protocol/v1/channel.ts). */
  channel<C extends Commands>(channel: Channel<C>): ClientOf<C> {
    return channelClient(channel, (call, opts) => this.call(call, opts));
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
