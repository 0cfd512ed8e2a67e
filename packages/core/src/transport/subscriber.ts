/**
 * The receiving side of a zeromq SUB socket (a minion on the master's publish
 * port): connect, subscribe to everything, and hand each frame to a callback
 * until closed. Frames over MAX_FRAME_BYTES are dropped by the socket.
 */
import * as zmq from 'zeromq';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { connectingSocketOptions, type ConnectOptions } from './connecting-socket';

/** Options of a {@link Subscriber}. */
export interface SubscriberOptions extends ConnectOptions {
  log: Logger;
}

/** A SUB socket subscribed to every frame. */
export class Subscriber {
  private readonly socket: zmq.Subscriber;
  private closed = false;

  /** Connect to `endpoint` and subscribe to everything. */
  constructor(endpoint: string, private readonly opts: SubscriberOptions) {
    this.socket = new zmq.Subscriber(connectingSocketOptions(endpoint, opts));
    this.socket.connect(endpoint);
    this.socket.subscribe();
  }

  /**
   * Call `onFrame` with each frame received (its first part), in order, until {@link close}.
   * @returns resolves once closed; a socket failure is logged, never thrown
   */
  async receive(onFrame: (frame: Uint8Array) => void): Promise<void> {
    try {
      for await (const [frame] of this.socket) onFrame(frame);
    } catch (err) {
      if (!this.closed) this.opts.log.error(`Publish socket failed: ${errorMessage(err)}`);
    }
  }

  /** Close the socket; {@link receive} resolves. */
  close(): void {
    this.closed = true;
    this.socket.close();
  }
}
