/**
 * zeromq.js allows one pending `send` per socket ("Socket is busy writing"):
 * a socket that may block, or that many concurrent handlers reply on, needs
 * its sends serialized. This queue chains them.
 */
import type { Writable } from 'zeromq';

/** Serializes sends on one socket; `send` resolves when the message is queued by zeromq. */
export class SendQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly socket: Writable) {}

  /** Queue `frames` behind earlier sends. @throws what zeromq throws (closed socket, send timeout) */
  send(frames: Parameters<Writable['send']>[0]): Promise<void> {
    const next = this.tail.then(() => this.socket.send(frames));
    this.tail = next.catch(() => undefined);
    return next;
  }
}
