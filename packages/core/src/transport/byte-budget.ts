/**
 * A token bucket of bytes: what a peer may send, as a burst and then a
 * steady rate. The publish port gives each subscriber one, since a real
 * subscriber sends a subscription or two and, with heartbeats on, a PING
 * now and then; a peer that sends more is closed before its frames can
 * occupy the master's thread.
 */

/** Burst and rate of a {@link ByteBudget}. */
export interface ByteBudgetOptions {
  /** Bytes that may arrive at once (the bucket's size). */
  burst: number;
  /** Bytes per second the bucket refills with. */
  perSecond: number;
  /** The clock, in ms (Date.now by default). */
  now?: () => number;
}

/** Bytes a peer may still send (see the module note). */
export class ByteBudget {
  private tokens: number;
  private at: number;
  private readonly now: () => number;

  constructor(private readonly o: ByteBudgetOptions) {
    this.now = o.now ?? Date.now;
    this.tokens = o.burst;
    this.at = this.now();
  }

  /** Spend `bytes` just received. @returns false when they exceed what the peer may send now */
  spend(bytes: number): boolean {
    const now = this.now();
    this.tokens = Math.min(this.o.burst, this.tokens + ((now - this.at) / 1000) * this.o.perSecond);
    this.at = now;
    this.tokens -= bytes;
    return this.tokens >= 0;
  }
}
