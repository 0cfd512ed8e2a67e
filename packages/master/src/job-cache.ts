/**
 * The job cache: every published job's load and every minion's return, on disk
 * in an LMDB environment under `cachedir/jobs` (not Salt's file per return,
 * which exhausts inodes and makes list_jobs hang: saltstack/salt#31470, #54924).
 * LMDB commits are atomic, so a killed master never leaves a torn record.
 * Writes made in one event turn are batched into one transaction.
 *
 * Only the master opens it: the salt CLI and salt-run read through the local
 * client channel. With lmdb-js 3.5, other processes opening the environment
 * while the master wrote made acknowledged writes vanish and, later, commits
 * fail with MDB_BAD_TXN (reproduced with two bare lmdb-js processes).
 *
 * Besides loads and returns (keyed `jid/minion`), an arrival index keyed
 * `jid/sequence` lists each job's returns in the order they landed, so a
 * waiting CLI reads only what is new, and an expected index keyed
 * `jid/minion` says which minions may return for a job, without decoding its
 * load (which lists every minion).
 *
 * A write that fails (a full disk, an I/O error, a read-only or immutable
 * file) rejects with {@link JobCacheWriteError}, whose message says why as
 * far as the master can tell; nothing of it is stored, and the next write
 * is tried afresh.
 */
import fs from 'node:fs';
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { errorMessage } from '@brine/core/errors';
import { ensureDir } from '@brine/core/paths';
import type { JobRecord, NewReturns, ReturnRecord } from '@brine/core/protocol/v1/loads';


/** Separator between jid and minion id in return keys; minion ids never contain it. */
const SEP = '/';

/** The key range of one job's entries: `jid/` up to (not including) `jid0`, the character after '/'. */
function jobRange(jid: string): { start: string; end: string } {
  return { start: jid + SEP, end: jid + String.fromCharCode(SEP.charCodeAt(0) + 1) };
}

/** Digits of an arrival sequence number, so that keys sort as numbers. */
const SEQ_DIGITS = 17;

/** Free bytes below which a failed write is put down to a full file system. */
const FULL_BELOW_BYTES = 1024 * 1024;

/** The job cache could not commit a write; the message names the cause the master could find. */
export class JobCacheWriteError extends Error {}

/**
 * Why writes to the LMDB environment in `dir` may fail, as far as a check of the files can tell: a file
 * that cannot be opened for writing (read-only, immutable, gone) or a file system nearly full. LMDB itself
 * only reports "Commit failed" to JavaScript (it prints the system error on stderr).
 * @returns a phrase such as `cannot open data.mdb for writing: EPERM: operation not permitted, ...`
 */
export function diagnoseWriteFailure(dir: string): string {
  for (const name of ['data.mdb', 'lock.mdb']) {
    try {
      fs.closeSync(fs.openSync(path.join(dir, name), 'r+'));
    } catch (err) {
      return `cannot open ${name} for writing: ${errorMessage(err)}`;
    }
  }
  try {
    const { bavail, bsize } = fs.statfsSync(dir);
    if (bavail * bsize < FULL_BELOW_BYTES) return `the file system holding ${dir} is full (${bavail * bsize} bytes free)`;
  } catch (err) {
    return `cannot check the file system holding ${dir}: ${errorMessage(err)}`;
  }
  return 'the cause is on the master\'s standard error (LMDB prints it there)';
}

/** The on-disk job cache. Only the master process opens it (see the module note). */
export class JobCache {
  /**
   * Arrival sequence: microseconds since the epoch when the cache opened, plus
   * one per return, so later returns sort after earlier ones across restarts.
   */
  private seq = Date.now() * 1000;

  private constructor(
    private readonly dir: string,
    private readonly root: RootDatabase,
    private readonly loads: Database<JobRecord, string>,
    private readonly rets: Database<ReturnRecord, string>,
    private readonly arrivals: Database<string, string>,
    private readonly expected: Database<string, string>,
  ) {}

  /** Returns being written, by `jid/minion`: a copy arriving meanwhile waits for the first instead of writing again. */
  private readonly storing = new Map<string, Promise<boolean>>();

  /** Open, creating it if needed, the cache under `cachedir/jobs`. */
  static open(cachedir: string): JobCache {
    const dir = path.join(cachedir, 'jobs');
    ensureDir(dir);
    const root = open({ path: dir, maxDbs: 5, compression: false, mapSize: 64 * 1024 ** 3 });
    const loads = root.openDB<JobRecord, string>({ name: 'loads', encoding: 'msgpack' });
    const rets = root.openDB<ReturnRecord, string>({ name: 'returns', encoding: 'msgpack' });
    const arrivals = root.openDB<string, string>({ name: 'arrivals', encoding: 'string' });
    const expected = root.openDB<string, string>({ name: 'expected', encoding: 'string' });
    return new JobCache(dir, root, loads, rets, arrivals, expected);
  }

  /**
   * Store a job's load, and its minions as the job's expected set; resolves once committed.
   * @throws JobCacheWriteError when the write fails (a full disk, an I/O error, a read-only file)
   */
  async saveLoad(job: JobRecord): Promise<void> {
    await this.committed(Promise.all([this.loads.put(job.jid, job), ...job.minions.map((id) => this.expected.put(job.jid + SEP + id, ''))]));
  }

