/**
 * The publishing side of the master's publish port: an XPUB socket in manual
 * mode. What subscribers ask for never enters the table publications are
 * matched against: each peer that subscribes (a minion subscribes to
 * everything) is given the one empty subscription, whatever it sent, so that
 * table holds one entry per connection. Known hole: libzmq 4.3 still records
 * each connection's own subscriptions until it closes (200,000 from one
 * XSUB cost 1.9 GB and a 5 s stall at disconnect); see the README. Minions
 * decide on their side which publications are theirs. Frames a peer sends
 * are capped in size (a subscription is a few bytes); a larger one closes the
 * connection.
 */
import * as zmq from 'zeromq';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { isIpv6 } from './endpoint';
import { SendQueue } from './send-queue';

/** ZMQ_SUBSCRIBE: on an XPUB socket in manual mode, subscribes the peer whose message was read last. */
const ZMQ_SUBSCRIBE = 6;
/** The largest frame a subscriber may send, in bytes: a subscription message is one byte plus its prefix. */
const MAX_PEER_FRAME_BYTES = 256;
/** Frames queued from one subscriber before libzmq stops reading it. */
const RECEIVE_HWM = 16;

/** An XPUB socket that subscribes every peer to everything and keeps nothing else. */
class EverythingPublisher extends zmq.XPublisher {
  /** Give the peer whose subscription message was read last the empty subscription (all publications). */
  subscribeLastPeer(): void {
    this.setStringOption(ZMQ_SUBSCRIBE, '');
  }
}

/** Options of a {@link Publisher}. */
export interface PublisherOptions {
  /** Frames queued per subscriber before further ones are dropped for it (zeromq's send high-water mark). */
  sendHighWaterMark: number;
  log: Logger;
}

/** The master's publish socket. */
export class Publisher {
  private readonly socket: EverythingPublisher;
  private readonly queue: SendQueue;
  private closed = false;
  private loop?: Promise<void>;

  constructor(private readonly opts: PublisherOptions) {
    this.socket = new EverythingPublisher({
      linger: 0,
      manual: true,
      sendHighWaterMark: opts.sendHighWaterMark,
      receiveHighWaterMark: RECEIVE_HWM,
      maxMessageSize: MAX_PEER_FRAME_BYTES,
    });
    this.queue = new SendQueue(this.socket);
  }

  /** Bind (`tcp://127.0.0.1:*` picks a free port) and start answering subscriptions. @returns the bound endpoint */
  async bind(endpoint: string): Promise<string> {
    this.socket.ipv6 = isIpv6(endpoint);
    await this.socket.bind(endpoint);
    this.loop = this.subscriptions();
    return this.socket.lastEndpoint ?? endpoint;
  }

  /** Read what peers send (subscriptions, or anything else) and subscribe each to everything; keep none of it. */
  private async subscriptions(): Promise<void> {
    try {
      for await (const _frames of this.socket) this.socket.subscribeLastPeer();
    } catch (err) {
      if (!this.closed) this.opts.log.error(`Publish socket failed: ${errorMessage(err)}`);
    }
  }

  /** Send one frame to every subscriber. @throws what zeromq throws (a closed socket) */
  send(frame: Uint8Array): Promise<void> {
    return this.queue.send(frame);
  }

  /** Close the socket. */
  async close(): Promise<void> {
    this.closed = true;
    this.socket.close();
    await this.loop;
  }
}
