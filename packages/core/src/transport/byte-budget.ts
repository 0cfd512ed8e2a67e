/**
 * A token bucket: what a peer may send, as a burst and then a steady rate.
 * The publish port gives each subscriber one of bytes, since a real
 * subscriber sends a subscription or two and, with heartbeats on, a PING
 * now and then; a peer that sends more is closed before its frames can
 * occupy the master's thread. The master gives each minion firing custom
 * events one of events (events/minion-event-guard.ts).
 */

/** Burst and rate of a {@link ByteBudget}. */
export interface ByteBudgetOptions {
  /** Tokens (bytes, events) that may arrive at once (the bucket's size). */
  burst: number;
  /** Tokens per second the bucket refills with. */
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

  /** Spend `bytes` just received, even past what is left. @returns false when they exceed what the peer may send now */
  spend(bytes: number): boolean {
    this.refill();
    this.tokens -= bytes;
    return this.tokens >= 0;
  }

  /** Take `n` tokens if the bucket holds them. @returns false (and nothing taken) when it does not */
  take(n: number): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Whether the bucket is full again (as good as new: a holder of many may forget it). */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.o.burst;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.o.burst, this.tokens + ((now - this.at) / 1000) * this.o.perSecond);
    this.at = now;
  }
}
