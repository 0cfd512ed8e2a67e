/**
 * The schedule the schedule module edits, as Salt 3006's minion-side
 * `Schedule` methods edit it (add_job, delete_job, modify_job, enable_job,
 * disable_job, enable_schedule, disable_schedule, save_schedule): the minion
 * config's jobs (`opts['schedule']`) change, the pillar's never do (Salt logs
 * "Cannot ... job X, it's in the pillar!" and leaves them), and with
 * `persist` (the default) the config's jobs are saved to
 * minion.d/_schedule.conf.
 *
 * In a running minion the config's schedule is the daemon's own (the module
 * runs in it), and each change is told to its scheduler, which plans again.
 * Without one (salt-call, salt-call --local) the config's schedule, with the
 * saved jobs merged over it, is edited and persisted: the file is what
 * changes, and the minion loads it when it starts. With `offline=True` only
 * the saved file is read and written (Salt's offline mode).
 */
import type { ExecContext, ScheduleRuntime } from '@brine/core/loader/define';
import type { Logger } from '@brine/core/log';
import { isDict } from '@brine/core/python';
import { setOwn } from '@brine/core/traverse';
import { persistSchedule, savedSchedule, type Schedule } from './schedule-file';

/** A schedule being edited (see the module note). */
export class ScheduleStore {
  /** The jobs that may change: the config's (with the saved ones), or the saved file's alone offline. */
  readonly jobs: Schedule;
  /** The pillar's jobs (none offline). */
  readonly pillar: Schedule;
  private readonly runtime?: ScheduleRuntime;
  private readonly log: Logger;

  /** @throws CommandExecutionError when the saved file cannot be read */
  constructor(private readonly ctx: ExecContext, readonly offline: boolean) {
    this.log = ctx.log;
    this.runtime = offline ? undefined : ctx.runtime?.schedule;
    if (offline) {
      this.jobs = savedSchedule(ctx.opts.config_dir);
      this.pillar = {};
      return;
    }
    const opts = isDict(ctx.opts.schedule) ? ctx.opts.schedule : {};
    // A running minion merged the saved jobs when it started; anything else reads them now.
    ctx.opts.schedule = this.runtime ? opts : { ...opts, ...savedSchedule(ctx.opts.config_dir) };
    this.jobs = ctx.opts.schedule;
    this.pillar = isDict(ctx.pillar.schedule) ? ctx.pillar.schedule : {};
  }

  /** Whether a running scheduler is behind this schedule. */
  get live(): boolean {
    return this.runtime !== undefined;
  }

  /** The scheduler reached through this store, when live. */
  get scheduler(): ScheduleRuntime | undefined {
    return this.runtime;
  }

  /** The jobs in effect: the pillar's, with the config's over them (Salt's `_get_schedule`). */
  merged(): Schedule {
    return { ...this.pillar, ...this.jobs };
  }

  /** Which side holds job `name`: the config's ('opts'), the pillar's, or neither. */
  where(name: string): 'opts' | 'pillar' | undefined {
    if (Object.hasOwn(this.jobs, name)) return 'opts';
    if (Object.hasOwn(this.pillar, name)) return 'pillar';
    return undefined;
  }

  /** Save the config's jobs to minion.d/_schedule.conf. @throws CommandExecutionError when it cannot be written */
  save(): void {
    this.log.debug('Persisting schedule');
    persistSchedule(this.ctx.opts.config_dir, this.jobs);
  }

  /** After a change: persist when asked, and tell the scheduler. */
  private changed(persist: boolean): void {
    if (persist) this.save();
    this.runtime?.changed();
  }

  /** Salt's add_job: set job `name` in the config's jobs (enabled unless it says otherwise); never a pillar job. */
  add(name: string, job: Record<string, unknown>, persist: boolean): void {
    if (Object.hasOwn(this.pillar, name) && !Object.hasOwn(this.jobs, name)) return this.log.warning(`Cannot update job ${name}, it's in the pillar!`);
    // setOwn: `__proto__` is a job name like any other (assigned, it would replace the schedule's prototype).
    setOwn(this.jobs, name, { enabled: true, ...job });
    this.changed(persist);
  }

  /** Salt's delete_job: remove job `name` from the config's jobs; a pillar job stays. */
  delete(name: string, persist: boolean): void {
    if (Object.hasOwn(this.jobs, name)) delete this.jobs[name];
    else if (Object.hasOwn(this.pillar, name)) this.log.warning(`Cannot delete job ${name}, it's in the pillar!`);
    this.changed(persist);
  }

  /** Salt's modify_job: replace job `name` of the config's jobs with `job`; a pillar job stays. */
  modify(name: string, job: Record<string, unknown>, persist: boolean): void {
    if (!Object.hasOwn(this.jobs, name) && Object.hasOwn(this.pillar, name)) return this.log.warning(`Cannot modify job ${name}, it's in the pillar!`);
    setOwn(this.jobs, name, job);
    this.changed(persist);
  }

  /** Salt's enable_job / disable_job: set `enabled` of job `name` of the config's jobs; a pillar job stays. */
  setJobEnabled(name: string, enabled: boolean, persist: boolean): void {
    const job = Object.hasOwn(this.jobs, name) ? this.jobs[name] : undefined;
    if (isDict(job)) job.enabled = enabled;
    else if (Object.hasOwn(this.pillar, name)) this.log.warning(`Cannot modify job ${name}, it's in the pillar!`);
    this.changed(persist);
  }

  /** Salt's enable_schedule / disable_schedule: the scheduler-wide `enabled` of the config's schedule. */
  setEnabled(enabled: boolean, persist: boolean): void {
    this.jobs.enabled = enabled;
    this.changed(persist);
  }

  /** Salt's reload: merge saved jobs into the config's, and tell the scheduler. */
  reload(saved: Schedule): void {
    Object.assign(this.jobs, saved);
    this.changed(false);
  }
}
