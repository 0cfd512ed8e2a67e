/**
 * The minion's scheduler (Salt's salt/utils/schedule.py, 3006): runs the jobs
 * of the schedule (the minion config's `schedule:`, with the jobs saved in
 * `minion.d/_schedule.conf`, over the pillar's) at their fire times
 * (fire-time.ts), through the minion's normal job path, so they show in
 * saltutil.running, can be killed, and return to the master.
 *
 * One timer for the whole scheduler, armed for the earliest fire time (and at
 * most {@link MAX_SLEEP_MS} ahead, so a clock change is noticed): a minion
 * with no schedule, or with the scheduler disabled (`enabled: False` at the
 * schedule's top), has no timer at all. The plan is made again when the
 * schedule changes ({@link Scheduler.replan}: pillar refresh, the schedule
 * module); a job whose settings did not change keeps its fire time.
 *
 * Before a job starts: it is skipped when disabled, outside its range,
 * before `after` or past `until`, or when `maxrunning` of its runs are
 * running already (counted from the minion's running jobs, as Salt counts
 * with saltutil.running); then {@link BeforeRun}, the one hook where a run
 * may wait or be refused (the fleet-wide concurrency cap uses it).
 */
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { isDict } from '@brine/core/python';
import { parseEntry, type ScheduleEntry } from './entry';
import { firstDue, nextDue, skipReason, splayMs } from './fire-time';

/** The longest the scheduler's timer sleeps, in ms, so a change of the wall clock is noticed within it. */
export const MAX_SLEEP_MS = 60_000;

/** Top-level keys of a schedule that are scheduler settings, not jobs. */
const SETTINGS = new Set(['enabled', 'skip_function', 'skip_during_range']);

/**
 * Called once a run of `entry` is due and allowed, before it starts. Resolves with a release function, called
 * once when the run ended (whatever its outcome), or with 'skip' to not run it this time. Must not reject (a
 * rejection is logged and the run skipped).
 */
export type BeforeRun = (entry: ScheduleEntry) => Promise<(() => void) | 'skip'>;

/** What the scheduler needs from the minion. */
export interface SchedulerDeps {
  /** The schedule now: job name -> settings, and the scheduler's own settings (`enabled`). */
  schedule: () => Record<string, unknown>;
  /** Start a run of `entry` through the minion's job path; resolves when the function ended. Never rejects. */
  run: (entry: ScheduleEntry) => Promise<void>;
  /** How many runs of job `name` the minion is running now. */
  running: (name: string) => number;
  log: Logger;
  beforeRun?: BeforeRun;
  /** The clock, in ms since the epoch (Date.now). */
  now?: () => number;
  /** Random numbers in [0, 1) for splay (Math.random). */
  random?: () => number;
}

/** A job as planned: its settings (to notice a change), the entry read from them, and its next fire time. */
interface Planned {
  settings: string;
  entry?: ScheduleEntry;
  /** When it is due, before splay; undefined: never again. */
  due?: number;
  /** When it fires: `due` plus a splay drawn once per fire time. */
  fireAt?: number;
}

