/**
 * The minion's spool of unacknowledged returns: a return the master did not
 * acknowledge at the first try (it is down, restarting, unreachable, or
 * cannot store it now) is written to `cachedir/spool/returns/<jid>.ret`
 * (msgpack, written atomically), and removed once the master acknowledges or
 * finally refuses it. What is in the spool is sent again when the publish
 * connection comes back, when the minion starts, and every minute, so a
 * return survives a master restart and a minion restart. Salt's minions keep
 * nothing: a return the master misses is lost.
 *
 * The spool is bounded by `return_spool_max` returns. A return that does not
 * fit is dropped with an error naming its jid, never silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { ensureDir, unlessGone, writeFileAtomic } from '@brine/core/paths';
import { pack, unpack } from '@brine/core/protocol/frame';
import type { ReturnLoad } from '@brine/core/protocol/v1/loads';

/** A jid as the master assigns them (Salt's 20 digits; a few more tolerated): safe as a file name. */
const JID = /^\d{1,40}$/;
const SUFFIX = '.ret';

/** Unacknowledged returns on disk, one file per jid. */
export class ReturnSpool {
  /**
   * @param dir the spool directory (created 0700 on first use)
   * @param max how many returns it holds at most (`return_spool_max`)
   */
  constructor(
    readonly dir: string,
    private readonly max: number,
    private readonly log: Logger,
  ) {}

  /**
   * Keep `ret` until {@link drop}ped. Keeping a return already kept rewrites it.
   * @returns false when it was not kept (the spool is full, the jid is malformed, or the disk refused): logged as an error
   */
  keep(ret: ReturnLoad): boolean {
    const file = this.file(ret.jid);
    if (!file) {
      this.log.error(`Return of job ${JSON.stringify(ret.jid)} dropped: its jid cannot name a spool file`);
      return false;
    }
    try {
      ensureDir(this.dir);
      if (!fs.existsSync(file) && this.names().length >= this.max) {
        this.log.error(`Return of job ${ret.jid} dropped: the return spool is full (return_spool_max: ${this.max})`);
        return false;
      }
      writeFileAtomic(file, pack(ret), 0o600);
      return true;
    } catch (err) {
      this.log.error(`Return of job ${ret.jid} dropped: cannot write it to the spool: ${errorMessage(err)}`);
      return false;
    }
  }

  /** Forget the return of `jid` (acknowledged or refused); nothing happens when it is not kept. */
  drop(jid: string): void {
    const file = this.file(jid);
    if (file) fs.rmSync(file, { force: true });
  }

  /**
   * The returns kept, oldest jid first, each read from disk only when the caller gets to it (a flush that
   * stops at the first failure reads one). A file that cannot be read back is logged as an error and removed.
   */
  *pending(): Generator<ReturnLoad> {
    for (const name of this.names().sort()) {
      const file = path.join(this.dir, name);
      let ret: ReturnLoad;
      try {
        const bytes = unlessGone(() => fs.readFileSync(file));
        if (!bytes) continue; // acknowledged and dropped since the folder was listed
        ret = unpack(bytes) as ReturnLoad;
        if (typeof ret?.jid !== 'string' || ret.jid + SUFFIX !== name) throw new Error('not a return of that jid');
      } catch (err) {
        this.log.error(`Removing unreadable spooled return ${file}: ${errorMessage(err)}`);
        fs.rmSync(file, { force: true });
        continue;
      }
      yield ret;
    }
  }

  /** The spool file of `jid`, or undefined for a malformed jid. */
  private file(jid: string): string | undefined {
    return JID.test(jid) ? path.join(this.dir, jid + SUFFIX) : undefined;
  }

  /** The names of the spool files (none when the directory does not exist). */
  private names(): string[] {
    try {
      return fs.readdirSync(this.dir).filter((n) => n.endsWith(SUFFIX) && JID.test(n.slice(0, -SUFFIX.length)));
    } catch {
      return [];
    }
  }
}
