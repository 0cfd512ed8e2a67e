/**
 * The wait of a minion whose key is not accepted, between two
 * authentication attempts: acceptance_wait_time, as Salt's, unless the
 * master's signed acceptance notice (master/acceptance.ts) says salt-key
 * accepted it, which brings the next attempt forward to a random delay
 * within the notice's splay.
 *
 * A notice only moves an attempt that would happen anyway, and the attempt
 * is verified as any other. A notice that arrives while an attempt is under
 * way (its answer may predate the acceptance) cuts the next wait instead of
 * being lost. At most one notice is acted on per acceptance_wait_time, so
 * a replayed one can at most double the attempts of a waiting minion; the
 * count starts afresh once the master accepts it.
 */

/** The wait between authentication attempts while this minion's key is not accepted. */
export class AcceptanceWait {
  /** Cuts the wait under way to `delayMs` from now (set while a wait is under way). */
  private cut?: (delayMs: number) => void;
  /** A notice acted on while no wait was under way: the next wait lasts this many ms. */
  private early?: number;
  /** When the last notice was acted on (ms, `now`'s clock). */
  private lastNotice = -Infinity;

  /**
   * @param periodMs acceptance_wait_time, in ms
   * @param now the clock, in ms
   * @param random a number in [0, 1), for the splay
   */
  constructor(
    private readonly periodMs: number,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * Wait `periodMs`, or less if a notice is acted on meanwhile (or was since the last wait); resolves at once
   * when `signal` aborts. Never rejects.
   */
  wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let early: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        clearTimeout(early);
        signal.removeEventListener('abort', done);
        this.cut = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.early ?? this.periodMs);
      this.early = undefined;
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted) return done();
      this.cut = (delayMs) => (early ??= setTimeout(done, delayMs));
    });
  }

  /**
   * The master announced that this minion's key was accepted (a verified notice naming it, or naming none):
   * bring the next attempt forward to a random delay up to `splayMs` (at most the period).
   * @returns false when ignored: a notice was already acted on less than a period ago
   */
  notice(splayMs: number): boolean {
    const now = this.now();
    if (now - this.lastNotice < this.periodMs) return false;
    this.lastNotice = now;
    const delay = Math.floor(this.random() * Math.min(splayMs, this.periodMs));
    if (this.cut) this.cut(delay);
    else this.early = delay;
    return true;
  }

  /** The master accepted this minion: forget a notice not yet acted on, and start the count afresh. */
  accepted(): void {
    this.early = undefined;
    this.lastNotice = -Infinity;
  }
}
