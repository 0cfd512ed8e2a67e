/**
 * The minion's running jobs: each admitted job runs concurrently with the
 * others (a slow job never blocks the next), is listed while it runs
 * (saltutil.running), can be killed (saltutil.kill_job), and its return is
 * sent to the master, retried return_retry_tries times return_retry_timer
 * seconds apart when the master does not acknowledge it. A return not
 * acknowledged at the first try goes to the on-disk spool (return-spool.ts)
 * until the master acknowledges it or refuses it for good (the job did not
 * expect this minion, or is unknown to the master), so nothing is lost while
 * the master is away. A job naming returners (`ret`) also sends a copy of
 * its return to them (returner-dispatch.ts).
 *
 * At most {@link RETURNS_IN_FLIGHT} returns await the master's answer at a
 * time; the rest wait their turn on the minion, and a return's
 * return_retry_timer starts when it is sent. Without that bound, a minion that
 * finished 200 jobs at once sent 200 returns at once, a fleet doing so queued
 * more at the master than it answers in return_retry_timer, and every return
 * the master had not answered yet was sent again, which queued still more
 * (a run of 20,000 returns cost up to 32,366 requests). Once a send fails,
 * the returns waiting their turn are spooled at once, so a master that is
 * away leaves none of them only in memory for longer than before.
 * When the minion stops, it aborts its jobs and waits for them to end, which
 * for a command means its whole process group is killed
 * (modules/lib/process-group.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { MinionConfig } from '@brine/core/config/minion';
import { errorCode, errorMessage } from '@brine/core/errors';
import type { RunningJob } from '@brine/core/loader/define';
import type { Loader } from '@brine/core/loader/loader';
import type { Logger } from '@brine/core/log';
import type { JobLoad, ReturnLoad } from '@brine/core/protocol/v1/loads';
import { KILL_GRACE_MS } from '@brine/modules/lib/process-group';
import type { MasterChannel } from './channel';
import { runJob, type ExecEnv } from './executor';
import { refusedReturn, type MinionPublisherAcl } from './publisher-acl';
import type { ReturnerDispatch } from './returner-dispatch';
import type { ReturnSpool } from './return-spool';
import type { ScheduledJob } from './schedule/scheduled-job';

/** The master's answers that mean "never": this return will not be stored, whoever sends it again. */
const FINAL_REFUSALS = new Set(['denied', 'invalid', 'not_found']);

/** Returns sent to the master and not yet answered, at most (see the module note). */
export const RETURNS_IN_FLIGHT = 4;

/** How long, in ms, a stopping minion waits for its aborted jobs: past the grace of a process group's SIGTERM. */
const STOP_WAIT_MS = KILL_GRACE_MS + 1000;

/** A job while it runs: what saltutil.running shows, its abort, and its end (set once it started). */
interface Running {
  info: RunningJob;
  ctl: AbortController;
  ended?: Promise<unknown>;
}

/** Runs jobs and sends their returns. */
export class JobRunner {
  private readonly running = new Map<string, Running>();
  /** Jids whose return is being sent now, so a spool flush does not send it alongside. */
  private readonly sending = new Set<string>();
  private flushing?: Promise<void>;
  /** Sends a return when fewer than RETURNS_IN_FLIGHT are awaiting the master's answer. */
  private readonly inFlight = pLimit(RETURNS_IN_FLIGHT);
  /**
   * Returns waiting for a slot, by jid, with how to spool each: once an attempt fails (the master may be
   * away), they are all written to the spool at once rather than held in memory until their turn.
   */
  private readonly waitingForSlot = new Map<string, () => void>();

  constructor(
    private readonly loader: Loader,
    private readonly env: () => ExecEnv,
    private readonly channel: MasterChannel,
    private readonly spool: ReturnSpool,
    private readonly config: MinionConfig,
    private readonly log: Logger,
    private readonly stopping: AbortSignal,
    private readonly returners?: ReturnerDispatch,
    /** The minion's minion_publisher_acl, when set: published jobs it refuses do not run. */
    private readonly publisherAcl?: MinionPublisherAcl,
  ) {}

  /** Jobs running now, as saltutil.running lists them: the newest first. */
  list(): RunningJob[] {
    return [...this.running.values()].map((r) => r.info).reverse();
  }

  /** How many runs of schedule job `name` are running now (what maxrunning counts). */
  runningOf(name: string): number {
    let n = 0;
    for (const r of this.running.values()) if (r.info.schedule === name) n++;
    return n;
  }

  /** Abort job `jid`. @returns false when it is not running */
  kill(jid: string): boolean {
    const r = this.running.get(jid);
    r?.ctl.abort();
    return r !== undefined;
  }

