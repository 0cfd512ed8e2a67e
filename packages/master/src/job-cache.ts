/**
 * The job cache: every published job's load and every minion's return, on disk
 * in an LMDB environment under `cachedir/jobs` (not Salt's file per return,
 * which exhausts inodes and makes list_jobs hang: saltstack/salt#31470, #54924).
 * LMDB commits are atomic, so a killed master never leaves a torn record, and
 * other processes (the salt CLI, salt-run) read while the master writes.
 * Writes made in one event turn are batched into one transaction.
 */
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { ensureDir } from '@brine/core/paths';
import type { JobLoad, ReturnLoad } from '@brine/core/protocol/messages';

/** What the cache holds for a job: its publish load, start time (ms) and the minions expected to answer. */
export interface JobRecord extends JobLoad {
  started: number;
  minions: string[];
}

/** What the cache holds for one minion's return; `stamp` is when the master stored it (ms). */
export interface ReturnRecord extends ReturnLoad {
  stamp: number;
}

/** Separator between jid and minion id in return keys; minion ids never contain it. */
const SEP = '/';

/** The key range of one job's returns: `jid/` up to (not including) `jid0`, the character after '/'. */
function returnRange(jid: string): { start: string; end: string } {
  return { start: jid + SEP, end: jid + String.fromCharCode(SEP.charCodeAt(0) + 1) };
}

/** The on-disk job cache. Open one per process; it is safe to share between processes. */
export class JobCache {
  private constructor(
    private readonly root: RootDatabase,
    private readonly loads: Database<JobRecord, string>,
    private readonly rets: Database<ReturnRecord, string>,
  ) {}

  /**
   * Open (the master creates) the cache under `cachedir/jobs`.
   * @param readOnly open for reading only (CLIs); the environment must exist
   * @throws Error when a read-only open finds no cache (the master never ran with this cachedir)
   */
  static open(cachedir: string, readOnly = false): JobCache {
    const dir = path.join(cachedir, 'jobs');
    if (!readOnly) ensureDir(dir);
    const root = open({ path: dir, readOnly, maxDbs: 4, maxReaders: 1024, compression: false, mapSize: 64 * 1024 ** 3 });
    const loads = root.openDB<JobRecord, string>({ name: 'loads', encoding: 'msgpack' });
    const rets = root.openDB<ReturnRecord, string>({ name: 'returns', encoding: 'msgpack' });
    return new JobCache(root, loads, rets);
  }

  /** Store a job's load; resolves once committed. */
  async saveLoad(job: JobRecord): Promise<void> {
    await this.loads.put(job.jid, job);
  }

  /** True when `jid` is in the cache (a key lookup: the load is not decoded, so this stays cheap however many minions it lists). */
  hasJob(jid: string): boolean {
    return this.loads.doesExist(jid);
  }

  /** A job's load, or undefined for an unknown jid. */
  getLoad(jid: string): JobRecord | undefined {
    return this.loads.get(jid);
  }

  /** Store one minion's return (a second return for the same jid and minion replaces the first); resolves once committed. */
  async saveReturn(ret: ReturnRecord): Promise<void> {
    await this.rets.put(ret.jid + SEP + ret.id, ret);
  }

  /** The returns stored for `jid` so far, by minion id. Reads the latest committed state. */
  returns(jid: string): Map<string, ReturnRecord> {
    this.root.resetReadTxn();
    const out = new Map<string, ReturnRecord>();
    for (const { value } of this.rets.getRange(returnRange(jid))) {
      out.set(value.id, value);
    }
    return out;
  }

  /**
   * Returns of `jid` stored since the caller last looked, in key order: only
   * keys are scanned, and only unseen returns are decoded.
   * @param seen minion ids already handed over (not modified)
   */
  newReturns(jid: string, seen: ReadonlySet<string>): ReturnRecord[] {
    this.root.resetReadTxn();
    const out: ReturnRecord[] = [];
    const prefix = jid.length + SEP.length;
    for (const key of this.rets.getKeys(returnRange(jid))) {
      if (seen.has(key.slice(prefix))) continue;
      const ret = this.rets.get(key);
      if (ret) out.push(ret);
    }
    return out;
  }

  /**
   * The newest jobs, in jid order (oldest first).
   * @param limit how many jobs at most; the newest are kept
   */
  listJobs(limit = Infinity): JobRecord[] {
    this.root.resetReadTxn();
    const newestFirst = this.loads.getRange({ reverse: true, limit: Number.isFinite(limit) ? limit : undefined });
    return [...newestFirst].map((e) => e.value).reverse();
  }

  /**
   * Remove jobs (loads and returns) with a jid before `cutoffJid` (Salt's keep_jobs cleanup).
   * @returns the number of jobs removed
   */
  async removeBefore(cutoffJid: string): Promise<number> {
    const jids = [...this.loads.getKeys({ end: cutoffJid })];
    const removals = jids.flatMap((jid) => [this.loads.remove(jid), ...[...this.rets.getKeys(returnRange(jid))].map((k) => this.rets.remove(k))]);
    await Promise.all(removals);
    return jids.length;
  }

  /** Close the environment. */
  async close(): Promise<void> {
    await this.root.close();
  }
}
