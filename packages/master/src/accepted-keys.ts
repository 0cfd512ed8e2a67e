/**
 * The accepted minion keys as the master knows them, kept in step with
 * pki_dir whoever changes it: salt-key (which also tells a running master at
 * once), an admin with `rm`, or a change made while the master was stopped
 * or unreachable. A change to the `minions/` folder is seen with one stat
 * (its times move with every entry added, removed or renamed); the folder is
 * read again only then. On the request path the stat is made at most every
 * {@link SETTLE_MS}, so neither an authentication storm that accepts
 * thousands of keys nor a stream of returns costs a stat or a read per
 * request. Before a job is sealed, a change is always read at once.
 */
import fs from 'node:fs';
import type { Pki } from './pki';

/** The least time between two checks of the folder prompted by requests, in ms. */
const SETTLE_MS = 100;

/** The accepted ids, read again when their folder changes; removals are reported. */
export class AcceptedKeys {
  private readStamp = '';
  /** Accepted ids and the identity of each key file (Pki.identity). */
  private ids = new Map<string, string | undefined>();
  /** The last stamp taken (stat), and when (ms since the epoch). */
  private lastStamp = '';
  private lastStampAt = -Infinity;
  private timer?: NodeJS.Timeout;

  /**
   * @param onRemoved called with the ids no longer accepted (deleted, rejected, or moved away by hand)
   *   each time a read finds some
   */
  constructor(
    private readonly pki: Pki,
    private readonly onRemoved: (ids: string[]) => void,
  ) {
    this.read();
  }

  /** The folder's state now (one stat): its modification and change times (ns) and inode. */
  stamp(): string {
    const st = fs.statSync(this.pki.dir('accepted'), { bigint: true });
    this.lastStamp = `${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
    this.lastStampAt = Date.now();
    return this.lastStamp;
  }

  /**
   * The folder's state as of at most SETTLE_MS ago, for the request path: a stat per sealed request cost
   * the master ~20 µs each, 0.4 s of a 20,000-return burst. A change is seen within SETTLE_MS, and at once
   * after salt-key's word (key_event) or before a job is sealed (settle).
   */
  recentStamp(): string {
    return Date.now() - this.lastStampAt < SETTLE_MS ? this.lastStamp : this.stamp();
  }

  /**
   * Read the folder and report what left it: a key gone, or replaced by another under the same id (deleted,
   * then accepted again, while the master was not looking), whose old holder must lose the session key too.
   */
  private read(): void {
    this.readStamp = this.stamp();
    const ids = new Map(this.pki.list('accepted').map((id) => [id, this.pki.identity('accepted', id)]));
    const removed = [...this.ids].filter(([id, identity]) => !ids.has(id) || ids.get(id) !== identity).map(([id]) => id);
    this.ids = ids;
    if (removed.length) this.onRemoved(removed);
  }

  /** Read the folder now if it changed since the last read (before sealing a job, on salt-key's word, at start). */
  settle(): void {
    if (this.stamp() !== this.readStamp) this.read();
  }

  /**
   * Check the folder soon, and read it if it changed: at once when the last check is older than SETTLE_MS, else
   * once that much time has passed (for the request path: a removal takes effect within SETTLE_MS).
   */
  settleSoon(): void {
    if (this.timer) return;
    const wait = this.lastStampAt + SETTLE_MS - Date.now();
    if (wait <= 0) return this.settle();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.settle();
    }, wait);
    this.timer.unref();
  }

  /** The accepted ids now (the folder read again first if it changed), sorted. */
  list(): string[] {
    this.settle();
    return [...this.ids.keys()].sort();
  }

  /** Stop any pending read. */
  close(): void {
    clearTimeout(this.timer);
  }
}
