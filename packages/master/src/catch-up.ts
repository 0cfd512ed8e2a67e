/**
 * Late delivery of jobs to minions that were not connected to the publish
 * port when a job went out (after a master restart, or a network cut). A
 * minion asks with `_missed_jobs` each time its publish connection comes
 * back; the master answers with the jobs still within their delivery window
 * that expect it and hold no return from it. The minion runs each through
 * its own target match and replay guard, so a job it already ran (or is
 * running) is never run twice.
 *
 * A job's delivery window is the time its publisher may still be waiting for
 * it: `to` (the salt CLI's timeout; the master's `timeout` when absent) plus
 * `gather_job_timeout`, at most {@link MAX_WINDOW_S}. A minion reconnecting
 * later does not run it: a command run long after the admin was told it did
 * not return would surprise more than it helps. Salt's minions never ask for
 * missed jobs.
 *
 * The open jobs (jid, deadline, and the load once a minion asked for it,
 * without its list of expected minions) are kept in memory in publish order,
 * and read back from the job cache when the master starts, so a restart
 * loses none. Closed jobs are dropped at each publish and each question.
 */
import { formatJid } from '@brine/core/jid';
import { pack } from '@brine/core/protocol/frame';
import type { JobLoad } from '@brine/core/protocol/v1/loads';
import type { MissedJobs } from '@brine/core/protocol/v1/minion-requests';
import type { JobCache } from './job-cache';

/** The longest delivery window, in seconds, whatever a job's timeout. */
export const MAX_WINDOW_S = 3600;

/** Jobs in one `_missed_jobs` answer, at most. */
export const MISSED_PER_REPLY = 50;

/**
 * Packed bytes of the loads in one `_missed_jobs` answer, at most, unless its first job alone is larger: a
 * job's arguments may be megabytes, and 50 of them must not make an answer past the 16 MiB frame limit.
 */
export const MISSED_BYTES_PER_REPLY = 4 * 1024 * 1024;

/** Master timeouts the delivery window is made of, in seconds (master config keys). */
export interface Timeouts {
  timeout: number;
  gather_job_timeout: number;
}

/** A job still within its delivery window. */
interface Open {
  jid: string;
  /** Milliseconds since the epoch. */
  deadline: number;
  /** Its load, read from the job cache the first time a minion missed it (the record lists every minion). */
  load?: JobLoad;
  /** The load's packed size in bytes, measured with it. */
  bytes?: number;
}

/** Which recent jobs a reconnecting minion missed (see the module note). */
export class CatchUp {
  /** Open jobs in jid order (the order they were published). */
  private open: Open[] = [];

  constructor(
    private readonly cache: Pick<JobCache, 'isExpected' | 'hasReturn' | 'load' | 'recentJobs'>,
    private readonly timeouts: Timeouts,
    private readonly now: () => number = Date.now,
  ) {}

  /** Read back the jobs of the last {@link MAX_WINDOW_S} seconds still within their window (at master start). */
  restore(): void {
    const since = formatJid(new Date(this.now() - MAX_WINDOW_S * 1000));
    // A scheduled job's record comes with its return: there is nothing to deliver.
    for (const job of this.cache.recentJobs(since)) if (job.schedule === undefined) this.opened(job);
  }

  /** Track a job just published (its load is in the job cache). */
  opened(job: { jid: string; started: number; to?: number }): void {
    const now = this.now();
    const deadline = job.started + this.windowS(job.to) * 1000;
    this.prune(now);
    if (deadline <= now) return;
    // Publications finish storing in any order; keep jid order so answers page by jid.
    let i = this.open.length;
    while (i > 0 && this.open[i - 1].jid > job.jid) i--;
    this.open.splice(i, 0, { jid: job.jid, deadline });
  }

  /** True when some job is still within its delivery window (one a minion may have missed). */
  anyOpen(): boolean {
    this.prune(this.now());
    return this.open.length > 0;
  }

  /**
   * The jobs after `after` that minion `id` may have missed, oldest first: at most {@link MISSED_PER_REPLY}
   * jobs and {@link MISSED_BYTES_PER_REPLY} bytes of loads (always at least one job when there is one).
   * @param after a jid from an earlier answer (from the oldest open job when absent)
   */
  missedBy(id: string, after = ''): MissedJobs {
    this.prune(this.now());
    const jobs: JobLoad[] = [];
    let bytes = 0;
    for (const open of this.open) {
      const { jid } = open;
      if (jid <= after || !this.cache.isExpected(jid, id) || this.cache.hasReturn(jid, id)) continue;
      if (jobs.length === MISSED_PER_REPLY) return { jobs, more: true };
      if (!open.load) {
        open.load = this.loadOf(jid);
        open.bytes = open.load ? pack(open.load).length : 0;
      }
      if (!open.load) continue;
      const size = open.bytes ?? 0;
      if (jobs.length > 0 && bytes + size > MISSED_BYTES_PER_REPLY) return { jobs, more: true };
      jobs.push(open.load);
      bytes += size;
    }
    return { jobs, more: false };
  }

  /** Forget the jobs whose window has closed. */
  private prune(now: number): void {
    if (this.open.some((j) => j.deadline <= now)) this.open = this.open.filter((j) => j.deadline > now);
  }

  /** The stored load of `jid` without the job cache's own fields, or undefined when it is gone. */
  private loadOf(jid: string): JobLoad | undefined {
    const record = this.cache.load(jid);
    if (!record) return undefined;
    const { started: _started, minions: _minions, ...load } = record;
    return load;
  }

  /** The delivery window of a job published with timeout `to`, in seconds. */
  private windowS(to: number | undefined): number {
    return Math.min((to ?? this.timeouts.timeout) + this.timeouts.gather_job_timeout, MAX_WINDOW_S);
  }
}
