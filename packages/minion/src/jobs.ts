/**
 * The minion's running jobs: each admitted job runs concurrently with the
 * others (a slow job never blocks the next), is listed while it runs
 * (saltutil.running), can be killed (saltutil.kill_job), and its return is
 * sent to the master, retried return_retry_tries times return_retry_timer
 * seconds apart when the master does not acknowledge it or answers that it
 * cannot store it now (error code `unavailable`).
 */
import type { MinionConfig } from '@brine/core/config/minion';
import { errorCode, errorMessage } from '@brine/core/errors';
import type { RunningJob } from '@brine/core/loader/define';
import type { Loader } from '@brine/core/loader/loader';
import type { Logger } from '@brine/core/log';
import type { JobLoad } from '@brine/core/protocol/v1/loads';
import type { MasterChannel } from './channel';
import { runJob, type ExecEnv } from './executor';

/** Runs jobs and sends their returns. */
export class JobRunner {
  private readonly running = new Map<string, { info: RunningJob; ctl: AbortController }>();

  constructor(
    private readonly loader: Loader,
    private readonly env: () => ExecEnv,
    private readonly channel: MasterChannel,
    private readonly config: MinionConfig,
    private readonly log: Logger,
    private readonly stopping: AbortSignal,
  ) {}

  /** Jobs running now, as saltutil.running lists them. */
  list(): RunningJob[] {
    return [...this.running.values()].map((r) => r.info);
  }

  /** Abort job `jid`. @returns false when it is not running */
  kill(jid: string): boolean {
    const r = this.running.get(jid);
    r?.ctl.abort();
    return r !== undefined;
  }

  /** Abort every running job (shutdown). */
  killAll(): void {
    for (const r of this.running.values()) r.ctl.abort();
  }

  /** Run `job`, then send its return; never throws. */
  async execute(job: JobLoad): Promise<void> {
    const ctl = new AbortController();
    const info: RunningJob = { jid: job.jid, fun: job.fun, arg: job.arg, tgt: job.tgt, tgt_type: job.tgt_type, user: job.user, pid: process.pid, started: Date.now() };
    this.running.set(job.jid, { info, ctl });
    this.log.info(`Executing job ${job.jid}: ${job.fun}`);
    const ret = await runJob(this.loader, job, this.env(), ctl.signal);
    this.running.delete(job.jid);
    const { return_retry_tries: tries, return_retry_timer: timer } = this.config;
    for (let attempt = 1; attempt <= tries && !this.stopping.aborted; attempt++) {
      try {
        await this.channel._return(ret, { timeoutMs: timer * 1000 });
        return;
      } catch (err) {
        if (this.stopping.aborted) return;
        // A lost message, or a master that cannot store it now (code unavailable), is worth sending again;
        // a refusal (unknown jid, key no longer accepted) is final.
        if (errorCode(err) !== 'unavailable') return this.log.warning(`Return of job ${job.jid} refused: ${errorMessage(err)}`);
        this.log.warning(`Return of job ${job.jid} failed (attempt ${attempt}/${tries}): ${errorMessage(err)}`);
      }
    }
  }
}