  /** `write`, with a failure turned into a {@link JobCacheWriteError} that says why. */
  private async committed<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (err) {
      throw new JobCacheWriteError(`${errorMessage(err)}: ${diagnoseWriteFailure(this.dir)}`);
    }
  }

  /** The stored load of `jid`, or undefined. */
  load(jid: string): JobRecord | undefined {
    return this.loads.get(jid);
  }

  /** The jobs with a jid at or after `since`, oldest first. */
  recentJobs(since: string): JobRecord[] {
    return [...this.loads.getRange({ start: since })].map((e) => e.value);
  }

  /** True when a return of `id` for `jid` is stored (a key lookup). */
  hasReturn(jid: string, id: string): boolean {
    return this.rets.doesExist(jid + SEP + id);
  }

  /** True when `id` is in the expected set of `jid` (a key lookup). */
  isExpected(jid: string, id: string): boolean {
    return this.expected.doesExist(jid + SEP + id);
  }

  /**
   * Add `id` to the expected set of `jid`: a minion the master did not list at publish time whose target
   * matches now (a key accepted later, or a greedy target).
   */
  async expect(jid: string, id: string): Promise<void> {
    await this.committed(this.expected.put(jid + SEP + id, ''));
  }

  /** True when `jid` is in the cache (a key lookup: the load is not decoded, so this stays cheap however many minions it lists). */
  hasJob(jid: string): boolean {
    return this.loads.doesExist(jid);
  }

  /**
   * Store one minion's return, once: a return already stored for the same jid
   * and minion (a retry whose acknowledgement was lost, or a replay) is not
   * written again, and the first one stays. Resolves once committed, with its
   * arrival entry in the same transaction.
   * @returns true when this call stored it, false when it was already stored
   * @throws JobCacheWriteError when the write fails (nothing is stored then, and a retry may succeed)
   */
  saveReturn(ret: ReturnRecord): Promise<boolean> {
    const key = ret.jid + SEP + ret.id;
    const pending = this.storing.get(key);
    if (pending) return pending.then(() => false, () => this.saveReturn(ret));
    if (this.rets.doesExist(key)) return Promise.resolve(false);
    const seq = String(++this.seq).padStart(SEQ_DIGITS, '0');
    const write = this.committed(Promise.all([this.rets.put(key, ret), this.arrivals.put(ret.jid + SEP + seq, ret.id)])).then(() => true);
    this.storing.set(key, write);
    const done = () => this.storing.delete(key);
    write.then(done, done);
    return write;
  }

  /** The returns stored for `jid` so far, by minion id. */
  returns(jid: string): Map<string, ReturnRecord> {
    const out = new Map<string, ReturnRecord>();
    for (const { value } of this.rets.getRange(jobRange(jid))) {
      out.set(value.id, value);
    }
    return out;
  }

  /**
   * Returns of `jid` that landed after `cursor`, in arrival order: the cost is
   * the number of new returns, whatever the number already read.
   * @param cursor from an earlier call; omitted (or another job's), every
   *   return of the job, one per minion in minion id order, as {@link returns}
   */
  returnsAfter(jid: string, cursor?: string): NewReturns {
    const range = jobRange(jid);
    if (!cursor?.startsWith(range.start)) {
      const [last] = this.arrivals.getKeys({ start: range.end, end: range.start, reverse: true, limit: 1 });
      return { returns: [...this.returns(jid).values()], cursor: last ?? '' };
    }
    const returns: ReturnRecord[] = [];
    let last = cursor;
    for (const { key, value: id } of this.arrivals.getRange({ start: cursor, end: range.end })) {
      if (key === cursor) continue;
      last = key;
      const ret = this.rets.get(jid + SEP + id);
      if (ret) returns.push(ret);
    }
    return { returns, cursor: last };
  }

  /**
   * The newest jobs, in jid order (oldest first).
   * @param limit how many jobs at most; the newest are kept
   */
  listJobs(limit = Infinity): JobRecord[] {
    const newestFirst = this.loads.getRange({ reverse: true, limit: Number.isFinite(limit) ? limit : undefined });
    return [...newestFirst].map((e) => e.value).reverse();
  }

  /**
   * Remove jobs (loads and returns) with a jid before `cutoffJid` (Salt's keep_jobs cleanup).
   * @returns the number of jobs removed
   */
  async removeBefore(cutoffJid: string): Promise<number> {
    const jids = [...this.loads.getKeys({ end: cutoffJid })];
    const removals = jids.flatMap((jid) => [
      this.loads.remove(jid),
      ...[...this.rets.getKeys(jobRange(jid))].map((k) => this.rets.remove(k)),
      ...[...this.arrivals.getKeys(jobRange(jid))].map((k) => this.arrivals.remove(k)),
      ...[...this.expected.getKeys(jobRange(jid))].map((k) => this.expected.remove(k)),
    ]);
    await this.committed(Promise.all(removals));
    return jids.length;
  }

  /** Close the environment. */
  async close(): Promise<void> {
    await this.root.close();
  }
}