  /**
   * Abort every running job (shutdown) and wait for them to end: a command's process group is killed first.
   * @returns once every job ended, or after STOP_WAIT_MS for a function that ignores its abort signal
   */
  async killAll(): Promise<void> {
    const jobs = [...this.running.values()];
    for (const r of jobs) r.ctl.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(jobs.map((r) => r.ended)), new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /**
   * Run a job the master published (or catch-up fetched), then send its return; never throws. A job the
   * minion_publisher_acl refuses does not run: it is logged, and its return says why (retcode 1, success false),
   * so the one who published it sees the refusal rather than a minion that did not return. Its returners get
   * nothing: they are the job's choice, and a returner is code that runs here.
   */
  async execute(job: JobLoad): Promise<void> {
    const refusal = this.publisherAcl?.refusal(job);
    if (refusal !== undefined) {
      this.log.warning(`Refusing job ${job.jid}: ${refusal}${job.acl ? ` (the master allowed it by rule ${job.acl.rule})` : ''}`);
      await this.deliver(refusedReturn(job, this.config.id, refusal), this.config.return_retry_tries, false);
      return;
    }
    const ret = await this.run(job);
    // A copy to the returners the job names (--return), never waited on.
    void this.returners?.dispatch(job, ret);
    await this.deliver(ret, this.config.return_retry_tries, false);
  }

  /**
   * Run a job of the minion's scheduler (schedule/scheduled-job.ts built it, with a jid made on the minion), listed
   * in saltutil.running with its `schedule` name; never throws. The minion_publisher_acl does not judge it: no
   * publisher asked for it.
   * @returns once the function ended, with its return; the return goes on to the master in the background (spooled
   *   as any return) unless `scheduled.returnJob` is false (Salt's `return_job: False`)
   */
  async executeScheduled(scheduled: ScheduledJob): Promise<ReturnLoad> {
    const ret = { ...(await this.run(scheduled.job, scheduled.schedule)), ...scheduled.returnFields };
    // A copy to the entry's returner (its `ret`), never waited on, whether or not the master gets the return.
    void this.returners?.dispatch(scheduled.job, ret);
    if (scheduled.returnJob) void this.deliver(ret, this.config.return_retry_tries, false);
    return ret;
  }

  /** Run `job` while listing it as running; resolves with its return. */
  private async run(job: JobLoad, schedule?: string): Promise<ReturnLoad> {
    const ctl = new AbortController();
    const info: RunningJob = {
      jid: job.jid, fun: job.fun, arg: job.arg, tgt: job.tgt, tgt_type: job.tgt_type, user: job.user, pid: process.pid, ret: job.ret ?? '',
      ...(schedule !== undefined ? { schedule } : {}),
    };
    const entry: Running = { info, ctl };
    this.running.set(job.jid, entry);
    this.log.info(`Executing ${schedule !== undefined ? `scheduled job ${schedule} as ` : ''}job ${job.jid}: ${job.fun}`);
    const ended = runJob(this.loader, job, this.env(), ctl.signal);
    entry.ended = ended;
    const ret = await ended;
    this.running.delete(job.jid);
    return ret;
  }

  /**
   * Send the spooled returns again, oldest first, one try each, stopping at the first the master does not
   * acknowledge (it is still away). One flush at a time; never throws.
   */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      for (const ret of this.spool.pending()) {
        if (this.stopping.aborted) return;
        if (this.sending.has(ret.jid)) continue;
        if (!(await this.deliver(ret, 1, true))) return;
      }
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /**
   * Send `ret` up to `tries` times, return_retry_timer seconds apart (an attempt the master answers at once
   * with "cannot store it now" waits out the rest of the interval), keeping it in the spool from the first
   * failure until it is acknowledged or finally refused.
   * @param spooled whether it is in the spool already
   * @returns true once the master acknowledged or finally refused it; false when it is (still) in the spool
   */
  private async deliver(ret: ReturnLoad, tries: number, spooled: boolean): Promise<boolean> {
    this.sending.add(ret.jid);
    try {
      const intervalMs = this.config.return_retry_timer * 1000;
      const spoolNow = () => {
        if (spooled || !this.spool.keep(ret)) return;
        spooled = true;
        this.log.info(`Return of job ${ret.jid} kept in the spool until the master acknowledges it`);
      };
      for (let attempt = 1; attempt <= tries && !this.stopping.aborted; attempt++) {
        let sent = Date.now();
        this.waitingForSlot.set(ret.jid, spoolNow);
        try {
          await this.inFlight(() => {
            this.waitingForSlot.delete(ret.jid);
            sent = Date.now();
            return this.channel._return(ret, { timeoutMs: intervalMs });
          });
          if (spooled) this.spool.drop(ret.jid);
          return true;
        } catch (err) {
          if (this.stopping.aborted) break;
          if (FINAL_REFUSALS.has(errorCode(err))) {
            this.log.warning(`Return of job ${ret.jid} refused: ${errorMessage(err)}`);
            if (spooled) this.spool.drop(ret.jid);
            return true;
          }
          this.log.warning(`Return of job ${ret.jid} failed (attempt ${attempt}/${tries}): ${errorMessage(err)}`);
          // The master may be away: this return, and those waiting for a slot behind it, go to disk now.
          spoolNow();
          for (const waiting of [...this.waitingForSlot.values()]) waiting();
          if (attempt < tries) await sleep(Math.max(0, sent + intervalMs - Date.now()), undefined, { signal: this.stopping }).catch(() => undefined);
        }
      }
      // Stopping before the master acknowledged it: keep it for the next start rather than lose it.
      if (!spooled && this.stopping.aborted && this.spool.keep(ret)) this.log.info(`Return of job ${ret.jid} kept in the spool: the minion is stopping`);
      return false;
    } finally {
      this.waitingForSlot.delete(ret.jid);
      this.sending.delete(ret.jid);
    }
  }
}
