/**
 * Sends fuzzed frames to a request/reply socket of the master (the request
 * port, or the local client socket) through one zeromq DEALER, with at most
 * `window` frames awaiting their reply: the master's pace sets the
 * fuzzer's, and nothing queues without bound. Every reply is classified
 * (`ok`, or the error code the master answered with) and counted; a frame
 * whose reply has not come after `replyTimeoutMs` leaves the window and is
 * counted as unanswered. A frame the master must drop with its connection
 * (over the size limit) goes out on a DEALER of its own.
 */
import * as zmq from 'zeromq';
import { errorMessage } from '@brine/core/errors';
import type { ZmqFrame } from './kinds';
import { Tally } from './tally';

/** Names a reply: `ok`, an error code, or `malformed`; with the error's message. */
export type Classify = (reply: Buffer) => { outcome: string; message?: string };

/** Options of a {@link ZmqSink}. */
export interface ZmqSinkOptions {
  endpoint: string;
  /** Frames awaiting a reply at most. */
  window: number;
  /** After this many milliseconds without its reply, a frame counts as unanswered. */
  replyTimeoutMs: number;
  classify: Classify;
}

/** How long a send may block (the master not reading) before it counts as failed, in milliseconds. */
const SEND_TIMEOUT_MS = 5000;

/** A windowed DEALER. */
export class ZmqSink {
  /** Replies by outcome, plus `unanswered` and `send-failed`. */
  readonly tally = new Tally();
  private readonly dealer: zmq.Dealer;
  /** Send times of the frames awaiting a reply, oldest first (replies are matched in order: one frame, one reply). */
  private readonly inflight: number[] = [];
  private wake?: () => void;
  private readonly loop: Promise<void>;

  constructor(private readonly o: ZmqSinkOptions) {
    this.dealer = new zmq.Dealer({ linger: 0, sendTimeout: SEND_TIMEOUT_MS, reconnectInterval: 100 });
    this.dealer.connect(o.endpoint);
    this.loop = this.readReplies();
  }

  private async readReplies(): Promise<void> {
    try {
      for await (const parts of this.dealer) {
        this.inflight.shift();
        const { outcome, message } = this.o.classify(parts[parts.length - 1]);
        this.tally.add(outcome, message);
        this.wake?.();
      }
    } catch {
      // Closed.
    }
  }

  /** Drop frames whose reply is overdue from the window, counting them. */
  private expire(): void {
    const limit = Date.now() - this.o.replyTimeoutMs;
    while (this.inflight.length && this.inflight[0] < limit) {
      this.inflight.shift();
      this.tally.add('unanswered');
    }
  }

  /** Wait for a reply, or 50 ms. */
  private settle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 50);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Send one frame once the window has room. Never throws: a send that fails is counted. */
  async send(frame: ZmqFrame): Promise<void> {
    if (!frame.reply) return this.sendAlone(frame);
    while (this.inflight.length >= this.o.window) {
      this.expire();
      if (this.inflight.length >= this.o.window) await this.settle();
    }
    this.inflight.push(Date.now());
    try {
      await this.dealer.send(frame.parts);
    } catch {
      this.inflight.pop();
      this.tally.add('send-failed');
    }
  }

  /** A frame the master answers by dropping the connection: sent on a DEALER of its own, closed once dropped (or after 5 s). */
  private async sendAlone(frame: ZmqFrame): Promise<void> {
    const d = new zmq.Dealer({ linger: 0, sendTimeout: SEND_TIMEOUT_MS });
    const dropped = new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('not-dropped'), 5000);
      d.events.on('disconnect', () => {
        clearTimeout(timer);
        resolve('dropped');
      });
    });
    d.connect(this.o.endpoint);
    try {
      await d.send(frame.parts);
      this.tally.add(await dropped);
    } catch (err) {
      this.tally.add('send-failed', errorMessage(err));
    } finally {
      d.close();
    }
  }

  /** Wait (up to `ms`) for the replies still due, then close; what has not come by then counts as unanswered. */
  async close(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.inflight.length && Date.now() < deadline) await this.settle();
    for (; this.inflight.length; this.inflight.shift()) this.tally.add('unanswered');
    this.dealer.close();
    await this.loop;
  }
}
