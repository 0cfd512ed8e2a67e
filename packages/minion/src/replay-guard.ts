/**
 * The replay guard a minion applies to every job before running it: a jid it
 * has already run, or one older than its replay horizon, is refused (Salt's
 * replay flaw, CVE-2022-22936). Signatures and decryption are checked before,
 * by protocol/v1/secure.ts.
 */

/**
 * Remembers which jids ran. A jid is admitted once, and only if it is newer than
 * the horizon: the master's clock at first authentication, raised as old
 * entries are forgotten, so memory stays bounded without readmitting old jids.
 */
export class ReplayGuard {
  private readonly seen = new Set<string>();

  /**
   * @param horizon a jid-format time; jids at or before it are refused
   * @param capacity how many jids to remember before the oldest are forgotten
   */
  constructor(private horizon: string, private readonly capacity = 100000) {}

  /** True (and remembered) the first time a jid newer than the horizon is seen; false otherwise. */
  admit(jid: string): boolean {
    if (jid <= this.horizon || this.seen.has(jid)) return false;
    this.seen.add(jid);
    if (this.seen.size > this.capacity) {
      const sorted = [...this.seen].sort();
      const drop = sorted.slice(0, sorted.length - Math.floor(this.capacity / 2));
      for (const j of drop) this.seen.delete(j);
      this.horizon = drop[drop.length - 1];
    }
    return true;
  }
}
