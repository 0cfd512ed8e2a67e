/**
 * The publishing side of a zeromq PUB socket (the master's publish port):
 * bind, send frames to every connected subscriber, close. Sends are queued,
 * as zeromq.js allows one pending send per socket.
 */
import * as zmq from 'zeromq';
import { isIpv6 } from './endpoint';
import { SendQueue } from './send-queue';

/** Options of a {@link Publisher}. */
export interface PublisherOptions {
  /** Frames queued per subscriber before further ones are dropped for it (zeromq's send high-water mark). */
  sendHighWaterMark: number;
}

/** A PUB socket. */
export class Publisher {
  private readonly socket: zmq.Publisher;
  private readonly queue: SendQueue;

  constructor(opts: PublisherOptions) {
    this.socket = new zmq.Publisher({ linger: 0, sendHighWaterMark: opts.sendHighWaterMark });
    this.queue = new SendQueue(this.socket);
  }

  /** Bind (`tcp://127.0.0.1:*` picks a free port). @returns the bound endpoint */
  async bind(endpoint: string): Promise<string> {
    this.socket.ipv6 = isIpv6(endpoint);
    await this.socket.bind(endpoint);
    return this.socket.lastEndpoint ?? endpoint;
  }

  /** Send one frame to every subscriber. @throws what zeromq throws (a closed socket) */
  send(frame: Uint8Array): Promise<void> {
    return this.queue.send(frame);
  }

  /** Close the socket. */
  close(): void {
    this.socket.close();
  }
}
