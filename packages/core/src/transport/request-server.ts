/**
 * A request server over a zeromq Router. Each frame is decoded and
 * shape-checked, then handed to the handler; handlers run concurrently and the
 * reply goes back to the sender's routing id. Nothing from the network can
 * throw out of the receive loop: a bad frame is logged with its peer, then
 * answered with an `error` reply.
 */
import * as zmq from 'zeromq';
import { errorMessage, ProtocolError } from '../errors';
import type { Logger } from '../log';
import { decodeFrame, encodeFrame, unpack } from '../protocol/frame';
import { MAX_FRAME_BYTES } from '../protocol/messages';
import { SendQueue } from './send-queue';

/** Replies queued for one peer at most; a ROUTER drops further replies to a peer that does not read them, never blocking the others. */
const REPLY_HWM = 1000;

/** A decoded request. */
export type Request = { cmd: string; rid: number } & Record<string, unknown>;
/** A handler's reply (`v` and `rid` are added), or undefined for no reply. */
export type Reply = ({ cmd: string } & Record<string, unknown>) | undefined;

/** Options of a {@link RequestServer}. */
export interface RequestServerOptions {
  log: Logger;
  /** The request cmds this channel accepts. */
  requests: readonly string[];
  handler(req: Request): Promise<Reply> | Reply;
  context?: zmq.Context;
}

function ridOf(bytes: Uint8Array): number {
  try {
    const m = unpack(bytes) as Record<string, unknown>;
    return typeof m?.rid === 'number' ? m.rid : 0;
  } catch {
    return 0;
  }
}

/** A Router-based request server. */
export class RequestServer {
  private readonly router: zmq.Router;
  /** Replies finish in any order; zeromq.js allows one pending send per socket, so they queue. */
  private readonly replies: SendQueue;
  private closed = false;
  private loop?: Promise<void>;

  constructor(private readonly opts: RequestServerOptions) {
    this.router = new zmq.Router({ ...(opts.context ? { context: opts.context } : {}), linger: 0, maxMessageSize: MAX_FRAME_BYTES, sendHighWaterMark: REPLY_HWM });
    this.replies = new SendQueue(this.router);
  }

  /** Bind to `endpoint` (`tcp://127.0.0.1:*` picks a free port) and start serving. @returns the bound endpoint */
  async bind(endpoint: string): Promise<string> {
    await this.router.bind(endpoint);
    this.loop = this.readLoop();
    return this.router.lastEndpoint ?? endpoint;
  }

  private async readLoop(): Promise<void> {
    try {
      for await (const frames of this.router) void this.serve(frames);
    } catch (err) {
      if (!this.closed) this.opts.log.error(`Request server socket failed: ${errorMessage(err)}`);
    }
  }

  private async serve(frames: Buffer[]): Promise<void> {
    const [identity, ...rest] = frames;
    const peer = identity?.toString('hex') ?? '?';
    let reply: Reply;
    let req: Request | undefined;
    try {
      if (rest.length !== 1) throw new ProtocolError(`expected 1 frame part, got ${rest.length}`);
      req = decodeFrame<Request>(rest[0], this.opts.requests);
      reply = await this.opts.handler(req);
    } catch (err) {
      this.opts.log.warning(`Bad request from peer ${peer}: ${errorMessage(err)}`);
      reply = { cmd: 'error', error: errorMessage(err) };
    }
    // A malformed frame may still carry a readable rid; echo it so the client's request fails fast.
    const rid = req?.rid ?? (rest.length === 1 ? ridOf(rest[0]) : 0);
    if (!reply || this.closed) return;
    try {
      await this.replies.send([identity, encodeFrame({ ...reply, rid })]);
    } catch (err) {
      if (!this.closed) this.opts.log.warning(`Cannot reply to peer ${peer}: ${errorMessage(err)}`);
    }
  }

  /** Stop serving and close the socket. */
  async close(): Promise<void> {
    this.closed = true;
    this.router.close();
    await this.loop;
  }
}
