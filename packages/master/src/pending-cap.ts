/**
 * The cap on pending minion keys, `max_minions_pre`: while pki_dir/minions_pre
 * holds that many keys, the key of a new minion is not filed (its
 * authentication is answered as pending, so it keeps asking and is filed once
 * room is made), and the master logs one warning each time the cap is
 * reached. Salt has no such cap; without it, anyone who can reach the request
 * port can file keys until the disk is full.
 *
 * The folder is counted again only when it changed (one stat) and at most
 * every {@link RECOUNT_MS}; in between, the keys filed here are added to the
 * last count. salt-key only removes pending keys, so the count can only be
 * too high for that long, never too low.
 */
import fs from 'node:fs';
import type { Logger } from '@brine/core/log';
import type { Pki } from './pki';

/** The least time between two counts of minions_pre, in ms. */
const RECOUNT_MS = 100;

/** Decides whether one more pending key may be filed. */
export class PendingCap {
  private count = 0;
  private countedAt = -Infinity;
  private stamp = '';
  /** The cap was reached and reported; reset once the count is below it again. */
  private full = false;

  /**
   * @param max the most pending keys kept (max_minions_pre)
   * @param now the clock, in ms
   */
  constructor(
    private readonly pki: Pki,
    private readonly max: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether the key of a new minion may be filed now. The first refusal after the count reached the cap
   * logs a warning; later ones do not, until the count has dropped below the cap and reached it again.
   */
  admit(): boolean {
    this.recount();
    if (this.count < this.max) {
      this.full = false;
      return true;
    }
    if (!this.full) {
      this.full = true;
      this.log.warning(
        `The number of pending minion keys reached max_minions_pre (${this.max}): keys of new minions are not filed until pending keys are accepted, rejected or deleted`,
      );
    }
    return false;
  }

  /** Count a key just filed as pending. */
  filed(): void {
    this.count++;
  }

  private recount(): void {
    const now = this.now();
    if (now - this.countedAt < RECOUNT_MS) return;
    const dir = this.pki.dir('pending');
    const st = fs.statSync(dir, { bigint: true });
    const stamp = `${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
    if (stamp === this.stamp) return;
    this.count = fs.readdirSync(dir).length;
    this.countedAt = now;
    this.stamp = stamp;
  }
}
