/**
 * A typed request server over a zeromq Router: it serves one channel
 * (protocol/v1/channel.ts) with a handler per command. Each frame is decoded
 * and checked (envelope, credential, then the command's request schema)
 * before its handler runs; handlers run concurrently and the reply goes back
 * to the sender's routing id. Nothing from the network can throw out of the
 * receive loop: a bad frame is logged with its peer, then answered with an
 * `invalid` error. Repeated warnings about one peer are rate-limited
 * (warning-limiter.ts).
 */
import * as zmq from 'zeromq';
import { errorCode, errorMessage, ProtocolError } from '../errors';
import type { Logger } from '../log';
import { MAX_FRAME_BYTES, pack, unpack } from '../protocol/frame';
import { failure, type Channel, type Commands, type Handlers } from '../protocol/v1/channel';
import { PROTOCOL_VERSION } from '../protocol/v1/constants';
import type { Outcome } from '../protocol/v1/envelope';
import { REQUEST_FRAME } from '../protocol/v1/runtime';
import { isIpv6, LISTEN_BACKLOG } from './endpoint';
import { WarningLimiter } from '../warning-limiter';
import { SendQueue } from './send-queue';

/** Replies queued for one peer at most; a ROUTER drops further replies to a peer that does not read them, never blocking the others. */
const REPLY_HWM = 1000;

/** What a handler learns of the caller besides its request: the peer's routing id, in hex, for logs. */
export interface Peer {
  peer: string;
}

/** What a request frame claims of its sender besides its credential (envelope.ts): the user who ran sudo. */
export interface RequestClaim {
  sudo_user?: string;
}

/**
 * Options of a {@link RequestServer}. `A` is what {@link RequestServerOptions.authenticate} learns of the caller
 * (the local client's {@link Caller}), merged into every handler's context with the {@link Peer}.
 */
export interface RequestServerOptions<C extends Commands, A extends object = object> {
  log: Logger;
  channel: Channel<C>;
  handlers: Handlers<C, Peer & A>;
  /**
   * Check a request's credential (the envelope's `key`) and claim before it is dispatched.
   * @returns who the caller is, merged into the handler's context
   * @throws AuthenticationError (or any error) to refuse the request
   */
  authenticate?: (key: string | undefined, claim: RequestClaim) => A;
  /**
   * Called after a request is handled, just before its reply is sent (the master writes the events the request
   * fired to its event log here, so what a peer saw acknowledged survives a crash of the master). Must not throw.
   */
  beforeReply?: () => void;
  context?: zmq.Context;
}

/** The request id of a frame that failed its checks, when one can be read, so the client's request fails fast. */
function ridOf(decoded: unknown): number {
  const rid = typeof decoded === 'object' && decoded !== null ? (decoded as { rid?: unknown }).rid : undefined;
  return typeof rid === 'number' ? rid : 0;
}

/** A Router-based server for one typed channel. */
export class RequestServer<C extends Commands, A extends object = object> {
  private readonly router: zmq.Router;
  /** Replies finish in any order; zeromq.js allows one pending send per socket, so they queue. */
  private readonly replies: SendQueue;
  /** Keys: the kind of problem, the peer, and for refusals the error code; never text the peer chose. */
  private readonly warnings = new WarningLimiter();
  private closed = false;
  private loop?: Promise<void>;

  constructor(private readonly opts: RequestServerOptions<C, A>) {
    this.router = new zmq.Router({ ...(opts.context ? { context: opts.context } : {}), linger: 0, backlog: LISTEN_BACKLOG, maxMessageSize: MAX_FRAME_BYTES, sendHighWaterMark: REPLY_HWM });
    this.replies = new SendQueue(this.router);
  }

  /**
   * Bind to `endpoint` (`tcp://127.0.0.1:*` picks a free port) and start serving.
   * @returns the bound endpoint
   * @throws Error naming the endpoint when it cannot be bound (`Cannot bind tcp://0.0.0.0:4506: Address already in use`)
   */
  async bind(endpoint: string): Promise<string> {
    this.router.ipv6 = isIpv6(endpoint);
    try {
      await this.router.bind(endpoint);
    } catch (err) {
      throw new Error(`Cannot bind ${endpoint}: ${errorMessage(err)}`);
    }
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
    let decoded: unknown;
    let outcome: Outcome;
    try {
      if (rest.length !== 1) throw new ProtocolError(`expected 1 frame part, got ${rest.length}`);
      decoded = unpack(rest[0]);
      const { cmd, req, key, sudo_user } = REQUEST_FRAME.check(decoded);
      // Without a credential check the handlers' context is the peer alone (A is then `object`).
      const caller = this.opts.authenticate ? this.opts.authenticate(key, sudo_user === undefined ? {} : { sudo_user }) : ({} as A);
      outcome = await this.opts.channel.dispatch(this.opts.handlers, { cmd, req }, { ...caller, peer }, (err, failed) =>
        // The command is the peer's text: quoted, so it cannot forge a log line.
        this.warnings.log(this.opts.log, 'warning', `refused:${peer}:${errorCode(err)}`, `Request ${JSON.stringify(failed)} from peer ${peer} refused: ${errorMessage(err)}`),
      );
    } catch (err) {
      this.warnings.log(this.opts.log, 'warning', `bad:${peer}`, `Bad request from peer ${peer}: ${errorMessage(err)}`);
      outcome = failure(err);
    }
    if (this.closed) return;
    this.opts.beforeReply?.();
    try {
      await this.replies.send([identity, pack({ v: PROTOCOL_VERSION, rid: ridOf(decoded), ...outcome })]);
    } catch (err) {
      if (!this.closed) this.warnings.log(this.opts.log, 'warning', `reply:${peer}`, `Cannot reply to peer ${peer}: ${errorMessage(err)}`);
    }
  }

  /** Stop serving and close the socket. */
  async close(): Promise<void> {
    this.closed = true;
    this.router.close();
    await this.loop;
  }
}
