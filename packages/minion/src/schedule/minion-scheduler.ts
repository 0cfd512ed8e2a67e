/**
 * The running minion's scheduler, wired: its schedule is the minion config's
 * `schedule:` (with the jobs saved in `<config_dir>/minion.d/_schedule.conf`
 * merged over it once at start, as Salt's minion includes minion.d/*.conf,
 * and Salt's internal `__mine_interval` job) over the pillar's `schedule:`,
 * read afresh at each replan; runs go through
 * the job runner (jobs.ts) and count for maxrunning from its running jobs.
 */
import type { MinionConfig } from '@brine/core/config/minion';
import { errorMessage } from '@brine/core/errors';
import type { Pillar, ScheduleRuntime } from '@brine/core/loader/define';
import type { Logger } from '@brine/core/log';
import { isDict } from '@brine/core/python';
import { savedSchedule } from '@brine/modules/lib/schedule-file';
import { mergedSchedule } from '@brine/modules/schedule';
import type { JobRunner } from '../jobs';
import { scheduledJob } from './scheduled-job';
import { Scheduler, type BeforeRun } from './scheduler';

/** What {@link minionScheduler} needs. */
export interface MinionSchedulerOptions {
  id: string;
  config: MinionConfig;
  /** The minion's pillar now. */
  pillar: () => Pillar;
  runner: Pick<JobRunner, 'executeScheduled' | 'runningOf'>;
  log: Logger;
  /** See {@link BeforeRun}: the hook where a run may wait for, or be refused, a slot. */
  beforeRun?: BeforeRun;
}

/**
 * Merge the saved jobs into `config.schedule` (a saved file that cannot be read is logged and left out).
 * @returns the config's schedule, now holding the saved jobs
 */
export function includeSavedSchedule(config: MinionConfig, log: Logger): Record<string, unknown> {
  const base = isDict(config.schedule) ? config.schedule : {};
  try {
    config.schedule = { ...base, ...savedSchedule(config.config_dir) };
  } catch (err) {
    log.error(errorMessage(err));
    config.schedule = base;
  }
  return config.schedule;
}

/**
 * Salt's internal `__mine_interval` job in `schedule` (the config's jobs): mine.update every `mine_interval` minutes,
 * its return kept on the minion (Salt's mine_return_job default); removed when mine_enabled is False or the interval
 * 0. (The run at start is the minion's own, before its first job.)
 */
export function mineIntervalJob(config: MinionConfig, schedule: Record<string, unknown>): void {
  if (config.mine_enabled && config.mine_interval > 0) {
    schedule.__mine_interval = { function: 'mine.update', minutes: config.mine_interval, jid_include: true, maxrunning: 2, return_job: false, enabled: true };
  } else delete schedule.__mine_interval;
}

/** The minion's scheduler (not started) and the runtime the schedule module reaches it through. */
export function minionScheduler(o: MinionSchedulerOptions): { scheduler: Scheduler; runtime: ScheduleRuntime } {
  mineIntervalJob(o.config, includeSavedSchedule(o.config, o.log));
  const scheduler = new Scheduler({
    schedule: () => mergedSchedule(o.config.schedule, o.pillar().schedule, undefined),
    running: (name) => o.runner.runningOf(name),
    run: async (entry) => void (await o.runner.executeScheduled(scheduledJob(entry, o.id))),
    log: o.log,
    beforeRun: o.beforeRun,
  });
  const runtime: ScheduleRuntime = {
    changed: () => scheduler.replan(),
    runJob: (name) => scheduler.runNow(name),
    nextFireTime: (name) => scheduler.nextFireTime(name),
  };
  return { scheduler, runtime };
}