/** Runs a schedule (see the module note). */
export class Scheduler {
  private plan = new Map<string, Planned>();
  private timer?: NodeJS.Timeout;
  private stopped = true;
  /** The schedule's top-level `enabled` (Salt's scheduler-wide switch): false, no job fires. */
  private enabled = true;
  /** Runs started and waiting on {@link BeforeRun}, by job name (they count for maxrunning). */
  private readonly waiting = new Map<string, number>();
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
  }

  /** Start: plan the schedule and arm the timer (jobs with run_on_start fire now). */
  start(): void {
    this.stopped = false;
    this.replan();
  }

  /** Stop: disarm the timer; running jobs are the job runner's to stop. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Read the schedule again (it changed: a pillar refresh, the schedule module): new and changed jobs are planned
   * afresh, unchanged ones keep their fire times, removed ones are dropped. Invalid jobs are logged and skipped.
   */
  replan(): void {
    let schedule: Record<string, unknown>;
    try {
      schedule = this.deps.schedule();
    } catch (err) {
      this.deps.log.error(`The schedule cannot be read: ${errorMessage(err)}`);
      schedule = {};
    }
    const now = this.now();
    const next = new Map<string, Planned>();
    for (const [name, job] of Object.entries(schedule)) {
      if (SETTINGS.has(name)) continue;
      const settings = JSON.stringify(job);
      const old = this.plan.get(name);
      if (old?.settings === settings) {
        next.set(name, old);
        continue;
      }
      const entry = parseEntry(name, isDict(job) ? { ...job, name } : job);
      if (typeof entry === 'string') {
        this.deps.log.error(`Scheduled job skipped: ${entry}`);
        next.set(name, { settings });
        continue;
      }
      const due = firstDue(entry, now);
      next.set(name, { settings, entry, due, fireAt: this.withSplay(entry, due) });
    }
    this.plan = next;
    this.enabled = !(schedule.enabled === false || schedule.enabled === 'false' || schedule.enabled === 'False');
    this.arm();
  }

  /** Job `name`'s next fire time (ms since the epoch) before splay, as Salt's `_next_fire_time`; undefined when it has none. */
  nextFireTime(name: string): number | undefined {
    return this.plan.get(name)?.due;
  }

  /**
   * Run job `name` now, outside its fire times (schedule.run_job), subject to maxrunning and {@link BeforeRun}.
   * @returns false when there is no such valid job
   */
  runNow(name: string): boolean {
    const entry = this.plan.get(name)?.entry;
    if (!entry) return false;
    void this.fire(entry);
    return true;
  }

  private withSplay(entry: ScheduleEntry, due: number | undefined): number | undefined {
    return due === undefined ? undefined : due + splayMs(entry.splay, this.random);
  }

  /** Arm the one timer for the earliest fire time, or none when nothing is planned or the scheduler is disabled. */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || !this.enabled) return;
    let earliest = Infinity;
    for (const p of this.plan.values()) if (p.fireAt !== undefined && p.fireAt < earliest) earliest = p.fireAt;
    if (earliest === Infinity) return;
    const wait = Math.min(Math.max(0, earliest - this.now()), MAX_SLEEP_MS);
    this.timer = setTimeout(() => this.tick(), wait).unref();
  }

  /** Fire every job due now, plan its next fire time, and re-arm. */
  private tick(): void {
    this.timer = undefined;
    const now = this.now();
    for (const p of this.plan.values()) {
      if (!p.entry || p.fireAt === undefined || p.fireAt > now) continue;
      const reason = skipReason(p.entry, now);
      if (reason) this.deps.log.debug(`Scheduled job ${p.entry.name} skipped: ${reason}`);
      else void this.fire(p.entry);
      // Salt's scheduler counts the next interval from the run; a due time missed while the clock jumped is not caught up.
      p.due = nextDue(p.entry, p.entry.timing.kind === 'interval' ? now : Math.max(now, p.due ?? now));
      p.fireAt = this.withSplay(p.entry, p.due);
    }
    this.arm();
  }

  /** Start one run of `entry` unless maxrunning of its runs are running; through beforeRun. Never rejects. */
  private async fire(entry: ScheduleEntry): Promise<void> {
    const { log } = this.deps;
    const name = entry.name;
    const count = this.deps.running(name) + (this.waiting.get(name) ?? 0);
    if (count >= entry.maxrunning) {
      log.info(`The scheduled job ${name} was not started, ${entry.maxrunning} already running`);
      return;
    }
    let release: (() => void) | 'skip' = () => undefined;
    if (this.deps.beforeRun) {
      this.waiting.set(name, (this.waiting.get(name) ?? 0) + 1);
      try {
        release = await this.deps.beforeRun(entry);
      } catch (err) {
        log.warning(`The scheduled job ${name} was not started: ${errorMessage(err)}`);
        release = 'skip';
      } finally {
        const left = (this.waiting.get(name) ?? 1) - 1;
        if (left > 0) this.waiting.set(name, left);
        else this.waiting.delete(name);
      }
      if (release === 'skip') {
        log.info(`The scheduled job ${name} was not started this time (refused before its run)`);
        return;
      }
    }
    if (this.stopped) return release();
    const done = release;
    await this.deps.run(entry).finally(done);
  }
}
