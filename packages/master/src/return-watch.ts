/**
 * Long polling of job returns. A CLI waiting for a job asks the local client
 * channel's `job_returns` with `wait`: when nothing new is stored, the master
 * holds the request until a return of that job is committed, instead of the
 * CLI asking again every few milliseconds. An idle poll cost the master about
 * 0.6 ms of CPU, so a CLI waiting 20 s for a slow `cmd.run` cost it over a
 * second; a held request costs a timer.
 */

/** The longest the master holds one `job_returns` request, in milliseconds: well under the CLIs' 10 s request timeout. */
export const MAX_HOLD_MS = 5000;

/** The requests held for each job, woken when one of its returns lands. */
export class ReturnWatch {
  private readonly waiting = new Map<string, Set<() => void>>();
  private closed = false;

  /** A new return of `jid` was committed: wake every request held for it. */
  landed(jid: string): void {
    const wakers = this.waiting.get(jid);
    if (!wakers) return;
    this.waiting.delete(jid);
    for (const wake of wakers) wake();
  }

  /**
   * Wait for the next return of `jid`.
   * @param ms the longest wait, in milliseconds
   * @returns a promise that resolves when a return of `jid` lands, `ms` passes, or the watch closes
   */
  next(jid: string, ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.get(jid)?.delete(wake);
        if (this.waiting.get(jid)?.size === 0) this.waiting.delete(jid);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      const wakers = this.waiting.get(jid) ?? new Set();
      wakers.add(wake);
      this.waiting.set(jid, wakers);
    });
  }

  /** Wake every held request and hold none from now on (the master is stopping). */
  close(): void {
    this.closed = true;
    const all = [...this.waiting.values()].flatMap((s) => [...s]);
    this.waiting.clear();
    for (const wake of all) wake();
  }

}
