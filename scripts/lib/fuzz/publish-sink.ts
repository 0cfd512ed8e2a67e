/**
 * Fuzzes the master's publish port (XPUB, 4505) through a few zeromq sockets
 * per kind, each in a numbered slot: SUB sockets that subscribe, cancel and
 * reconnect; XSUB sockets that send raw frames (subscriptions are frames
 * whose first byte is 1, cancellations 0, anything else is garbage to a
 * PUB); DEALER sockets, a type the port must refuse. Bounded: each socket
 * holds at most `maxSubscriptions` subscriptions (it is closed and opened
 * anew when it would hold more), topics are bounded by the generator, and a
 * send that cannot go out at once is dropped, so at most `slots` sockets of
 * each type and what their queues hold exist at any time.
 */
import * as zmq from 'zeromq';
import type { PublishFrame } from './kinds';
import type { Tally } from './tally';

/** Options of a {@link PublishSink}. */
export interface PublishSinkOptions {
  endpoint: string;
  /** Sockets of each type. */
  slots: number;
  /** Subscriptions one socket holds at most. */
  maxSubscriptions: number;
}

type Sock = zmq.Subscriber | zmq.XSubscriber | zmq.Dealer;

/** A slot's socket and how many subscriptions it has sent. */
interface Slot {
  socket: Sock;
  subscriptions: number;
}

/** The publish port's sockets. */
export class PublishSink {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly o: PublishSinkOptions) {}

  private open(type: PublishFrame['socket']): Sock {
    // Reads nothing: publications these sockets receive wait in their queue (bounded by its high-water mark) until closed.
    const opts = { linger: 0, reconnectInterval: 100 };
    const socket = type === 'sub' ? new zmq.Subscriber(opts) : type === 'xsub' ? new zmq.XSubscriber({ ...opts, sendTimeout: 0 }) : new zmq.Dealer({ ...opts, sendTimeout: 0 });
    socket.connect(this.o.endpoint);
    return socket;
  }

  private slot(frame: PublishFrame, reopen: boolean, tally: Tally): Slot {
    const name = `${frame.socket}${frame.slot}`;
    let s = this.slots.get(name);
    if (s && reopen) {
      s.socket.close();
      tally.add('reopened');
      s = undefined;
    }
    if (!s) this.slots.set(name, (s = { socket: this.open(frame.socket), subscriptions: 0 }));
    return s;
  }

  /**
   * Apply one operation, counting its outcome in `tally`: `subscribed`, `cancelled`, `sent`, `reopened`, or
   * `dropped` (could not be queued at once). Never throws.
   */
  async send(frame: PublishFrame, tally: Tally): Promise<void> {
    const subscribing = frame.action === 'subscribe' || (frame.socket === 'xsub' && frame.parts[0]?.[0] === 1);
    const held = this.slots.get(`${frame.socket}${frame.slot}`)?.subscriptions ?? 0;
    const s = this.slot(frame, frame.action === 'reopen' || (subscribing && held >= this.o.maxSubscriptions), tally);
    if (frame.action === 'reopen') return;
    if (subscribing) s.subscriptions++;
    try {
      if (frame.action === 'subscribe') (s.socket as zmq.Subscriber).subscribe(frame.topic);
      else if (frame.action === 'unsubscribe') (s.socket as zmq.Subscriber).unsubscribe(frame.topic);
      else await (s.socket as zmq.XSubscriber | zmq.Dealer).send(frame.parts);
      tally.add(frame.action === 'send' ? (subscribing ? 'subscribed' : 'sent') : frame.action === 'subscribe' ? 'subscribed' : 'cancelled');
    } catch {
      tally.add('dropped');
    }
  }

  /** Close every socket. */
  close(): void {
    for (const s of this.slots.values()) s.socket.close();
    this.slots.clear();
  }
}
